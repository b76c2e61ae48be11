import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inlineHash, workerHash, type StreamHash } from '../../main/core/backup/stream-hash';

/** Feeds `data` through a hash in batches of `batch` bytes, reusing each batch as it comes back. */
async function digestOf(hash: StreamHash, data: Buffer, batch: number): Promise<string> {
  const free: Buffer[] = [Buffer.allocUnsafeSlow(batch), Buffer.allocUnsafeSlow(batch)];
  const inFlight: Array<Promise<Buffer>> = [];
  for (let off = 0; off < data.length; off += batch) {
    if (free.length === 0) free.push(await inFlight.shift()!);
    const buf = free.pop()!;
    const n = data.copy(buf, 0, off, Math.min(data.length, off + batch));
    inFlight.push(hash.update(buf, n));
  }
  await Promise.all(inFlight);
  return hash.digest();
}

describe('SHA-256 of a download, batch by batch', () => {
  const data = randomBytes(3 * 1024 * 1024 + 12_345);
  const expected = createHash('sha256').update(data).digest('hex');

  it('on the calling thread', async () => {
    expect(await digestOf(inlineHash(), data, 1024 * 1024)).toBe(expected);
  });

  it('in the worker, with partial batches and several hashes at once', async () => {
    const other = randomBytes(100_000);
    const [a, b] = await Promise.all([digestOf(workerHash(), data, 1024 * 1024), digestOf(workerHash(), other, 4096)]);
    expect(a).toBe(expected);
    expect(b).toBe(createHash('sha256').update(other).digest('hex'));
  });

  it('of nothing', async () => {
    expect(await workerHash().digest()).toBe(createHash('sha256').digest('hex'));
  });

  it('refuses a batch that does not own its memory (it would be transferred away from others)', async () => {
    const hash = workerHash();
    await expect(hash.update(Buffer.from('pooled'), 6)).rejects.toThrow(/own its whole ArrayBuffer/);
    hash.dispose();
  });

  it('a dropped hash cannot be finished', async () => {
    const hash = workerHash();
    hash.dispose();
    await expect(hash.digest()).rejects.toThrow(/finished or dropped/);
  });
});
