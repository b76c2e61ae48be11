import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/**
 * SHA-256 of bytes handed over in order, one batch at a time. `update` takes the batch over and gives it back
 * (possibly as a new Buffer over the same memory) once it is hashed, so the caller can reuse it; the caller must
 * not touch a batch between handing it over and getting it back.
 */
export interface StreamHash {
  /** Hashes the first `length` bytes of `batch`; resolves with the batch, free for reuse. */
  update(batch: Buffer, length: number): Promise<Buffer>;
  /** The hex digest of everything updated, once every update is done. */
  digest(): Promise<string>;
  /** Forgets the hash (a failed or cancelled download). */
  dispose(): void;
}

/** Hashes on the calling thread: for small files, where a message to a worker costs more than the hash. */
export function inlineHash(): StreamHash {
  const hash = createHash('sha256');
  return {
    update: (batch, length) => {
      hash.update(length === batch.length ? batch : batch.subarray(0, length));
      return Promise.resolve(batch);
    },
    digest: () => Promise.resolve(hash.digest('hex')),
    dispose: () => undefined,
  };
}

/**
 * Hashes in a worker thread, so SHA-256 (about 0.5 s of CPU per 512 MiB here) runs beside the TLS reads and
 * disk writes instead of between them. Batches are transferred (not copied) to the worker and back. Each batch
 * must own its whole ArrayBuffer (`Buffer.allocUnsafeSlow`). One worker serves every download of the process.
 */
export function workerHash(): StreamHash {
  const hub = HashHub.shared();
  const id = hub.open();
  return {
    update: (batch, length) => hub.update(id, batch, length),
    digest: () => hub.digest(id),
    dispose: () => hub.drop(id),
  };
}

// Plain JavaScript, evaluated in the worker: no file to locate next to a bundle or inside an asar.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hashes = new Map();
parentPort.on('message', (m) => {
  if (m.op === 'update') {
    let h = hashes.get(m.id);
    if (!h) hashes.set(m.id, (h = createHash('sha256')));
    h.update(new Uint8Array(m.buffer, 0, m.length));
    parentPort.postMessage({ op: 'updated', id: m.id, buffer: m.buffer }, [m.buffer]);
  } else if (m.op === 'digest') {
    const h = hashes.get(m.id) || createHash('sha256');
    hashes.delete(m.id);
    parentPort.postMessage({ op: 'digest', id: m.id, hex: h.digest('hex') });
  } else if (m.op === 'drop') {
    hashes.delete(m.id);
  }
});
`;

interface Pending {
  updates: Array<{ resolve: (b: Buffer) => void; reject: (e: Error) => void }>;
  digest?: { resolve: (hex: string) => void; reject: (e: Error) => void };
}

type WorkerReply = { op: 'updated'; id: number; buffer: ArrayBuffer } | { op: 'digest'; id: number; hex: string };

/** The one hashing worker of the process; started on first use, holding the process open only while busy. */
class HashHub {
  private static instance: HashHub | undefined;
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private busy = 0;
  private dead: Error | undefined;

  static shared(): HashHub {
    if (!HashHub.instance || HashHub.instance.dead) HashHub.instance = new HashHub();
    return HashHub.instance;
  }

  private constructor() {
    this.worker = new Worker(WORKER_SOURCE, { eval: true });
    this.worker.unref();
    this.worker.on('message', (m: WorkerReply) => this.reply(m));
    const fail = (err: Error): void => {
      this.dead ??= err;
      for (const p of this.pending.values()) {
        for (const u of p.updates.splice(0)) u.reject(this.dead);
        p.digest?.reject(this.dead);
        p.digest = undefined;
      }
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`The hashing worker stopped (exit code ${code}).`)));
  }

  open(): number {
    const id = this.nextId++;
    this.pending.set(id, { updates: [] });
    return id;
  }

  update(id: number, batch: Buffer, length: number): Promise<Buffer> {
    if (batch.byteOffset !== 0 || batch.buffer.byteLength !== batch.length) {
      return Promise.reject(new Error('A hashed batch must own its whole ArrayBuffer.'));
    }
    const p = this.live(id);
    if (p instanceof Error) return Promise.reject(p);
    return new Promise((resolve, reject) => {
      p.updates.push({ resolve, reject });
      this.hold();
      const buffer = batch.buffer as ArrayBuffer;
      this.worker.postMessage({ op: 'update', id, buffer, length }, [buffer]);
    });
  }

  digest(id: number): Promise<string> {
    const p = this.live(id);
    if (p instanceof Error) return Promise.reject(p);
    return new Promise((resolve, reject) => {
      p.digest = { resolve, reject };
      this.hold();
      this.worker.postMessage({ op: 'digest', id });
    });
  }

  drop(id: number): void {
    if (!this.pending.delete(id) || this.dead) return;
    this.worker.postMessage({ op: 'drop', id });
  }

  private live(id: number): Pending | Error {
    if (this.dead) return this.dead;
    return this.pending.get(id) ?? new Error('This hash was already finished or dropped.');
  }

  private reply(m: WorkerReply): void {
    this.release();
    const p = this.pending.get(m.id);
    if (!p) return; // dropped meanwhile: the batch is garbage now
    if (m.op === 'updated') {
      p.updates.shift()?.resolve(Buffer.from(m.buffer));
      return;
    }
    this.pending.delete(m.id);
    p.digest?.resolve(m.hex);
  }

  // A message in flight keeps the process alive (an unreferenced worker would let it exit mid-hash).
  private hold(): void {
    if (this.busy++ === 0) this.worker.ref();
  }

  private release(): void {
    if (--this.busy === 0) this.worker.unref();
  }
}
