import fs from 'node:fs/promises';
import { getEventListeners } from 'node:events';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBulkRun, type BulkSettings } from '../../main/core/runs/bulk-runner';
import { DATA_TYPE_PRESETS } from '../../shared/data-types';
import type { InventoryController } from '../../shared/inventory';
import { createLogger, type LogRecord } from '../../main/core/log/logger';
import { defaultFleet, startSimulator } from '../simulator/index';
import type { Simulator } from '../simulator/types';
import { tempDir } from '../support/fixtures';

// The guard of the abort-listener leak: a long-lived app holds one signal for many runs, and got (or our own
// code) once left a listener on it per request, so each run kept every request, answer and socket in memory.
// Two bulk runs of 500 simulated controllers (short jobs, small files, in this process) go through one
// AbortSignal; afterwards it must hold no listener, and the heap after a full GC must not have grown.

const COUNT = 500;
const CONCURRENCY = 32;
/** What a second run of 500 may add to the heap after GC (measured: under 1 MiB; a leaked request per controller is far more). */
const HEAP_GROWTH_LIMIT = 4 * 1024 * 1024;

let sim: Simulator;
let work: string;
let controllers: InventoryController[];
const pins = new Map<string, string>();

/** A full collection, from V8's own gc() (exposed for this worker only; the test fails without it, never skips). */
function collect(): () => void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as (() => void) | undefined;
  if (typeof gc !== 'function') throw new Error('V8 did not expose gc(): the heap cannot be measured');
  return gc;
}

beforeAll(async () => {
  work = await tempDir('eclypse-leak-');
  sim = await startSimulator(
    defaultFleet(COUNT, { revisions: ['8.0'], backupBytes: 4096 }).map((s) => ({
      ...s,
      jobDurationMs: 20,
      existingFiles: [],
    })),
  );
  controllers = sim.controllers.map((s) => {
    const id = `${s.host}:${s.port}`;
    pins.set(id, s.fingerprint);
    return {
      id,
      name: s.spec.name,
      host: s.host,
      port: s.port,
      site: null,
      username: 'admin',
      credential: null,
      fingerprint: null,
      target: null,
      notes: null,
    };
  });
}, 120_000);
afterAll(async () => {
  await sim?.close();
  await fs.rm(work, { recursive: true, force: true });
});

/** One bulk run over the whole fleet, through `signal`, logging every record into a counter. */
async function bulkRun(signal: AbortSignal, round: number, counts: Map<string, number>): Promise<void> {
  const logger = createLogger(
    { write: (r: LogRecord) => counts.set(r.event, (counts.get(r.event) ?? 0) + 1) },
    { level: 'debug' },
  );
  const settings: BulkSettings = {
    dataDir: path.join(work, `data-${round}`),
    archiveRoot: path.join(work, `archive-${round}`),
    concurrency: CONCURRENCY,
    target: 'Device',
    dataTypes: DATA_TYPE_PRESETS.all,
    envysion: 'all',
    format: 'json',
    credentials: async () => ({ username: 'admin', password: 'admin' }),
    trust: async (c) => ({ pin: pins.get(c.id)! }),
    retryBaseMs: 20,
    requestRetryBaseMs: 5,
    wait: { pollStartMs: 20, pollMaxMs: 100, listingGraceMs: 2_000, jobTimeoutMs: 30_000 },
    signal,
    logger,
  };
  const run = await startBulkRun(controllers, settings);
  const record = await run.done;
  const failed = record.results
    .filter((r) => r.status !== 'succeeded')
    .map((r) => `${r.name}: ${r.error?.code} ${r.error?.message}`);
  expect(failed, failed.slice(0, 5).join('\n')).toEqual([]);
  // The backups themselves are not what is measured: the files go, and the simulator forgets its request log.
  await fs.rm(settings.archiveRoot, { recursive: true, force: true });
  for (const c of sim.controllers) c.requests.length = 0;
}

async function settledHeap(gc: () => void): Promise<number> {
  // Sockets close and timers end a moment after a run: let them, then collect until the heap is steady.
  await new Promise((r) => setTimeout(r, 200));
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
  return process.memoryUsage().heapUsed;
}

describe('abort-listener leak guard', () => {
  it(`${COUNT} controllers twice through one AbortSignal: no listener is left on it and the heap does not grow`, async () => {
    const gc = collect();
    const app = new AbortController();
    const counts = new Map<string, number>();

    await bulkRun(app.signal, 1, counts);
    expect(getEventListeners(app.signal, 'abort')).toHaveLength(0);
    const before = await settledHeap(gc);

    await bulkRun(app.signal, 2, counts);
    expect(getEventListeners(app.signal, 'abort')).toHaveLength(0);
    const after = await settledHeap(gc);

    // The runs were real and logged: every controller's requests went through got's hooks into the log.
    expect(counts.get('verdict')).toBe(2 * COUNT);
    expect(counts.get('request') ?? 0).toBeGreaterThan(2 * COUNT * 5);
    const growth = after - before;
    console.info(
      `abort-leak guard: heap after GC ${(before / 1048576).toFixed(1)} MiB → ${(after / 1048576).toFixed(1)} MiB (${growth >= 0 ? '+' : ''}${(growth / 1024).toFixed(0)} KiB)`,
    );
    expect(growth).toBeLessThan(HEAP_GROWTH_LIMIT);
  }, 240_000);
});
