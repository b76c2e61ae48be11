import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import writeFileAtomic from 'write-file-atomic';
import { toErrorInfo } from '../../core/errors';
import { cliWords } from '../language';
import { csvProblemLine } from '../csv-problems';
import { SaidError } from '../said-error';
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
  const h = cliWords();
  const inventory = program.command('inventory').description(h('help.inventory.description'));
  inventory
    .command('import')
    .description(h('help.inventory.import.description'))
    .argument('<file>', h('help.inventory.import.arg.file'))
    .option('--update', h('help.inventory.import.opt.update'))
    .option('--data-dir <dir>', h('help.inventory.import.opt.data-dir'))
    .option('--json', h('help.inventory.import.opt.json'))
    .action(async (file: string, flags: DataDirFlags & { update?: boolean }) => {
      process.exitCode = await guarded(flags, () => importCommand(file, flags));
    });
  inventory
    .command('list')
    .description(h('help.inventory.list.description'))
    .option('--site <name>', h('help.inventory.list.opt.site'))
    .option('--search <text>', h('help.inventory.list.opt.search'))
    .option('--data-dir <dir>', h('help.inventory.list.opt.data-dir'))
    .option('--json', h('help.inventory.list.opt.json'))
    .action(async (flags: DataDirFlags & { site?: string; search?: string }) => {
      process.exitCode = await guarded(flags, () => listCommand(flags));
    });
  inventory
    .command('export')
    .description(h('help.inventory.export.description'))
    .argument('<file>', h('help.inventory.export.arg.file'))
    .option('--force', h('help.inventory.export.opt.force'))
    .option('--data-dir <dir>', h('help.inventory.export.opt.data-dir'))
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
    throw new SaidError('INVALID_INPUT', 'cli.inventory.unreadable', { file, reason: (err as Error).message });
  }
}

function printProblems(file: string, problems: CsvProblem[]): void {
  const w = cliWords();
  const lines = problems.map((p) => `  ${csvProblemLine(p)}`);
  // A reason may quote the cell it refuses: a CSV can carry escape codes too.
  process.stderr.write(
    `${terminalLines(`\n✗ ${w('cli.inventory.problems', { file, count: problems.length })}\n${lines.join('\n')}`)}\n`,
  );
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
    conflicts: r.conflicts.map((c) => ({
      id: c.controller.id,
      name: c.controller.name,
      csvFingerprint: c.csvFingerprint,
      pinnedFingerprint: c.pinnedFingerprint,
    })),
    error: null,
  };
}

function printImport(file: string, inventoryFile: string, r: ImportResult): void {
  const w = cliWords();
  const row = (label: string, n: number, note = ''): string =>
    `  ${label.padEnd(11)}${String(n).padStart(6)}${n > 0 && note ? `  ${note}` : ''}`;
  const lines = [
    `✓ ${w('cli.inventory.imported', { file, inventory: inventoryFile })}`,
    row(w('cli.inventory.added'), r.added.length),
    row(w('cli.inventory.updated'), r.updated.length),
    ...(r.unchanged.length > 0 ? [row(w('cli.inventory.unchanged'), r.unchanged.length)] : []),
    row(w('cli.inventory.duplicates'), r.duplicates.length, w('cli.inventory.duplicates.note')),
    row(w('cli.inventory.pinned'), r.pinned.length, w('cli.inventory.pinned.note')),
    row(w('cli.inventory.conflicts'), r.conflicts.length, w('cli.inventory.conflicts.note')),
  ];
  process.stdout.write(`${terminalLines(lines.join('\n'))}\n`);
  for (const c of r.conflicts) {
    const where = address(c.controller);
    process.stderr.write(
      `${terminalLines(
        `⚠ ${w('cli.inventory.conflict', { name: c.controller.name, address: where })}\n` +
          `  ${w('cli.inventory.conflict.csv').padEnd(8)} ${c.csvFingerprint}\n  ${w('cli.inventory.conflict.trusted').padEnd(8)} ${c.pinnedFingerprint}\n` +
          `  ${w('cli.inventory.conflict.what-to-do', { address: where, fingerprint: c.csvFingerprint })}`,
      )}\n`,
    );
  }
}

async function listCommand(flags: DataDirFlags & { site?: string; search?: string }): Promise<number> {
  const dataDir = resolveDataDir(flags.dataDir);
  const store = await InventoryStore.load(dataDir);
  const pins = await KnownDevices.load(dataDir);
  const filter = { ...(flags.site ? { site: flags.site } : {}), ...(flags.search ? { search: flags.search } : {}) };
  const controllers = store
    .list(filter)
    .map((c) => ({ ...c, pin: pins.get(c.host, c.port) ? ('pinned' as const) : ('none' as const) }));
  const w = cliWords();
  if (flags.json) {
    process.stdout.write(`${terminalJson({ status: 'ok', controllers, error: null })}\n`);
    return 0;
  }
  if (controllers.length === 0) {
    process.stdout.write(
      `${w(flags.site || flags.search ? 'cli.inventory.no-match' : 'cli.inventory.empty', { file: store.file })}\n`,
    );
    return 0;
  }
  const rows = controllers.map((c) => [
    c.name,
    address(c),
    c.site ?? '—',
    c.credential ?? '—',
    w(`cli.inventory.pin.${c.pin}`),
  ]);
  const header = [
    w('cli.inventory.col.name'),
    w('cli.inventory.col.address'),
    w('cli.inventory.col.site'),
    w('cli.inventory.col.credential'),
    w('cli.inventory.col.pin'),
  ];
  process.stdout.write(`${table(header, rows)}\n${w('cli.inventory.count', { count: controllers.length })}\n`);
  return 0;
}

/** Left-aligned columns; long cells are cut so one long name does not push every row off the screen. */
function table(header: string[], rows: string[][]): string {
  const cut = (s: string): string => terminalText(s, 40);
  const all = [header, ...rows.map((r) => r.map(cut))];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '))
    .join('\n');
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
    throw new SaidError('INVALID_INPUT', 'cli.inventory.no-folder', { file });
  }
  const count = store.list().length;
  process.stdout.write(`✓ ${cliWords()('cli.inventory.exported', { count, file: path.resolve(file) })}\n`);
  return 0;
}

/** Creates the file, refusing one that exists (checked by the OS at creation, not before). */
async function writeNew(file: string, text: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await fs.open(file, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new SaidError('INVALID_INPUT', 'cli.inventory.exists', { file });
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
