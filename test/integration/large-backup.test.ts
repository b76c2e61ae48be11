import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startController } from '../simulator/index';
import type { SimController } from '../simulator/types';
import { backupSim, sha256File, tempDir } from '../support/fixtures';

const GiB = 1024 ** 3;

let ctrl: SimController;
let archive: string;
beforeAll(async () => {
  archive = await tempDir();
  ctrl = await startController({ name: 'BIG', backupBytes: GiB, jobDurationMs: 100 });
});
afterAll(async () => {
  await ctrl.close();
  await fs.rm(archive, { recursive: true, force: true });
});

describe('a 1 GiB backup', () => {
  it('is downloaded, hashed and read back with bounded memory', async () => {
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 25);
    const started = Date.now();
    const outcome = await backupSim(ctrl, archive, {
      timeouts: { connectMs: 10_000, responseMs: 30_000, idleMs: 30_000 },
    });
    clearInterval(sampler);
    const seconds = (Date.now() - started) / 1000;
    expect(outcome.error).toBeNull();
    expect(outcome.backup!.bytes).toBeGreaterThan(GiB);
    const growthMiB = (peak - baseline) / 1024 / 1024;
    // Figures for the issue note: visible in the test output.
    console.log(
      `1 GiB backup: ${seconds.toFixed(1)} s, RSS growth ${growthMiB.toFixed(0)} MiB (baseline ${(baseline / 1024 / 1024).toFixed(0)} MiB)`,
    );
    expect(growthMiB).toBeLessThan(256);
    expect(await sha256File(outcome.backup!.file!)).toBe(outcome.backup!.sha256);
  }, 300_000);
});
