import path from 'node:path';
import type { Command } from 'commander';
import { compareBackups, type BackupComparison, type EntryDifference } from '../../core/archive/compare';
import { toErrorInfo } from '../../core/device/errors';
import { errorJson, printError } from '../output';
import { formatBytes } from '../progress-line';
import { terminalJson, terminalText } from '../terminal-text';

interface CompareFlags {
  json?: boolean;
}

/** `compare A B`: what changed between two backups, entry by entry, with a line diff of text entries. */
export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('Compare two .ecybackup files entry by entry (added, removed, changed by CRC and size), with a line diff of JSON, XML, INI and CSV entries.')
    .argument('<first>', 'the earlier backup (.ecybackup)')
    .argument('<second>', 'the later backup (.ecybackup)')
    .option('--json', 'print one JSON object on stdout')
    .action(async (first: string, second: string, flags: CompareFlags) => {
      process.exitCode = await runCompare(path.resolve(first), path.resolve(second), flags);
    });
}

/** Exit codes: 0 the two backups hold the same entries, 1 they differ, 2 a file could not be read or compared. */
async function runCompare(first: string, second: string, flags: CompareFlags): Promise<number> {
  try {
    const result = await compareBackups(first, second);
    const same = result.differences.length === 0;
    if (flags.json) process.stdout.write(`${terminalJson({ status: same ? 'same' : 'different', ...result, error: null })}\n`);
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
  const out: string[] = [
    `A ${terminalText(r.a.file)} (${r.a.entries} entries, ${formatBytes(r.a.bytes)})`,
    `B ${terminalText(r.b.file)} (${r.b.entries} entries, ${formatBytes(r.b.bytes)})`,
    r.differences.length === 0
      ? 'Same entries, same contents (CRC-32 and size of every entry).'
      : `${r.added} added, ${r.removed} removed, ${r.changed} changed, ${r.unchanged} unchanged.`,
  ];
  for (const d of r.differences) {
    const sizes = d.change === 'changed' ? ` (${formatBytes(d.before!.bytes)} → ${formatBytes(d.after!.bytes)})` : ` (${formatBytes((d.after ?? d.before)!.bytes)})`;
    out.push(`${MARK[d.change]} ${terminalText(d.name)}${sizes}`);
    if (d.diff && 'none' in d.diff) out.push(`    ${NO_DIFF[d.diff.none]}`);
    if (d.diff && 'lines' in d.diff) {
      for (const l of d.diff.lines) out.push(`    ${l.op === '@' ? '' : `${l.op} `}${terminalText(l.text, 200)}`);
      if (d.diff.truncated) out.push(`    … (${d.diff.added} lines added, ${d.diff.removed} removed in all)`);
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

const NO_DIFF = {
  binary: '(not text: no line diff)',
  'not-text': '(not a JSON, XML, INI or CSV entry: compared by CRC and size only)',
  'too-large': '(too large for a line diff)',
  'too-many': '(too many text entries changed: no more line diffs)',
  'too-different': '(rewritten whole: too different for a line diff)',
} as const;
