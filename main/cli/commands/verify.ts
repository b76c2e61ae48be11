import path from 'node:path';
import { runArchiveCommand, type ArchiveFlags } from '../archive-command';
import type { Command } from 'commander';
import { verifyArchive, type VerifyProgress } from '../../core/reports/verify';
import type { VerifyEntry, VerifyReport } from '../../../shared/verify-report';
import { cliWords } from '../language';
import { terminalJson, terminalLines, terminalText } from '../terminal-text';

/** `verify`: re-hashes every backup of the archive against its record; exit 0 only when all is intact. */
export function registerVerify(program: Command): void {
  const h = cliWords();
  program
    .command('verify')
    .description(h('help.verify.description'))
    .option('--out <dir>', h('help.verify.opt.out'), 'eclypse-archive')
    .option('--json', h('help.verify.opt.json'))
    .action(async (flags: ArchiveFlags) => {
      process.exitCode = await runVerify(flags);
    });
}

async function runVerify(flags: ArchiveFlags): Promise<number> {
  const progress = progressPrinter();
  return runArchiveCommand(
    flags,
    cliWords()('cli.cancelling'),
    async (signal) => {
      const report = await verifyArchive(path.resolve(flags.out), { signal, onProgress: progress.update });
      progress.end();
      if (flags.json)
        process.stdout.write(`${terminalJson({ status: report.ok ? 'ok' : 'problems', ...report, error: null })}\n`);
      else printSummary(report);
      return report.ok ? 0 : 1;
    },
    () => progress.end(),
  );
}

function printSummary(report: VerifyReport): void {
  const t = report.totals;
  const problems = report.entries.filter((e) => e.status !== 'ok');
  const w = cliWords();
  const lines = [w('cli.archive.heading', { archive: report.archiveRoot })];
  for (const e of problems) lines.push(problemLine(e));
  if (t.entries === 0) {
    process.stdout.write(`${terminalText(lines[0])}\n${w('cli.verify.empty')}\n`);
    return;
  }
  const counts = w('cli.verify.counts', {
    ok: t.ok,
    okBytes: w.bytes(t.okBytes),
    changed: t.changed,
    missing: t.missing,
    orphaned: t.orphaned,
    invalid: t.invalidSidecar,
  });
  lines.push(
    w('cli.verify.result', {
      mark: report.ok ? '✓' : '✗',
      head: report.ok ? w('cli.verify.intact') : w('cli.verify.problems'),
      counts,
    }),
  );
  // File names and the controller names of sidecars are whatever a controller or a file said.
  process.stdout.write(`${terminalLines(lines.join('\n'))}\n`);
}

function problemLine(e: VerifyEntry): string {
  const who = e.controller ? ` (${e.site ? `${e.site} / ` : ''}${e.controller})` : '';
  // One line whatever a sidecar or a file name holds (a line break in them would forge a line of its own).
  const w = cliWords();
  const line = terminalText(`✗ ${w(`cli.verify.status.${e.status}`).padEnd(10)} ${e.path}${who} — ${verifyDetail(e)}`);
  if (e.status !== 'changed' || !e.actualSha256) return line;
  return `${line}\n    ${w('cli.verify.recorded', { sha: e.expectedSha256 ?? '' })}\n    ${w('cli.verify.found', { sha: e.actualSha256 })}`;
}

/** What is wrong with an entry: the core's sentence in English; another language says it from the status. */
function verifyDetail(e: VerifyEntry): string {
  const w = cliWords();
  if (w.locale === 'en' || e.detail === null) return e.detail ?? '';
  if (e.status === 'missing') return w('cli.verify.detail.missing');
  if (e.status === 'orphaned')
    return e.path.endsWith('.part')
      ? w('cli.verify.detail.partial')
      : e.path.endsWith('.part.json')
        ? w('cli.verify.detail.pending-record')
        : w('cli.verify.detail.orphaned');
  if (e.status === 'invalid-sidecar') return w('cli.verify.detail.invalid-sidecar');
  return w('cli.verify.detail.changed');
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
      const w = cliWords();
      const text = terminalText(
        `${w('cli.verify.progress', { done: p.filesDone, total: p.filesTotal, bytes: w.bytes(p.bytesDone), totalBytes: w.bytes(p.bytesTotal) })}  ${p.file}`,
        (out.columns ?? 100) - 1,
      );
      out.write(`\r\u001b[2K${text}`);
    },
    end: () => {
      if (shown) out.write('\r\u001b[2K');
    },
  };
}
