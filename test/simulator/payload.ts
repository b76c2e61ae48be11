import { Readable } from 'node:stream';

// Backups can be a gigabyte: their bytes are views into one small fixed buffer, read at a per-entry
// offset, so producing them costs neither memory nor CPU and every download repeats the same bytes.
const POOL_BYTES = 1 << 20;
const CHUNK_BYTES = 256 * 1024;

function fillPool(): Buffer {
  const pool = Buffer.allocUnsafe(POOL_BYTES);
  // xorshift32 with a fixed seed: the same bytes in every process, so a file's SHA-256 is stable.
  let x = 0x9e3779b9;
  for (let i = 0; i < POOL_BYTES; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    pool.writeUInt32LE(x >>> 0, i);
  }
  return pool;
}

const pool = fillPool();

/** A 32-bit FNV-1a hash: stable seeds and identifiers derived from names. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A stream of exactly `size` pseudo-random bytes, the same for the same seed. */
export function payloadStream(size: number, seed: number): Readable {
  let remaining = size;
  let offset = seed % POOL_BYTES;
  return new Readable({
    read() {
      for (;;) {
        if (remaining <= 0) {
          this.push(null);
          return;
        }
        const n = Math.min(CHUNK_BYTES, remaining, POOL_BYTES - offset);
        // The view is never written to (a corrupting download copies its chunk first), so sharing is safe.
        const chunk = pool.subarray(offset, offset + n);
        offset = (offset + n) % POOL_BYTES;
        remaining -= n;
        if (!this.push(chunk)) return;
      }
    },
  });
}
