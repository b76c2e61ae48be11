import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../main/core/runs/run-journal';
import { defaultFleet, startSimulator } from '../simulator/index';
import type { ControllerSpec, Simulator } from '../simulator/types';
import { listTree, sha256File, tempDir } from '../support/fixtures';

// The soak: 500 simulated controllers, 160 of them misbehaving (8 faults in every 25: 100 end failed, 60
// recover on a retry), backed up by the built CLI at concurrency 32 as a technician would before a
// campus-wide firmware upgrade. Every controller must end with a result
// (the right one), nothing may be lost or left partial, and the CLI's peak memory stays bounded.

// SOAK_COUNT=50 makes a quick version of the same test.
const COUNT = Number(process.env.SOAK_COUNT ?? 500);
const CONCURRENCY = 32;
const PEAK_RSS_LIMIT = 512 * 1024 * 1024;
const CLI = path.resolve('dist/cli.cjs');

/** The faults sprinkled over the fleet (by position), and what each controller must end with. */
const SPRINKLE: Record<number, { faults?: ControllerSpec['faults']; password?: string; code: string | null }> = {
  1: { faults: { jobFails: true }, code: 'JOB_FAILED' },
  4: { faults: { corruptZip: true }, code: 'ARCHIVE_INVALID' },
  7: { faults: { createBusyCount: 2 }, code: null },
  10: { faults: { sessionExpiresAfter: 6 }, code: null },
  13: { faults: { phaseFault: { phase: 'download', kind: 'reset', times: 1 } }, code: null },
  16: { password: 'changed-on-site', code: 'AUTH_FAILED' },
  19: { faults: { phaseFault: { phase: 'create', kind: 'offline' } }, code: 'UNREACHABLE' },
  22: { faults: { contentLengthDelta: -1000 }, code: 'DOWNLOAD_INCOMPLETE' },
};

let sim: Simulator;
let work: string;
const expected = new Map<string, string | null>();

beforeAll(async () => {
  work = await tempDir('eclypse-soak-');
  const specs = defaultFleet(COUNT).map((spec, i) => {
    const sprinkle = SPRINKLE[i % 25];
    expected.set(spec.name, sprinkle?.code ?? null);
    // Misbehaving controllers speak 8.0: below 6.0 there is no job to report a failure, and a failed backup
    // is only noticed when the job timeout (30 min by default) runs out.
    const faulty = sprinkle
      ? {
          revision: '8.0',
          ...(sprinkle.faults ? { faults: sprinkle.faults } : {}),
          ...(sprinkle.password ? { password: sprinkle.password } : {}),
        }
      : {};
    return { ...spec, site: `Building ${(i % 5) + 1}`, ...faulty };
  });
  sim = await startSimulator(specs);
  await fs.writeFile(path.join(work, 'inventory.csv'), sim.inventoryCsv());
});
afterAll(async () => {
  await sim?.close();
  await fs.rm(work, { recursive: true, force: true });
});

/** Runs the CLI, sampling its resident memory from /proc; returns its output, duration and peak RSS. */
function runSampled(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string; ms: number; peakRss: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, CTRL_PW: 'admin' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let peakRss = 0;
    // VmHWM is the kernel's own high-water mark of the process's resident set: the last reading is the peak.
    const sample = setInterval(() => {
      fs.readFile(`/proc/${child.pid}/status`, 'utf8').then(
        (status) => {
          const kib = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
          peakRss = Math.max(peakRss, kib * 1024);
        },
        () => undefined,
      );
    }, 100);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000)));
    child.on('close', (code) => {
      clearInterval(sample);
      resolve({ code, stdout, stderr, ms: Date.now() - started, peakRss });
    });
  });
}

describe('soak', () => {
  it(`${COUNT} controllers at concurrency ${CONCURRENCY}, 8 in 25 misbehaving: every controller ends with its result, nothing lost, memory bounded`, async () => {
    const dataDir = path.join(work, 'data');
    const archive = path.join(work, 'archive');
    const run = await runSampled([
      'bulk',
      '--inventory',
      path.join(work, 'inventory.csv'),
      '--user',
      'admin',
      '--password-env',
      'CTRL_PW',
      '--data-dir',
      dataDir,
      '--out',
      archive,
      '--concurrency',
      String(CONCURRENCY),
      '--json',
    ]);
    expect(run.code, run.stderr.slice(-2000)).toBe(1);
    const out = JSON.parse(run.stdout) as {
      runId: string;
      summary: { total: number; succeeded: number; failed: number };
      results: Array<{
        name: string;
        status: string;
        error: { code: string } | null;
        backup: { file: string; sha256: string } | null;
      }>;
    };

    // Every controller has a result, and it is the one its fault calls for.
    expect(out.results).toHaveLength(COUNT);
    for (const r of out.results) {
      const code = expected.get(r.name);
      expect(r.status, `${r.name}: ${JSON.stringify(r.error)}`).toBe(code ? 'failed' : 'succeeded');
      expect(r.error?.code ?? null, r.name).toBe(code);
    }
    // Nothing lost: each success is on disk with its hash; nothing partial anywhere; the journal agrees.
    const succeeded = out.results.filter((r) => r.status === 'succeeded');
    for (const r of succeeded) expect(await sha256File(r.backup!.file), r.name).toBe(r.backup!.sha256);
    const files = await listTree(archive);
    expect(files.filter((f) => f.endsWith('.ecybackup'))).toHaveLength(succeeded.length);
    expect(files.filter((f) => f.includes('.part'))).toEqual([]);
    const journal = await readJournal(dataDir, out.runId);
    expect(journal.finished).toBe(true);
    expect(journal.results.size).toBe(COUNT);
    expect(run.peakRss).toBeGreaterThan(0);
    expect(run.peakRss).toBeLessThan(PEAK_RSS_LIMIT);
    console.info(
      `soak: ${COUNT} controllers, concurrency ${CONCURRENCY}: ${out.summary.succeeded} succeeded, ${out.summary.failed} failed as expected, ` +
        `in ${(run.ms / 1000).toFixed(1)} s; CLI peak RSS ${(run.peakRss / 1024 / 1024).toFixed(0)} MiB`,
    );
  });
});
