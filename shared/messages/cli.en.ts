// The command line's words in English (what a person reads; --json output is not translated): cli.fr-ca.ts
// has every key.

/** The CLI catalogue in English. */
export const cliEn = {
  'cli.error.pinned': 'pinned fingerprint:',
  'cli.error.presented': 'presented fingerprint:',
  'cli.run.summary': 'Run {runId}: {done} of {total} controllers backed up ({bytes}) in {duration}.',
  'cli.run.ready': 'Ready for upgrade',
  'cli.run.warning': 'Ready with warning',
  'cli.run.not-ready': 'Not ready',
  'cli.run.warnings': 'Warnings:',
  'cli.run.saved-not-ready': 'Backed up, not ready for upgrade:',
  'cli.run.by-cause': 'Not backed up, by cause:',
  'cli.run.resume': 'Fix the causes, then back up the rest: eclypse-backup bulk --resume {runId} …',
  'cli.run.report': 'Report:',
  'cli.compare.summary': '{added} added, {removed} removed, {changed} changed, {unchanged} unchanged.',
  'cli.compare.same': 'Same entries, same contents (CRC-32 and size of every entry).',
  'cli.compare.entries': '{count, plural, one {# entry} other {# entries}}',
  'cli.compare.none.binary': '(not text: no line diff)',
  'cli.compare.none.not-text': '(not a JSON, XML, INI or CSV entry: compared by CRC and size only)',
  'cli.compare.none.too-large': '(too large for a line diff)',
  'cli.compare.none.too-many': '(too many text entries changed: no more line diffs)',
  'cli.compare.none.too-different': '(rewritten whole: too different for a line diff)',
  'cli.compare.more': '… ({added} lines added, {removed} removed in all)',
} as const;

/** A key of the CLI catalogue. */
export type CliMessageKey = keyof typeof cliEn;
