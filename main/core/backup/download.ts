import fs from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ControllerApi } from '../device/controller-api';
import { PRIVATE_FILE_MODE } from '../archive/private-files';
import { CodedError } from '../errors';
import { inlineHash, workerHash, type StreamHash } from './stream-hash';

/** A finished download: bytes counted and hashed while they streamed. */
export interface DownloadResult {
  bytes: number;
  sha256: string;
  /**
   * Settles once the `.part` is flushed to the disk (fsync) and closed. The flush is started at once but not
   * awaited, so the zip read-back can overlap it; whoever gives the file its final name must await this first,
   * and a failure here means the file must not be kept.
   */
  durable: Promise<void>;
}

/** Options of one download. */
export interface DownloadOptions {
  signal?: AbortSignal;
  /** Largest file accepted; beyond it the download stops (a device sending an endless body). */
  maxBytes?: number;
  onBytes?: (bytes: number, total: number | undefined) => void;
}

/**
 * TLS hands over 16 KiB records; writing or hashing them one by one costs more than the network. They are
 * copied into batches of 2 MiB, each written with one call and then hashed (measured in
 * bench/download-throughput.ts). Four batches circulate, so the next fills while the last is written and
 * hashed; bigger batches made no measurable difference in time and cost RSS (4 MiB: +10 MiB peak).
 */
const BATCH_BYTES = 2 * 1024 * 1024;
const BATCHES = 4;
/** From this size on (or when the size is unknown), SHA-256 runs in a worker thread beside the download. */
const WORKER_HASH_FROM_BYTES = 8 * 1024 * 1024;

/** Default ceiling: far above any real backup, far below a laptop's disk. */
const DEFAULT_MAX_DOWNLOAD_BYTES = 32 * 1024 ** 3;

/**
 * Streams one backup file into `partPath` (created exclusively), hashing exactly the bytes written, and checks
 * the byte count against Content-Length. On success the fsync of the `.part` is under way (`durable`); on any
 * failure the `.part` is removed.
 */
export async function downloadToPart(
  api: ControllerApi,
  deviceFileName: string,
  partPath: string,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  const max = options.maxBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES;
  let handle: fs.FileHandle | undefined;
  let sink: PartSink | undefined;
  let hash: StreamHash | undefined;
  let created = false;
  try {
    const { stream, contentLength } = await api.openDownload(deviceFileName);
    if (contentLength !== undefined && contentLength > max) {
      stream.destroy();
      throw new CodedError(
        'DOWNLOAD_INCOMPLETE',
        `The controller announces ${contentLength} bytes, above the ${max}-byte limit.`,
      );
    }
    try {
      // Private from the first byte (the link that names it keeps the mode); 'wx' follows no planted link.
      handle = await fs.open(partPath, 'wx', PRIVATE_FILE_MODE);
      created = true;
    } catch (err) {
      stream.destroy();
      throw err;
    }
    const small = contentLength !== undefined && contentLength < WORKER_HASH_FROM_BYTES;
    hash = small ? inlineHash() : workerHash();
    const batchBytes = Math.max(1, Math.min(BATCH_BYTES, contentLength ?? BATCH_BYTES));
    sink = new PartSink(handle, hash, batchBytes, max, contentLength, options.onBytes);
    try {
      await pipeline(stream, sink, { signal: options.signal });
    } finally {
      // No write may still be pending when the file is closed or removed.
      await sink.idle();
    }
    const bytes = sink.bytes;
    if (contentLength !== undefined && bytes !== contentLength) {
      throw new CodedError('DOWNLOAD_INCOMPLETE', `Received ${bytes} of the ${contentLength} bytes announced.`);
    }
    if (bytes === 0) throw new CodedError('DOWNLOAD_INCOMPLETE', 'The controller sent an empty file.');
    const sha256 = await hash.digest();
    hash = undefined;
    const durable = flushAndClose(handle);
    handle = undefined;
    // Awaited later by the caller; caught here so a failure is not reported as unhandled in the meantime.
    durable.catch(() => undefined);
    return { bytes, sha256, durable };
  } catch (err) {
    hash?.dispose();
    await handle?.close().catch(() => undefined);
    // Only a file this download created is removed: an exclusive create that failed found someone else's.
    if (created) await fs.rm(partPath, { force: true }).catch(() => undefined);
    throw downloadError(err, options.signal);
  }
}

/**
 * The `.part` file as a stream sink: counts bytes against the limits, copies them into batches, writes each
 * batch at its offset and then hands it to the hash, in order, so the digest is that of the bytes on disk.
 * With every batch in use it holds back the write callback, which makes the network stream wait.
 */
class PartSink extends Writable {
  bytes = 0;
  private current: Buffer | undefined;
  private fill = 0;
  private readonly free: Buffer[] = [];
  private allocated = 0;
  private written = 0;
  /** Writes go one after the other, and so do hashes; a batch is hashed once written, so the two overlap. */
  private writing: Promise<void> = Promise.resolve();
  private chain: Promise<void> = Promise.resolve();
  private resume: (() => void) | undefined;

  constructor(
    private readonly handle: fs.FileHandle,
    private readonly hash: StreamHash,
    private readonly batchBytes: number,
    private readonly max: number,
    private readonly contentLength: number | undefined,
    private readonly onBytes: DownloadOptions['onBytes'],
  ) {
    super({ highWaterMark: 64 * 1024 });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (err?: Error | null) => void): void {
    this.bytes += chunk.length;
    if (this.bytes > this.max)
      return done(new CodedError('DOWNLOAD_INCOMPLETE', `The download exceeded the ${this.max}-byte limit.`));
    if (this.contentLength !== undefined && this.bytes > this.contentLength) {
      return done(
        new CodedError(
          'DOWNLOAD_INCOMPLETE',
          `The controller sent more than the ${this.contentLength} bytes it announced.`,
        ),
      );
    }
    this.onBytes?.(this.bytes, this.contentLength);
    this.take(chunk, 0, done);
  }

  override _final(done: (err?: Error | null) => void): void {
    if (this.current && this.fill > 0) this.ship();
    this.chain.then(() => done(), done);
  }

  /** Resolves when no write or hash of this sink is under way any more (whether they succeeded or not). */
  idle(): Promise<void> {
    return Promise.allSettled([this.writing, this.chain]).then(() => undefined);
  }

  private take(chunk: Buffer, offset: number, done: (err?: Error | null) => void): void {
    while (offset < chunk.length) {
      if (!this.current) {
        const batch = this.free.pop() ?? (this.allocated < BATCHES ? this.allocate() : undefined);
        if (!batch) {
          this.resume = () => this.take(chunk, offset, done);
          return;
        }
        this.current = batch;
        this.fill = 0;
      }
      const copied = chunk.copy(this.current, this.fill, offset);
      this.fill += copied;
      offset += copied;
      if (this.fill === this.current.length) this.ship();
    }
    done();
  }

  private allocate(): Buffer {
    this.allocated++;
    // Not from Node's pool: a batch owns its memory, so it can be transferred to the hashing worker.
    return Buffer.allocUnsafeSlow(this.batchBytes);
  }

  /** Queues the current batch: write it at its offset, then hash it, then make it free again. */
  private ship(): void {
    const batch = this.current;
    if (!batch) return;
    const length = this.fill;
    const position = this.written;
    this.written += length;
    this.current = undefined;
    this.fill = 0;
    const written = this.writing.then(async () => {
      for (let off = 0; off < length;) {
        const { bytesWritten } = await this.handle.write(batch, off, length - off, position + off);
        off += bytesWritten;
      }
    });
    this.writing = written;
    this.chain = Promise.all([this.chain, written]).then(async () => {
      this.free.push(await this.hash.update(batch, length));
      const resume = this.resume;
      this.resume = undefined;
      resume?.();
    });
    this.chain.catch((err: Error) => this.destroy(err));
  }
}

async function flushAndClose(handle: fs.FileHandle): Promise<void> {
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function downloadError(err: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted)
    return new CodedError('CANCELLED', 'Cancelled during the download; the partial file was deleted.');
  if (err instanceof CodedError) return err;
  const e = err as NodeJS.ErrnoException;
  for (let c: unknown = e, d = 0; c && d < 5; c = (c as { cause?: unknown }).cause, d++) {
    if (c instanceof CodedError) return c;
  }
  if (['ENOSPC', 'EACCES', 'EPERM', 'EROFS', 'EDQUOT', 'EIO'].includes(e.code ?? '')) {
    return new CodedError('DISK_ERROR', `Could not write the download: ${e.message}`);
  }
  if (e.name === 'TimeoutError' || e.code === 'ETIMEDOUT') {
    return new CodedError('DOWNLOAD_INCOMPLETE', `The download stalled and was stopped: ${e.message}`);
  }
  return new CodedError('DOWNLOAD_INCOMPLETE', `The download was cut short: ${e.message}`);
}
