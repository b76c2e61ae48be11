import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { CodedError } from '../errors';

/** Streams a file through SHA-256; throws CANCELLED when `signal` aborts. */
export async function hashFile(
  file: string,
  signal?: AbortSignal,
  onBytes?: (bytes: number) => void,
): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const handle = await fs.open(file, 'r');
  try {
    for await (const chunk of handle.createReadStream({ highWaterMark: 1024 * 1024, autoClose: false })) {
      if (signal?.aborted) throw new CodedError('CANCELLED', 'Verification cancelled.');
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
      onBytes?.(bytes);
    }
  } finally {
    await handle.close().catch(() => undefined);
  }
  if (signal?.aborted) throw new CodedError('CANCELLED', 'Verification cancelled.');
  return { bytes, sha256: hash.digest('hex') };
}
