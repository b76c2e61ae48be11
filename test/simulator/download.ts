import type { ServerResponse } from 'node:http';
import { corruptionOffset, openArchive } from './backup-archive';
import type { StoredBackup } from './device-backups';
import type { Faults } from './types';

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function writeThen(res: ServerResponse, chunk: Buffer, after: () => void): void {
  res.write(chunk, () => after());
}

/**
 * Streams a backup zip as the body of a 200, honouring the download faults. The zip is produced while it
 * is sent (never buffered), so memory stays flat however big the file is.
 */
export async function streamBackup(
  res: ServerResponse,
  file: StoredBackup,
  faults: Faults,
  fileName: string,
): Promise<void> {
  const { size, output } = openArchive(file.plan);
  const delta = faults.contentLengthDelta ?? 0;
  const headers: Record<string, string> = {
    'Content-Type': 'application/octet-stream',
    'Content-Length': String(Math.max(0, size + delta)),
    // A header cannot carry control characters or quotes (Node throws); a device's odd name is mangled here only.
    'Content-Disposition': `attachment; filename="${fileName.replace(/[^\x20-\x7e]|"/g, '_')}"`,
  };
  // A lying Content-Length leaves the connection unusable for a next request: close it like a device would.
  if (delta !== 0) headers.Connection = 'close';
  res.writeHead(200, headers);

  const corruptAt = faults.corruptZip ? corruptionOffset(file.plan) : -1;
  const cuts = [faults.dropDownloadAtByte, faults.stallDownloadAtByte].filter((n): n is number => n !== undefined);
  const cutAt = cuts.length > 0 ? Math.min(...cuts) : Infinity;
  const drop = faults.dropDownloadAtByte !== undefined && faults.dropDownloadAtByte === cutAt;
  let sent = 0;

  if (cutAt === 0) {
    res.flushHeaders();
    if (drop) res.socket?.destroy();
    (output as unknown as { destroy(): void }).destroy();
    return;
  }
  for await (const piece of output as AsyncIterable<Buffer>) {
    let chunk = piece;
    if (corruptAt >= sent && corruptAt < sent + chunk.length) {
      // Copy first: payload chunks are views of a shared buffer that other downloads are reading.
      chunk = Buffer.from(chunk);
      chunk[corruptAt - sent] = (chunk[corruptAt - sent] ?? 0) ^ 0xff;
    }
    if (sent + chunk.length >= cutAt) {
      const head = chunk.subarray(0, cutAt - sent);
      // Drop: the bytes reach the wire, then the connection dies. Stall: the connection stays open, silent.
      writeThen(res, head, () => {
        if (drop) res.socket?.destroy();
      });
      return; // leaving the loop destroys the zip stream
    }
    sent += chunk.length;
    if (!res.write(chunk)) await drained(res);
    if (res.destroyed) return;
  }
  res.end();
}
