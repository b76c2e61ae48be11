import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import writeFileAtomic from 'write-file-atomic';
import { CodedError, toErrorInfo } from '../../core/errors';
import { parseInventoryCsv } from '../../core/inventory/csv-import';
import { resolveDataDir } from '../../core/inventory/data-dir';
import { InventoryStore, type ImportResult } from '../../core/inventory/inventory-store';
import { KnownDevices } from '../../core/inventory/known-devices';
import type { CsvProblem, InventoryController } from '../../../shared/inventory';
import { errorJson, printError } from '../output';
import { terminalJson, terminalLines, terminalText } from '../terminal-text';

interface DataDirFlags {
  dataDir?: string;
  json?: boolean;
}

/** `inventory import | list | export`: the controllers kept on this laptop, in and out of CSV. */
export function registerInventory(program: Command): void {
  const inventory = program.command('inventory').description('The controllers kept on this laptop: import a CSV, list them, export them.');
  inventory
    .command('import')
    .description('Import controllers from a CSV (name,host,port,site,username,fingerprint,credential,target). Nothing is imported while the file has a problem.')
    .argument('<file>', 'CSV file, UTF-8, separated by , or ;')
    .option('--update', 'replace controllers already in the inventory with the CSV\'s values')
    .option('--data-dir <dir>', 'folder of the inventory and trusted controllers')
    .option('--json', 'print one JSON object on stdout')
    .action(async (file: string, flags: DataDirFlags & { update?: boolean }) => {
      process.exitCode = await guarded(flags, () => importCommand(file, flags));
    });
  inventory
    .command('list')
    .description('List the controllers of the inventory, with their certificate pin state.')
    .option('--site <name>', 'only the controllers of this site')
    .option('--search <text>', 'only controllers whose name, address, site or credential contains this')
    .option('--data-dir <dir>', 'folder of the inventory and trusted controllers')
    .option('--json', 'print one JSON object on stdout')
    .action(async (flags: DataDirFlags & { site?: string; search?: string }) => {
      process.exitCode = await guarded(flags, () => listCommand(flags));
    });
  inventory
    .command('export')
    .description('Write the inventory to a CSV that the import reads back (formulas neutralised for spreadsheets).')
    .argument('<file>', 'CSV file to write')
    .option('--force', 'replace the file if it exists')
    .option('--data-dir <dir>', 'folder of the inventory')
    .action(async (file: string, flags: DataDirFlags & { force?: boolean }) => {
      process.exitCode = await guarded(flags, () => exportCommand(file, flags));
    });
}

/** Runs a subcommand; any failure is printed (as JSON with --json) and exits 1. */
async function guarded(flags: DataDirFlags, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (err) {
    if (flags.json) process.stdout.write(`${terminalJson({ status: 'failed', error: errorJson(toErrorInfo(err)) })}\n`);
    else printError(err);
    return 1;
  }
}

async function importCommand(file: string, flags: DataDirFlags & { update?: boolean }): Promise<number> {
  const bytes = await readCsv(file);
  const { controllers, problems } = parseInventoryCsv(bytes);
  if (problems.length > 0) {
    if (flags.json) process.stdout.write(`${terminalJson({ status: 'rejected', file, problems, error: null })}\n`);
    else printProblems(file, problems);
    return 1;
  }
  const dataDir = resolveDataDir(flags.dataDir);
  // Both stores load before anything is written: a damaged one stops the import with nothing changed.
  const store = await InventoryStore.load(dataDir);
  const pins = await KnownDevices.load(dataDir);
  const result = await store.importControllers(controllers, { update: Boolean(flags.update), pins });
  if (flags.json) process.stdout.write(`${terminalJson(importJson(file, result))}\n`);
  else printImport(file, store.file, result);
  return 0;
}

async function readCsv(file: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    throw new CodedError('INVALID_INPUT', `Cannot read ${file}: ${(err as Error).message}. Check the file name and that the file is not open elsewhere.`);
  }
}

function printProblems(file: string, problems: CsvProblem[]): void {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const lines = problems.map((p) => `  line ${p.line}${p.column === null ? '' : `, column ${p.column}`}: ${p.reason}`);
  // A reason may quote the cell it refuses: a CSV can carry escape codes too.
  process.stderr.write(`${terminalLines(`\n✗ ${file} has ${count}; nothing was imported. Fix ${problems.length === 1 ? 'it' : 'them'} and import the file again.\n${lines.join('\n')}`)}\n`);
}

function importJson(file: string, r: ImportResult): Record<string, unknown> {
  const ids = (list: InventoryController[]): string[] => list.map((c) => c.id);
  return {
    status: 'imported',
    file,
    problems: [],
    added: ids(r.added),
    updated: ids(r.updated),
    unchanged: ids(r.unchanged),
    duplicates: ids(r.duplicates),
    pinned: ids(r.pinned),
    conflicts: r.conflicts.map((c) => ({ id: c.controller.id, name: c.controller.name, csvFingerprint: c.csvFingerprint, pinnedFingerprint: c.pinnedFingerprint })),
    error: null,
  };
}

function printImport(file: string, inventoryFile: string, r: ImportResult): void {
  const row = (label: string, n: number, note = ''): string => `  ${label.padEnd(11)}${String(n).padStart(6)}${n > 0 && note ? `  ${note}` : ''}`;
  const lines = [
    `✓ ${file} imported into ${inventoryFile}`,
    row('added', r.added.length),
    row('updated', r.updated.length),
    ...(r.unchanged.length > 0 ? [row('unchanged', r.unchanged.length)] : []),
    row('duplicates', r.duplicates.length, 'already in the inventory, left as they were (add --update to replace them)'),
    row('pinned', r.pinned.length, 'certificate fingerprints from the CSV are now trusted'),
    row('conflicts', r.conflicts.length, 'see below: nothing was changed for these'),
  ];
  process.stdout.write(`${terminalLines(lines.join('\n'))}\n`);
  for (const c of r.conflicts) {
    const where = address(c.controller);
    process.stderr.write(
      `${terminalLines(
        `⚠ ${c.controller.name} (${where}): the CSV fingerprint differs from the one already trusted; nothing was changed for this controller.\n` +
          `  CSV:     ${c.csvFingerprint}\n  trusted: ${c.pinnedFingerprint}\n` +
          `  Check the CSV against the controller's certificate. Only if the controller was reset or upgraded: eclypse-backup backup ${where} --fingerprint ${c.csvFingerprint} --user …`,
      )}\n`,
    );
  }
}

async function listCommand(flags: DataDirFlags & { site?: string; search?: string }): Promise<number> {
  const dataDir = resolveDataDir(flags.dataDir);
  const store = await InventoryStore.load(dataDir);
  const pins = await KnownDevices.load(dataDir);
  const filter = { ...(flags.site ? { site: flags.site } : {}), ...(flags.search ? { search: flags.search } : {}) };
  const controllers = store.list(filter).map((c) => ({ ...c, pin: pins.get(c.host, c.port) ? ('pinned' as const) : ('none' as const) }));
  if (flags.json) {
    process.stdout.write(`${terminalJson({ status: 'ok', controllers, error: null })}\n`);
    return 0;
  }
  if (controllers.length === 0) {
    const which = flags.site || flags.search ? 'No controller of the inventory matches' : 'The inventory is empty';
    process.stdout.write(`${which} (${store.file}). Import controllers with: eclypse-backup inventory import FILE.csv\n`);
    return 0;
  }
  const rows = controllers.map((c) => [c.name, address(c), c.site ?? '—', c.credential ?? '—', c.pin]);
  process.stdout.write(`${table(['NAME', 'ADDRESS', 'SITE', 'CREDENTIAL', 'PIN'], rows)}\n${controllers.length} controller${controllers.length === 1 ? '' : 's'}\n`);
  return 0;
}

/** Left-aligned columns; long cells are cut so one long name does not push every row off the screen. */
function table(header: string[], rows: string[][]): string {
  const cut = (s: string): string => terminalText(s, 40);
  const all = [header, ...rows.map((r) => r.map(cut))];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}

function address(c: { host: string; port: number }): string {
  return c.host.includes(':') ? `[${c.host}]:${c.port}` : `${c.host}:${c.port}`;
}

async function exportCommand(file: string, flags: DataDirFlags & { force?: boolean }): Promise<number> {
  const store = await InventoryStore.load(resolveDataDir(flags.dataDir));
  const csv = store.toCsv();
  try {
    if (flags.force) await writeFileAtomic(file, csv, { fsync: true });
    else await writeNew(file, csv);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    throw new CodedError('INVALID_INPUT', `Cannot create ${file}: its folder does not exist. Check the path.`);
  }
  const count = store.list().length;
  process.stdout.write(`✓ ${count} controller${count === 1 ? '' : 's'} exported to ${path.resolve(file)}\n`);
  return 0;
}

/** Creates the file, refusing one that exists (checked by the OS at creation, not before). */
async function writeNew(file: string, text: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await fs.open(file, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new CodedError('INVALID_INPUT', `${file} already exists: choose another file name, or add --force to replace it.`);
    }
    throw err;
  }
  try {
    await handle.writeFile(text);
    await handle.sync();
    await handle.close();
  } catch (err) {
    await handle.close().catch(() => undefined);
    // A half-written export would look complete to the next person who opens it.
    await fs.rm(file, { force: true });
    throw err;
  }
}
