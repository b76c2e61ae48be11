import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { writeRunReports } from '../../core/reports/reports';
import { resumeBulkRun, startBulkRun, type BulkRun } from '../../core/runs/bulk-runner';
import { parseDataTypes } from '../../core/backup/options';
import { parseTarget } from '../../core/device/backup-target';
import { preflight } from '../../core/runs/preflight';
import { listRunIds, readJournal } from '../../core/runs/run-journal';
import type { RunRecord } from '../../../shared/run-record';
import { parseInventoryCsv } from '../../core/inventory/csv-import';
import { resolveDataDir } from '../../core/inventory/data-dir';
import { InventoryStore } from '../../core/inventory/inventory-store';
import { KnownDevices } from '../../core/inventory/known-devices';
import type { InventoryController } from '../../../shared/inventory';
import { parsePositiveInt } from '../numbers';
import { bulkAccess } from '../../core/runs/bulk-access';
import { openKeychain } from '../../core/secrets/keychain-store';
import { printPreflight, printRunSummary, runJson } from '../bulk-output';
import { BulkView } from '../bulk-view';
import { onInterrupt } from '../interrupt';
import { cliLogger } from '../log-options';
import { printError } from '../output';
import { checkPasswordSource } from '../password';
import { terminalJson, terminalText } from '../terminal-text';
import { cliWords } from '../language';
import { csvProblemLine } from '../csv-problems';
import { SaidError } from '../said-error';

interface BulkFlags {
  inventory?: string;
  site?: string;
  concurrency?: string;
  perSite?: string;
  out: string;
  dataDir?: string;
  user?: string;
  passwordEnv?: string;
  trustNew?: boolean;
  dataTypes: string;
  target: string;
  dryRun?: boolean;
  resume?: string;
  json?: boolean;
}

/** `bulk`: back up many controllers, resumable, with a report that says which are ready for the upgrade. */
export function registerBulk(program: Command): void {
  const h = cliWords();
  program
    .command('bulk')
    .description(h('help.bulk.description'))
    .option('--inventory <file>', h('help.bulk.opt.inventory'))
    .option('--site <name>', h('help.bulk.opt.site'))
    .option('--concurrency <n>', h('help.bulk.opt.concurrency'))
    .option('--per-site <n>', h('help.bulk.opt.per-site'))
    .option('--out <dir>', h('help.bulk.opt.out'), 'eclypse-archive')
    .option('--data-dir <dir>', h('help.bulk.opt.data-dir'))
    .option('--user <name>', h('help.bulk.opt.user'))
    .option('--password-env <var>', h('help.bulk.opt.password-env'))
    .option('--trust-new', h('help.bulk.opt.trust-new'))
    .option('--data-types <types>', h('help.bulk.opt.data-types'), 'all')
    .option('--target <target>', h('help.bulk.opt.target'), 'Device')
    .option('--dry-run', h('help.bulk.opt.dry-run'))
    .option('--resume <runId>', h('help.bulk.opt.resume'))
    .option('--json', h('help.bulk.opt.json'))
    .action(async (flags: BulkFlags) => {
      process.exitCode = await bulkCommand(flags);
    });
}

async function bulkCommand(flags: BulkFlags): Promise<number> {
  try {
    const dataDir = resolveDataDir(flags.dataDir);
    const archiveRoot = path.resolve(flags.out);
    const concurrency =
      flags.concurrency === undefined ? undefined : parsePositiveInt(flags.concurrency, '--concurrency', 32);
    const perSite = flags.perSite === undefined ? undefined : parsePositiveInt(flags.perSite, '--per-site', 32);
    const dataTypes = parseDataTypes(flags.dataTypes);
    const target = parseTarget(flags.target);
    if (flags.passwordEnv !== undefined) {
      checkPasswordSource(flags.passwordEnv);
      cliLogger().protectPassword(process.env[flags.passwordEnv] ?? '', flags.user);
    }
    const known = await KnownDevices.load(dataDir);
    const passwordEnv = flags.passwordEnv;
    const resumeId =
      flags.resume === undefined
        ? undefined
        : flags.resume === 'last'
          ? await lastUnfinishedRun(dataDir)
          : flags.resume;
    const resumed = resumeId === undefined ? undefined : await readJournal(dataDir, resumeId);
    // A resumed run keeps the trust the technician chose when starting it.
    const trustNew = flags.trustNew === true || resumed?.start.run.options.trustNew === true;
    const access = bulkAccess(dataDir, known, {
      user: flags.user,
      password: () => (passwordEnv ? process.env[passwordEnv] : undefined),
      trustNew,
      secrets: () => openKeychain(),
    });
    const common = {
      dataDir,
      archiveRoot,
      concurrency,
      perSite,
      credentials: access.credentials,
      trust: access.trust,
      logger: cliLogger(),
      afterSuccess: (c: InventoryController, o: { device: { fingerprint: string | null } | null }) =>
        access.savePin(c, o.device?.fingerprint ?? null),
    };

    if (resumeId !== undefined && resumed) {
      const view = new BulkView(new Map(resumed.start.controllers.map((c) => [c.id, c.name])));
      return finishRun(
        await resumeBulkRun(resumeId, { ...common, trustNew, onEvent: (e) => view.update(e) }),
        archiveRoot,
        flags,
      );
    }

    const controllers = await selectControllers(flags, dataDir);
    if (flags.dryRun) {
      const report = await preflight(controllers, {
        archiveRoot,
        concurrency: concurrency ?? 4,
        format: 'json',
        trustNew: flags.trustNew === true,
        pinOf: access.pinOf,
        credentials: access.credentials,
      });
      printPreflight(report, flags.json === true);
      return report.verdict === 'blocked' ? 1 : 0;
    }
    const bulkView = new BulkView(new Map(controllers.map((c) => [c.id, c.name])));
    const run = await startBulkRun(controllers, {
      ...common,
      concurrency: concurrency ?? 4,
      perSite: perSite ?? null,
      target,
      dataTypes,
      envysion: 'all',
      format: 'json',
      trustNew,
      onEvent: (e) => bulkView.update(e),
    });
    return finishRun(run, archiveRoot, flags);
  } catch (err) {
    const info = printError(err);
    if (flags.json) process.stdout.write(`${terminalJson({ runId: null, error: info })}\n`);
    return info.code === 'INVALID_INPUT' ? 2 : 1;
  }
}

async function finishRun(run: BulkRun, archiveRoot: string, flags: BulkFlags): Promise<number> {
  const w = cliWords();
  process.stderr.write(`${w('cli.run.id', { runId: run.runId })}\n`);
  const dispose = onInterrupt(w('cli.bulk.cancelling'), () => run.cancel());
  let record: RunRecord;
  try {
    record = await run.done;
  } finally {
    dispose();
  }
  const reports = await writeRunReports(archiveRoot, record, { locale: w.locale });
  if (flags.json) process.stdout.write(`${terminalJson(runJson(record, reports))}\n`);
  else printRunSummary(record, reports);
  return record.totals.succeeded === record.totals.total ? 0 : 1;
}

async function selectControllers(flags: BulkFlags, dataDir: string): Promise<InventoryController[]> {
  let controllers: InventoryController[];
  if (flags.inventory) {
    const text = await fs.readFile(flags.inventory).catch((err: Error) => {
      throw new SaidError('INVALID_INPUT', 'cli.bulk.unreadable-inventory', {
        file: flags.inventory ?? '',
        reason: err.message,
      });
    });
    const parsed = parseInventoryCsv(text);
    if (parsed.problems.length > 0) {
      const w = cliWords();
      const lines = parsed.problems.slice(0, 50).map((p) => csvProblemLine(p));
      const more = parsed.problems.length > 50 ? ` ${w('cli.live.more', { count: parsed.problems.length - 50 })}` : '';
      // The list, one problem a line, for a person; the error itself is one line (errors are printed flattened).
      if (!flags.json)
        process.stderr.write(`${lines.map((l) => `  ${terminalText(l)}`).join('\n')}${more ? `\n ${more}` : ''}\n`);
      const english = parsed.problems.slice(0, 5).map((p) => csvProblemLine(p, 'en'));
      throw new SaidError('INVALID_INPUT', 'cli.bulk.inventory-problems', {
        count: String(parsed.problems.length),
        first: english.join('; '),
        more: parsed.problems.length > 5 ? ` … (${parsed.problems.length - 5} more)` : '',
      });
    }
    controllers = parsed.controllers;
  } else {
    controllers = (await InventoryStore.load(dataDir)).list();
  }
  const site = flags.site?.toLowerCase();
  if (site !== undefined) controllers = controllers.filter((c) => (c.site ?? '').toLowerCase() === site);
  if (controllers.length === 0) {
    throw flags.site
      ? new SaidError('INVALID_INPUT', 'cli.bulk.no-site', { site: flags.site })
      : new SaidError('INVALID_INPUT', 'cli.bulk.empty');
  }
  return controllers;
}

async function lastUnfinishedRun(dataDir: string): Promise<string> {
  for (const id of await listRunIds(dataDir)) {
    const state = await readJournal(dataDir, id).catch(() => undefined);
    if (state && !state.finished) return id;
  }
  throw new SaidError('INVALID_INPUT', 'cli.bulk.nothing-to-resume');
}
