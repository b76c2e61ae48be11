import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ControllerApi } from '../device/controller-api';
import { BackupError } from '../device/errors';

/** A finished download: bytes counted and hashed while they streamed. */
export interface DownloadResult {
  bytes: number;
  sha256: string;
}

/** Options of one download. */
export interface DownloadOptions {
  signal?: AbortSignal;
  /** Largest file accepted; beyond it the download stops (a device sending an endless body). */
  maxBytes?: number;
  onBytes?: (bytes: number, total: number | undefined) => void;
}

const WRITE_BATCH_BYTES = 1024 * 1024;

/** Default ceiling: far above any real backup, far below a laptop's disk. */
export const DEFAULT_MAX_DOWNLOAD_BYTES = 32 * 1024 ** 3;

/**
 * Streams one backup file into `partPath`, hashing as it goes, and checks the byte count against
 * Content-Length. The `.part` is fsynced on success and removed on any failure.
 */
export async function downloadToPart(api: ControllerApi, deviceFileName: string, partPath: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  const max = options.maxBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES;
  try {
    const { stream, contentLength } = await api.openDownload(deviceFileName);
    if (contentLength !== undefined && contentLength > max) {
      stream.destroy();
      throw new BackupError('DOWNLOAD_INCOMPLETE', `The controller announces ${contentLength} bytes, above the ${max}-byte limit.`);
    }
    const hash = createHash('sha256');
    let bytes = 0;
    // TLS hands over 16 KiB records; writing them one by one costs more than the network. Batches of
    // 1 MiB make the disk write cheap (measured in bench/download-throughput.ts).
    let batch: Buffer[] = [];
    let batched = 0;
    // Hashing a batch at a time costs one call per MiB instead of one per record.
    const takeBatch = (): Buffer => {
      const out = Buffer.concat(batch, batched);
      hash.update(out);
      batch = [];
      batched = 0;
      return out;
    };
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        if (bytes > max) return done(new BackupError('DOWNLOAD_INCOMPLETE', `The download exceeded the ${max}-byte limit.`));
        if (contentLength !== undefined && bytes > contentLength) {
          return done(new BackupError('DOWNLOAD_INCOMPLETE', `The controller sent more than the ${contentLength} bytes it announced.`));
        }
        options.onBytes?.(bytes, contentLength);
        batch.push(chunk);
        batched += chunk.length;
        if (batched < WRITE_BATCH_BYTES) return done();
        done(null, takeBatch());
      },
      flush(done) {
        done(null, batched > 0 ? takeBatch() : undefined);
      },
    });
    await pipeline(stream, meter, createWriteStream(partPath, { flags: 'wx', highWaterMark: WRITE_BATCH_BYTES }), { signal: options.signal });
    if (contentLength !== undefined && bytes !== contentLength) {
      throw new BackupError('DOWNLOAD_INCOMPLETE', `Received ${bytes} of the ${contentLength} bytes announced.`);
    }
    if (bytes === 0) throw new BackupError('DOWNLOAD_INCOMPLETE', 'The controller sent an empty file.');
    await syncFile(partPath);
    return { bytes, sha256: hash.digest('hex') };
  } catch (err) {
    await fs.rm(partPath, { force: true }).catch(() => undefined);
    throw downloadError(err, options.signal);
  }
}

/** Flushes a written file to the disk, so a power cut after "saved" cannot lose it. */
async function syncFile(file: string): Promise<void> {
  const handle = await fs.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function downloadError(err: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) return new BackupError('CANCELLED', 'Cancelled during the download; the partial file was deleted.');
  if (err instanceof BackupError) return err;
  const e = err as NodeJS.ErrnoException;
  for (let c: unknown = e, d = 0; c && d < 5; c = (c as { cause?: unknown }).cause, d++) {
    if (c instanceof BackupError) return c;
  }
  if (['ENOSPC', 'EACCES', 'EPERM', 'EROFS', 'EDQUOT', 'EIO'].includes(e.code ?? '')) {
    return new BackupError('DISK_ERROR', `Could not write the download: ${e.message}`);
  }
  if (e.name === 'TimeoutError' || e.code === 'ETIMEDOUT') {
    return new BackupError('DOWNLOAD_INCOMPLETE', `The download stalled and was stopped: ${e.message}`);
  }
  return new BackupError('DOWNLOAD_INCOMPLETE', `The download was cut short: ${e.message}`);
}
