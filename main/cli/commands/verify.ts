import path from 'node:path';
import { runArchiveCommand, type ArchiveFlags } from '../archive-command';
import type { Command } from 'commander';
import { verifyArchive, type VerifyProgress } from '../../core/reports/verify';
import { type VerifyEntry, type VerifyReport } from '../../../shared/verify-report';
import { formatBytes } from '../progress-line';
import { terminalJson, terminalLines, terminalText } from '../terminal-text';

const STATUS_WORDS: Record<VerifyEntry['status'], string> = {
  ok: 'ok',
  changed: 'CHANGED',
  missing: 'MISSING',
  orphaned: 'ORPHANED',
  'invalid-sidecar': 'BAD RECORD',
};

/** `verify`: re-hashes every backup of the archive against its record; exit 0 only when all is intact. */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('Check every backup in the archive against its record (size and SHA-256); nothing is changed.')
    .option('--out <dir>', 'archive folder', 'eclypse-archive')
    .option('--json', 'print one JSON object on stdout')
    .action(async (flags: ArchiveFlags) => {
      process.exitCode = await runVerify(flags);
    });
}

async function runVerify(flags: ArchiveFlags): Promise<number> {
  const progress = progressPrinter();
  return runArchiveCommand(
    flags,
    'Cancelling…',
    async (signal) => {
      const report = await verifyArchive(path.resolve(flags.out), { signal, onProgress: progress.update });
      progress.end();
      if (flags.json) process.stdout.write(`${terminalJson({ status: report.ok ? 'ok' : 'problems', ...report, error: null })}\n`);
      else printSummary(report);
      return report.ok ? 0 : 1;
    },
    () => progress.end(),
  );
}

function printSummary(report: VerifyReport): void {
  const t = report.totals;
  const problems = report.entries.filter((e) => e.status !== 'ok');
  const lines = [`Archive ${report.archiveRoot}`];
  for (const e of problems) lines.push(problemLine(e));
  if (t.entries === 0) {
    process.stdout.write(`${terminalText(lines[0])}\nNo backups found in this archive: nothing to verify.\n`);
    return;
  }
  const counts = [`${t.ok} ok (${formatBytes(t.okBytes)})`, `${t.changed} changed`, `${t.missing} missing`, `${t.orphaned} orphaned`, `${t.invalidSidecar} bad record${t.invalidSidecar === 1 ? '' : 's'}`];
  lines.push(`${report.ok ? '✓ All backups intact' : '✗ Problems found'}: ${counts.join(', ')}.`);
  // File names and the controller names of sidecars are whatever a controller or a file said.
  process.stdout.write(`${terminalLines(lines.join('\n'))}\n`);
}

function problemLine(e: VerifyEntry): string {
  const who = e.controller ? ` (${e.site ? `${e.site} / ` : ''}${e.controller})` : '';
  // One line whatever a sidecar or a file name holds (a line break in them would forge a line of its own).
  const line = terminalText(`✗ ${STATUS_WORDS[e.status].padEnd(10)} ${e.path}${who} — ${e.detail ?? ''}`);
  if (e.status !== 'changed' || !e.actualSha256) return line;
  return `${line}\n    recorded SHA-256 ${e.expectedSha256}\n    found    SHA-256 ${e.actualSha256}`;
}

/** One live line on a terminal while hashing; silent otherwise so logs and --json stay clean. */
function progressPrinter(): { update: (p: VerifyProgress) => void; end: () => void } {
  const out = process.stderr;
  let drawn = 0;
  let shown = false;
  return {
    update: (p) => {
      if (!out.isTTY) return;
      const now = Date.now();
      if (now - drawn < 100 && p.bytesDone !== p.bytesTotal) return;
      drawn = now;
      shown = true;
      const text = terminalText(`Verifying ${p.filesDone} of ${p.filesTotal} files · ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}  ${p.file}`, (out.columns ?? 100) - 1);
      out.write(`\r\u001b[2K${text}`);
    },
    end: () => {
      if (shown) out.write('\r\u001b[2K');
    },
  };
}
