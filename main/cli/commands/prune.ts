import path from 'node:path';
import { runArchiveCommand, type ArchiveFlags } from '../archive-command';
import type { Command } from 'commander';
import { pruneArchive } from '../../core/reports/prune';
import { type PruneFolder, type PruneReport } from '../../../shared/prune-report';
import { parsePositiveInt } from '../numbers';
import { cliWords } from '../language';
import { terminalJson, terminalLines, terminalText } from '../terminal-text';

// Far above any real retention; a larger number is a typo, not a policy.
const MAX_KEEP = 10_000;

interface PruneFlags extends ArchiveFlags {
  keep: string;
  dryRun?: boolean;
}

/** `prune --keep N`: deletes all but the N newest backups of each controller, never the newest that verifies. */
export function registerPrune(program: Command): void {
  const h = cliWords();
  program
    .command('prune')
    .description(h('help.prune.description'))
    .requiredOption('--keep <n>', h('help.prune.opt.keep'))
    .option('--out <dir>', h('help.prune.opt.out'), 'eclypse-archive')
    .option('--dry-run', h('help.prune.opt.dry-run'))
    .option('--json', h('help.prune.opt.json'))
    .action(async (flags: PruneFlags) => {
      process.exitCode = await runPrune(flags);
    });
}

async function runPrune(flags: PruneFlags): Promise<number> {
  // Ctrl-C stops between controllers, never between a file and its record.
  return runArchiveCommand(flags, cliWords()('cli.prune.stopping'), async (signal) => {
    const keep = parsePositiveInt(flags.keep, '--keep', MAX_KEEP);
    const report = await pruneArchive(path.resolve(flags.out), { keep, dryRun: flags.dryRun === true, signal });
    if (flags.json)
      process.stdout.write(
        `${terminalJson({ status: report.totals.failed > 0 ? 'failed' : 'ok', ...report, error: null })}\n`,
      );
    else printReport(report);
    return report.totals.failed > 0 ? 1 : 0;
  });
}

function printReport(report: PruneReport): void {
  const w = cliWords();
  const heading = w('cli.archive.heading', { archive: report.archiveRoot });
  const lines = [report.dryRun ? w('cli.prune.dry-run-heading', { heading }) : heading];
  for (const folder of report.folders) lines.push(...folderLines(folder, report.dryRun));
  if (report.folders.length === 0) lines.push(w('cli.prune.empty'));
  const t = report.totals;
  const parts = [
    w('cli.prune.kept', { count: t.kept }),
    w(report.dryRun ? 'cli.prune.would-delete' : 'cli.prune.deleted', {
      count: t.deleted,
      bytes: w.bytes(t.bytesFreed),
    }),
  ];
  if (t.failed > 0) parts.push(w('cli.prune.failed', { count: t.failed }));
  if (t.untouched > 0) parts.push(w('cli.prune.untouched', { count: t.untouched }));
  lines.push(`${t.failed > 0 ? '✗' : '✓'} ${parts.join(', ')}.`);
  // File names and the controller names of sidecars are whatever a controller or a file said.
  process.stdout.write(`${terminalLines(lines.join('\n'))}\n`);
}

function folderLines(folder: PruneFolder, dryRun: boolean): string[] {
  const kept = folder.backups.filter((b) => b.action === 'kept').length;
  // One line per entry whatever a sidecar or a file name holds (a line break in them would forge a line).
  const w = cliWords();
  const who = folder.identity
    ? w('cli.prune.identity', {
        address: `${folder.identity.host}:${folder.identity.port}`,
        id: folder.identity.hostId || w('cli.prune.no-id'),
      })
    : folder.backups.length > 0
      ? w('cli.prune.no-identity')
      : '';
  const lines = [
    terminalText(w('cli.prune.folder', { folder: folder.folder, who, kept, total: folder.backups.length })),
  ];
  for (const b of folder.backups) {
    if (b.action === 'kept' && b.reason.startsWith('one of')) continue;
    const mark = w(
      b.action === 'kept'
        ? 'cli.prune.mark.keep'
        : b.action === 'delete-failed'
          ? 'cli.prune.mark.failed'
          : dryRun
            ? 'cli.prune.mark.would-delete'
            : 'cli.prune.mark.deleted',
    ).padEnd(12);
    lines.push(terminalText(`  ${mark} ${b.path}  ${b.finishedAt}  ${w.bytes(b.bytes)}  (${pruneReason(b.reason)})`));
  }
  if (folder.identity !== null && folder.newestVerified === null && folder.backups.length > 0)
    lines.push(`  ⚠ ${w('cli.prune.none-verifies')}`);
  for (const u of folder.untouched)
    lines.push(terminalText(`  ⚠ ${w('cli.prune.left-alone')}  ${u.path} — ${pruneReason(u.reason)}`));
  return lines;
}

/** Why prune kept, deleted or left a file: the core's words in English, recognised for another language. */
function pruneReason(reason: string): string {
  const w = cliWords();
  if (w.locale === 'en') return reason;
  const older = /^older than the (\d+) newest$/.exec(reason);
  if (older) return w('cli.prune.reason.older', { keep: Number(older[1]) });
  const known: Record<string, Parameters<typeof w>[0]> = {
    'its record does not say which controller made it: never deleted': 'cli.prune.reason.no-identity',
    'no backup of this controller verifies: nothing deleted here': 'cli.prune.reason.none-verifies',
    'the newest backup that verifies': 'cli.prune.reason.newest-verified',
    'A record whose backup file is gone.': 'cli.prune.reason.file-gone',
    'A backup file without its record (.json).': 'cli.prune.reason.no-record',
    'A partial download.': 'cli.prune.reason.partial',
  };
  const key = known[reason];
  return key ? w(key) : w('cli.prune.reason.bad-record');
}
