import fs from 'node:fs/promises';
import { structuredPatch } from 'diff';
import { CodedError } from '../errors';
import { DEFAULT_ZIP_LIMITS, readZipDirectory, readZipEntries, type ZipEntryInfo, type ZipLimits } from './zip-check';
import type { BackupComparison, DiffLine, EntryDifference, EntrySide } from '../../../shared/backup-comparison';

/** Bounds of a comparison: zips are untrusted input, and a diff must stay readable and cheap. */
export interface CompareLimits extends ZipLimits {
  /** Largest text entry (each side) that gets a line diff. */
  maxTextBytes: number;
  /** Most text entries diffed in one comparison (the others are listed as changed, without lines). */
  maxTextEntries: number;
  /** Most diff lines kept per entry (with 3 lines of context around each change). */
  maxLinesPerEntry: number;
  /** Most edits the line diff may find before it gives up (an entry rewritten whole is said so, not diffed). */
  maxEditLength: number;
}

/** Defaults: the read-back's zip limits, and diffs of configuration-sized text files. */
export const DEFAULT_COMPARE_LIMITS: CompareLimits = {
  ...DEFAULT_ZIP_LIMITS,
  maxTextBytes: 2 * 1024 * 1024,
  maxTextEntries: 200,
  maxLinesPerEntry: 400,
  maxEditLength: 5000,
};

/** The entries whose changes are shown line by line (configuration the controller writes as text). */
const TEXT_EXTENSIONS = ['.json', '.xml', '.ini', '.csv'] as const;

/**
 * Compares two .ecybackup files entry by entry: added, removed and changed (by CRC-32 and size), with a bounded
 * line diff for JSON, XML, INI and CSV entries. Both central directories are checked against the read-back's
 * limits before anything is inflated; only text entries within `maxTextBytes` are inflated at all.
 */
export async function compareBackups(
  fileA: string,
  fileB: string,
  limits: CompareLimits = DEFAULT_COMPARE_LIMITS,
): Promise<BackupComparison> {
  await Promise.all([mustBeFile(fileA), mustBeFile(fileB)]);
  const [listA, listB] = await Promise.all([
    readZipDirectory(fileA, limits).catch(named(fileA)),
    readZipDirectory(fileB, limits).catch(named(fileB)),
  ]);
  const a = byName(listA);
  const b = byName(listB);
  const differences: EntryDifference[] = [];
  let unchanged = 0;
  for (const name of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(name);
    const y = b.get(name);
    if (x && y && x.crc32 === y.crc32 && x.uncompressedSize === y.uncompressedSize) unchanged++;
    else
      differences.push({
        name,
        change: !x ? 'added' : !y ? 'removed' : 'changed',
        before: x ? side(x) : null,
        after: y ? side(y) : null,
        diff: null,
      });
  }
  await diffTextEntries(fileA, fileB, differences, limits);
  const count = (c: EntryDifference['change']) => differences.filter((d) => d.change === c).length;
  const total = (list: ZipEntryInfo[]) => list.reduce((n, e) => n + e.uncompressedSize, 0);
  return {
    a: { file: fileA, entries: a.size, bytes: total(listA) },
    b: { file: fileB, entries: b.size, bytes: total(listB) },
    added: count('added'),
    removed: count('removed'),
    changed: count('changed'),
    unchanged,
    differences,
  };
}

/** A path that is no readable file is a mistake of the person who gave it (INVALID_INPUT), not a damaged backup. */
async function mustBeFile(file: string): Promise<void> {
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile())
    throw new CodedError(
      'INVALID_INPUT',
      `${file} is not a file: give the path of a .ecybackup file (the archive lists them).`,
    );
}

function byName(list: ZipEntryInfo[]): Map<string, ZipEntryInfo> {
  return new Map(list.filter((e) => !e.directory).map((e) => [e.name, e]));
}

function side(e: ZipEntryInfo): EntrySide {
  return { bytes: e.uncompressedSize, crc32: e.crc32.toString(16).padStart(8, '0') };
}

/** Names the file an error is about: two files are read, the technician must know which one is damaged. */
function named(file: string): (err: unknown) => never {
  return (err) => {
    const e = err instanceof CodedError ? err : new CodedError('ARCHIVE_INVALID', String((err as Error).message));
    throw new CodedError(e.code, `${file}: ${e.message}`);
  };
}

/** Whether an entry is configuration kept as text (by its extension). */
function isTextEntry(name: string): boolean {
  const lower = name.toLowerCase();
  return TEXT_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

async function diffTextEntries(
  fileA: string,
  fileB: string,
  differences: EntryDifference[],
  limits: CompareLimits,
): Promise<void> {
  const wanted: EntryDifference[] = [];
  for (const d of differences) {
    if (d.change !== 'changed') continue;
    if (!isTextEntry(d.name)) d.diff = { none: 'not-text' };
    else if ((d.before?.bytes ?? 0) > limits.maxTextBytes || (d.after?.bytes ?? 0) > limits.maxTextBytes)
      d.diff = { none: 'too-large' };
    else if (wanted.length >= limits.maxTextEntries) d.diff = { none: 'too-many' };
    else wanted.push(d);
  }
  if (wanted.length === 0) return;
  const names = new Set(wanted.map((d) => d.name));
  const [bytesA, bytesB] = await Promise.all([
    readZipEntries(fileA, names, limits.maxTextBytes, limits).catch(named(fileA)),
    readZipEntries(fileB, names, limits.maxTextBytes, limits).catch(named(fileB)),
  ]);
  for (const d of wanted) {
    const before = textOf(bytesA.get(d.name));
    const after = textOf(bytesB.get(d.name));
    d.diff = before === null || after === null ? { none: 'binary' } : lineDiff(d.name, before, after, limits);
  }
}

/** UTF-8 text (a BOM dropped), or null for bytes that are not text (invalid UTF-8, or a NUL). */
function textOf(bytes: Buffer | undefined): string | null {
  if (!bytes) return null;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.includes('\u0000') ? null : text.replace(/^\uFEFF/, '');
  } catch {
    return null;
  }
}

function lineDiff(name: string, before: string, after: string, limits: CompareLimits): EntryDifference['diff'] {
  // Line endings do not count as changes: one firmware writes CRLF, another LF.
  const patch = structuredPatch(name, name, before.replace(/\r\n/g, '\n'), after.replace(/\r\n/g, '\n'), '', '', {
    context: 3,
    maxEditLength: limits.maxEditLength,
  });
  if (!patch) return { none: 'too-different' };
  const lines: DiffLine[] = [];
  let added = 0;
  let removed = 0;
  let truncated = false;
  for (const hunk of patch.hunks) {
    for (const l of [`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`, ...hunk.lines]) {
      const op = (l.startsWith('@@') ? '@' : l[0]) as DiffLine['op'];
      if (op === '+') added++;
      if (op === '-') removed++;
      if (lines.length < limits.maxLinesPerEntry) lines.push({ op, text: op === '@' ? l : l.slice(1) });
      else truncated = true;
    }
  }
  return { lines: lines.filter((l) => (l.op as string) !== '\\'), added, removed, truncated };
}
