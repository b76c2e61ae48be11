import path from 'node:path';
import { runArchiveCommand, type ArchiveFlags } from '../archive-command';
import type { Command } from 'commander';
import { pruneArchive } from '../../core/reports/prune';
import { type PruneFolder, type PruneReport } from '../../../shared/prune-report';
import { parsePositiveInt } from '../numbers';
import { formatBytes } from '../progress-line';
import { terminalJson, terminalLines, terminalText } from '../terminal-text';

// Far above any real retention; a larger number is a typo, not a policy.
const MAX_KEEP = 10_000;

interface PruneFlags extends ArchiveFlags {
  keep: string;
  dryRun?: boolean;
}

/** `prune --keep N`: deletes all but the N newest backups of each controller, never the newest that verifies. */
export function registerPrune(program: Command): void {
  program
    .command('prune')
    .description('Delete older backups, keeping the N newest of each controller and always its newest backup that verifies.')
    .requiredOption('--keep <n>', 'how many of the newest backups to keep per controller (1 or more)')
    .option('--out <dir>', 'archive folder', 'eclypse-archive')
    .option('--dry-run', 'list what would be deleted, delete nothing')
    .option('--json', 'print one JSON object on stdout')
    .action(async (flags: PruneFlags) => {
      process.exitCode = await runPrune(flags);
    });
}

async function runPrune(flags: PruneFlags): Promise<number> {
  // Ctrl-C stops between controllers, never between a file and its record.
  return runArchiveCommand(flags, 'Stopping after the current controller…', async (signal) => {
    const keep = parsePositiveInt(flags.keep, '--keep', MAX_KEEP);
    const report = await pruneArchive(path.resolve(flags.out), { keep, dryRun: flags.dryRun === true, signal });
    if (flags.json) process.stdout.write(`${terminalJson({ status: report.totals.failed > 0 ? 'failed' : 'ok', ...report, error: null })}\n`);
    else printReport(report);
    return report.totals.failed > 0 ? 1 : 0;
  });
}

function printReport(report: PruneReport): void {
  const lines = [`Archive ${report.archiveRoot}${report.dryRun ? ' — dry run: nothing is deleted' : ''}`];
  for (const folder of report.folders) lines.push(...folderLines(folder, report.dryRun));
  if (report.folders.length === 0) lines.push('No backups found in this archive.');
  const t = report.totals;
  const verb = report.dryRun ? 'would be deleted' : 'deleted';
  const parts = [`${t.kept} kept`, `${t.deleted} ${verb} (${formatBytes(t.bytesFreed)})`];
  if (t.failed > 0) parts.push(`${t.failed} could not be deleted`);
  if (t.untouched > 0) parts.push(`${t.untouched} file${t.untouched === 1 ? '' : 's'} without a valid record left alone`);
  lines.push(`${t.failed > 0 ? '✗' : '✓'} ${parts.join(', ')}.`);
  // File names and the controller names of sidecars are whatever a controller or a file said.
  process.stdout.write(`${terminalLines(lines.join('\n'))}\n`);
}

function folderLines(folder: PruneFolder, dryRun: boolean): string[] {
  const kept = folder.backups.filter((b) => b.action === 'kept').length;
  // One line per entry whatever a sidecar or a file name holds (a line break in them would forge a line).
  const who = folder.identity ? ` — ${folder.identity.host}:${folder.identity.port}, controller id ${folder.identity.hostId || '(none)'}` : folder.backups.length > 0 ? ' — controller not recorded' : '';
  const lines = [terminalText(`${folder.folder}${who}: ${kept} kept of ${folder.backups.length}`)];
  for (const b of folder.backups) {
    if (b.action === 'kept' && b.reason.startsWith('one of')) continue;
    const mark = b.action === 'kept' ? '  keep        ' : b.action === 'delete-failed' ? '  ✗ FAILED    ' : dryRun ? '  would delete' : '  deleted     ';
    lines.push(terminalText(`${mark} ${b.path}  ${b.finishedAt}  ${formatBytes(b.bytes)}  (${b.reason})`));
  }
  if (folder.identity !== null && folder.newestVerified === null && folder.backups.length > 0) lines.push('  ⚠ No backup of this controller verifies: nothing deleted here. Run `eclypse-backup verify`.');
  for (const u of folder.untouched) lines.push(terminalText(`  ⚠ left alone  ${u.path} — ${u.reason}`));
  return lines;
}
