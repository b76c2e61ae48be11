import fs from 'node:fs/promises';
import zlib from 'node:zlib';
import yauzl from 'yauzl';
import { CodedError } from '../errors';

/** Bounds on what a backup zip may claim, so a hostile or broken file cannot exhaust disk, memory or time. */
export interface ZipLimits {
  maxEntries: number;
  /** Total uncompressed bytes allowed. */
  maxUncompressedBytes: number;
  /** Largest uncompressed/compressed ratio of one entry (zip bombs reach thousands). */
  maxRatio: number;
}

/** Defaults generous for real backups (mostly empty databases compress ~1000:1, deflate's ceiling) and fatal for bombs beyond it. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 100_000,
  maxUncompressedBytes: 64 * 1024 ** 3,
  maxRatio: 1100,
};

/** What the read-back found. */
export interface ZipSummary {
  entries: number;
  uncompressedBytes: number;
  /** Names of top-level folders / files, e.g. data types the backup holds. */
  topLevel: string[];
}

/**
 * Reads a zip back without extracting it: first the whole central directory against `limits` (so a bomb is
 * refused before a single byte is inflated), then every entry's bytes through a CRC-32 (yauzl does not
 * check CRCs itself). Any fault is ARCHIVE_INVALID.
 */
export async function checkZip(
  file: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
  signal?: AbortSignal,
): Promise<ZipSummary> {
  const source = await zipSource(file);
  const directory = await openZip(source);
  try {
    await checkDirectory(directory, limits, signal);
  } finally {
    directory.close();
  }
  const zip = await openZip(source);
  try {
    return await readAll(zip, limits, signal);
  } finally {
    zip.close();
  }
}

/** One entry of a zip's central directory: its name, CRC-32 and sizes. */
export interface ZipEntryInfo {
  name: string;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  directory: boolean;
}

/**
 * A backup's central directory, checked against `limits` exactly as the read-back checks it (count, declared
 * total, ratios, overlapping entries) before anything is inflated; ARCHIVE_INVALID otherwise.
 */
export async function readZipDirectory(
  file: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
  signal?: AbortSignal,
): Promise<ZipEntryInfo[]> {
  const zip = await openZip(await zipSource(file));
  const entries: ZipEntryInfo[] = [];
  try {
    await checkDirectory(zip, limits, signal, (e) =>
      entries.push({
        name: e.fileName,
        crc32: e.crc32 >>> 0,
        compressedSize: e.compressedSize,
        uncompressedSize: e.uncompressedSize,
        directory: e.fileName.endsWith('/'),
      }),
    );
  } finally {
    zip.close();
  }
  return entries;
}

/**
 * The bytes of some entries of a zip (at most `maxBytes` each, by their declared size, which yauzl holds them to),
 * after the central directory passed the same checks; entries larger than that are left out.
 */
export async function readZipEntries(
  file: string,
  names: ReadonlySet<string>,
  maxBytes: number,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<Map<string, Buffer>> {
  const source = await zipSource(file);
  const check = await openZip(source);
  try {
    await checkDirectory(check, limits);
  } finally {
    check.close();
  }
  const zip = await openZip(source);
  const out = new Map<string, Buffer>();
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', (err: Error) => reject(invalid(err.message)));
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!names.has(entry.fileName) || entry.uncompressedSize > maxBytes) return zip.readEntry();
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(invalid(`entry "${entry.fileName}": ${err?.message ?? 'unreadable'}`));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', (e) => reject(invalid(`entry "${entry.fileName}": ${e.message}`)));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return out;
}

/**
 * The central directory alone: entry count, declared sizes and ratios, and entries that share their bytes
 * (the overlapping-entries bomb: a few hundred KB whose entries all point at one stream; checked entry by
 * entry, it had 64 GiB inflated before the total limit stopped it — minutes of CPU).
 */
function checkDirectory(
  zip: yauzl.ZipFile,
  limits: ZipLimits,
  signal?: AbortSignal,
  onEntry?: (entry: yauzl.Entry) => void,
): Promise<void> {
  if (zip.entryCount > limits.maxEntries)
    return Promise.reject(invalid(`${zip.entryCount} entries (limit ${limits.maxEntries})`));
  const offsets = new Set<number>();
  let total = 0;
  return new Promise((resolve, reject) => {
    zip.on('error', (err: Error) => reject(invalid(err.message)));
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      if (signal?.aborted) return reject(new CodedError('CANCELLED', 'Cancelled while verifying.'));
      const problem = entryProblem(entry, (total += entry.uncompressedSize), limits);
      if (problem) return reject(invalid(problem));
      if (offsets.has(entry.relativeOffsetOfLocalHeader))
        return reject(invalid(`entry "${entry.fileName}" overlaps another entry`));
      offsets.add(entry.relativeOffsetOfLocalHeader);
      onEntry?.(entry);
      zip.readEntry();
    });
    zip.readEntry();
  });
}

/** Why an entry breaks the limits (given the running total of declared sizes), or undefined. */
function entryProblem(entry: yauzl.Entry, total: number, limits: ZipLimits): string | undefined {
  const ratio =
    entry.compressedSize > 0
      ? entry.uncompressedSize / entry.compressedSize
      : entry.uncompressedSize > 0
        ? Infinity
        : 1;
  if (total > limits.maxUncompressedBytes) return `more than ${limits.maxUncompressedBytes} bytes uncompressed`;
  if (ratio > limits.maxRatio && entry.uncompressedSize > 1024 * 1024)
    return `entry "${entry.fileName}" expands ${Math.round(ratio)}×`;
  return undefined;
}

/**
 * Below this size the file is read once into memory and both passes parse that copy: yauzl reads a file in
 * many small pieces, each a trip through the thread pool (measured: 2 ms of main-thread time per 64 KiB
 * backup, the largest single cost of a bulk run's controller after its HTTP requests).
 */
const IN_MEMORY_BYTES = 8 * 1024 * 1024;

async function zipSource(file: string): Promise<string | Buffer> {
  const handle = await fs.open(file, 'r').catch((err: Error) => {
    throw invalid(`not a readable zip (${err.message})`);
  });
  try {
    const { size } = await handle.stat();
    return size <= IN_MEMORY_BYTES ? await handle.readFile() : file;
  } finally {
    await handle.close();
  }
}

function openZip(source: string | Buffer): Promise<yauzl.ZipFile> {
  const options = { lazyEntries: true, validateEntrySizes: true, strictFileNames: false };
  return new Promise((resolve, reject) => {
    const opened = (err: Error | null, zip?: yauzl.ZipFile): void => {
      if (err || !zip) reject(invalid(`not a readable zip (${err?.message ?? 'no data'})`));
      else resolve(zip);
    };
    if (typeof source === 'string') yauzl.open(source, { ...options, autoClose: false }, opened);
    else yauzl.fromBuffer(source, options, opened);
  });
}

function readAll(zip: yauzl.ZipFile, limits: ZipLimits, signal?: AbortSignal): Promise<ZipSummary> {
  if (zip.entryCount > limits.maxEntries)
    return Promise.reject(invalid(`${zip.entryCount} entries (limit ${limits.maxEntries})`));
  const topLevel = new Set<string>();
  let total = 0;
  let entries = 0;
  return new Promise((resolve, reject) => {
    const fail = (err: unknown): void => reject(err instanceof CodedError ? err : invalid((err as Error).message));
    zip.on('error', fail);
    zip.on('end', () => resolve({ entries, uncompressedBytes: total, topLevel: [...topLevel].sort() }));
    zip.on('entry', (entry: yauzl.Entry) => {
      if (signal?.aborted) return fail(new CodedError('CANCELLED', 'Cancelled while verifying.'));
      entries++;
      total += entry.uncompressedSize;
      // Checked again: the directory is read a second time, and must say what it said the first time.
      const problem = entryProblem(entry, total, limits);
      if (problem) return fail(invalid(problem));
      topLevel.add(entry.fileName.split('/')[0] ?? entry.fileName);
      if (entry.fileName.endsWith('/')) return zip.readEntry();
      checkEntryCrc(zip, entry).then(() => zip.readEntry(), fail);
    });
    zip.readEntry();
  });
}

function checkEntryCrc(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<void> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(invalid(`entry "${entry.fileName}": ${err?.message ?? 'unreadable'}`));
      let crc = 0;
      stream.on('data', (chunk: Buffer) => {
        crc = zlib.crc32(chunk, crc);
      });
      stream.on('error', (e) => reject(invalid(`entry "${entry.fileName}": ${e.message}`)));
      stream.on('end', () => {
        if (crc >>> 0 !== entry.crc32 >>> 0) reject(invalid(`entry "${entry.fileName}" fails its CRC-32 check`));
        else resolve();
      });
    });
  });
}

function invalid(reason: string): CodedError {
  return new CodedError('ARCHIVE_INVALID', `The backup file is damaged: ${reason}.`);
}
