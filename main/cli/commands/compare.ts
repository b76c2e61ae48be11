import path from 'node:path';
import type { Command } from 'commander';
import { compareBackups } from '../../core/archive/compare';
import { type BackupComparison, type EntryDifference } from '../../../shared/backup-comparison';
import { toErrorInfo } from '../../core/errors';
import { errorJson, printError } from '../output';
import { formatBytes } from '../progress-line';
import { cliWords } from '../language';
import { terminalJson, terminalText } from '../terminal-text';

interface CompareFlags {
  json?: boolean;
}

/** `compare A B`: what changed between two backups, entry by entry, with a line diff of text entries. */
export function registerCompare(program: Command): void {
  const h = cliWords();
  program
    .command('compare')
    .description(h('help.compare.description'))
    .argument('<first>', h('help.compare.arg.first'))
    .argument('<second>', h('help.compare.arg.second'))
    .option('--json', h('help.compare.opt.json'))
    .action(async (first: string, second: string, flags: CompareFlags) => {
      process.exitCode = await runCompare(path.resolve(first), path.resolve(second), flags);
    });
}

/** Exit codes: 0 the two backups hold the same entries, 1 they differ, 2 a file could not be read or compared. */
async function runCompare(first: string, second: string, flags: CompareFlags): Promise<number> {
  try {
    const result = await compareBackups(first, second);
    const same = result.differences.length === 0;
    if (flags.json)
      process.stdout.write(`${terminalJson({ status: same ? 'same' : 'different', ...result, error: null })}\n`);
    else printComparison(result);
    return same ? 0 : 1;
  } catch (err) {
    const info = toErrorInfo(err);
    if (flags.json) process.stdout.write(`${terminalJson({ status: 'error', error: errorJson(info) })}\n`);
    else printError(err);
    return 2;
  }
}

const MARK: Record<EntryDifference['change'], string> = { added: '+', removed: '-', changed: '~' };

/** For a person: the totals, each entry that differs, and the diffs. Entry names and lines come from the backups: made safe. */
function printComparison(r: BackupComparison): void {
  const w = cliWords();
  const size = (n: number): string => formatBytes(n, w.locale);
  const out: string[] = [
    `A ${terminalText(r.a.file)} (${w('cli.compare.entries', { count: r.a.entries })}, ${size(r.a.bytes)})`,
    `B ${terminalText(r.b.file)} (${w('cli.compare.entries', { count: r.b.entries })}, ${size(r.b.bytes)})`,
    r.differences.length === 0
      ? w('cli.compare.same')
      : w('cli.compare.summary', { added: r.added, removed: r.removed, changed: r.changed, unchanged: r.unchanged }),
  ];
  for (const d of r.differences) {
    const sizes =
      d.before && d.after
        ? ` (${size(d.before.bytes)} → ${size(d.after.bytes)})`
        : ` (${size((d.after ?? d.before)?.bytes ?? 0)})`;
    out.push(`${MARK[d.change]} ${terminalText(d.name)}${sizes}`);
    if (d.diff && 'none' in d.diff) out.push(`    ${w(`cli.compare.none.${d.diff.none}`)}`);
    if (d.diff && 'lines' in d.diff) {
      for (const l of d.diff.lines) out.push(`    ${l.op === '@' ? '' : `${l.op} `}${terminalText(l.text, 200)}`);
      if (d.diff.truncated) out.push(`    ${w('cli.compare.more', { added: d.diff.added, removed: d.diff.removed })}`);
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
}
