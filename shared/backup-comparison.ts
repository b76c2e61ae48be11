// Two backups compared entry by entry, with line diffs of the text entries. Types only.

/** One side of an entry: its size and CRC-32. */
export interface EntrySide {
  bytes: number;
  crc32: string;
}

/** A line of a diff: ' ' context, '-' only in the first backup, '+' only in the second; `@` starts a hunk. */
export interface DiffLine {
  op: ' ' | '-' | '+' | '@';
  text: string;
}

/** Why a changed entry has no line diff. */
type NoDiff = 'binary' | 'not-text' | 'too-large' | 'too-many' | 'too-different';

/** An entry that differs between the two backups. */
export interface EntryDifference {
  name: string;
  change: 'added' | 'removed' | 'changed';
  before: EntrySide | null;
  after: EntrySide | null;
  /** The line diff of a changed text entry, or why there is none. */
  diff: { lines: DiffLine[]; added: number; removed: number; truncated: boolean } | { none: NoDiff } | null;
}

/** What two backups hold, entry by entry. */
export interface BackupComparison {
  a: { file: string; entries: number; bytes: number };
  b: { file: string; entries: number; bytes: number };
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  /** Every added, removed and changed entry, by name. */
  differences: EntryDifference[];
}
