import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../main/core/runs/run-journal';
import { startSimulator } from '../simulator/index';
import type { Simulator } from '../simulator/types';
import { listTree, tempDir } from '../support/fixtures';
import { runCli } from '../support/run-cli';
import { expectSidecarsMatch, snapshotArchive } from './archive-guard';

// A laptop lid closed twenty times in one bulk run: the built CLI backs up 40 simulated controllers and is
// killed with SIGKILL at 20 moments drawn from a seeded generator, each time resumed with --resume. In the
// end every controller has exactly one backup in the archive, every sidecar matches its file, and no
// partial download is left behind.

const CONTROLLERS = 40;
const KILLS = 20;
const SEED = Number(process.env.CRASH_SEED ?? 20261128);
const CLI = path.resolve('dist/cli.cjs');

/** mulberry32: a small seeded generator, so a failing sequence of kill moments can be replayed. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let sim: Simulator;
let work: string;

beforeAll(async () => {
  work = await tempDir('eclypse-crash-');
  sim = await startSimulator(
    Array.from({ length: CONTROLLERS }, (_, i) => ({
      name: `FCU-${String(i + 1).padStart(2, '0')}`,
      site: i % 2 ? 'East' : 'West',
      jobDurationMs: 150 + (i % 5) * 60,
      backupBytes: 1536 * 1024,
    })),
  );
  await fs.writeFile(path.join(work, 'inventory.csv'), sim.inventoryCsv());
});
afterAll(async () => {
  await sim.close();
  await fs.rm(work, { recursive: true, force: true });
});

/**
 * Runs the CLI and SIGKILLs it `afterMs` after the run as a whole has `done` controllers finished (its
 * `[n/40]` counter, which counts what earlier attempts finished too), so the kills fall all along the run.
 */
function runAndKill(args: string[], done: number, afterMs: number): Promise<{ stderr: string; killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, CTRL_PW: 'admin' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    // done < 0: from the start of the process (its start-up: reading the journal, the pins, the inventory).
    if (done < 0) timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const counted = Math.max(0, ...[...stderr.matchAll(/\[(\d+)\/\d+\]/g)].map((m) => Number(m[1])));
      if (/^run: \S+$/m.test(stderr) && counted >= done) timer ??= setTimeout(() => child.kill('SIGKILL'), afterMs);
    });
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      resolve({ stderr, killed: signal === 'SIGKILL' });
    });
  });
}

describe('crash and resume', () => {
  it(`${CONTROLLERS} controllers, ${KILLS} SIGKILLs at random moments (seed ${SEED}): each backed up exactly once, every sidecar matching, no .part`, async () => {
    const random = generator(SEED);
    const dataDir = path.join(work, 'data');
    const archive = path.join(work, 'archive');
    const common = [
      '--user',
      'admin',
      '--password-env',
      'CTRL_PW',
      '--data-dir',
      dataDir,
      '--out',
      archive,
      '--concurrency',
      '3',
    ];

    // Kill i comes 0–200 ms after the run has about i controllers done: the kills fall on start-ups,
    // re-attachments, downloads and journal writes alike, and the second half of the run is left to the
    // final resume (controllers finish in bursts, so a later kill could find the run already over).
    let i = 0;
    const moment = (): [number, number] => {
      const at = Math.floor((i + random()) * (CONTROLLERS / 2 / KILLS));
      i++;
      return [at, Math.round(random() * 200)];
    };
    const first = await runAndKill(['bulk', '--inventory', path.join(work, 'inventory.csv'), ...common], ...moment());
    const runId = /^run: (\S+)$/m.exec(first.stderr)?.[1];
    expect(runId, first.stderr).toBeDefined();
    let kills = first.killed ? 1 : 0;
    const progress: number[] = [];
    while (kills < KILLS) {
      // Resumes finish what the killed one left running, in bursts: near the end, kills fall in start-ups
      // only, so that the run is never over before the last kill.
      const nearlyDone = (progress.at(-1) ?? 0) >= CONTROLLERS - 10;
      const [at, delay] = moment();
      const r = await runAndKill(
        ['bulk', '--resume', runId!, ...common],
        nearlyDone ? -1 : at,
        nearlyDone ? Math.round(delay / 2) : delay,
      );
      progress.push((await readJournal(dataDir, runId!)).results.size);
      // The run ended before the moment came: there is nothing left to kill.
      if (!r.killed) break;
      kills++;
    }
    expect(kills, `results journalled after each resume: ${progress.join(',')}`).toBe(KILLS);

    const last = await runCli(['bulk', '--resume', runId!, ...common, '--json'], { CTRL_PW: 'admin' });
    expect(last.code, last.stderr).toBe(0);
    expect(JSON.parse(last.stdout)).toMatchObject({
      runId,
      summary: { total: CONTROLLERS, succeeded: CONTROLLERS, failed: 0 },
    });

    const files = await listTree(archive);
    expect(files.filter((f) => f.includes('.part')).slice(0, 5), 'partial downloads left by the kills').toEqual([]);
    for (const c of sim.controllers) {
      const mine = files.filter((f) => f.startsWith(`${c.spec.site}/${c.spec.name}/`) && f.endsWith('.ecybackup'));
      expect(mine, `${c.spec.name}: backups in the archive`).toHaveLength(1);
    }
    expect(await expectSidecarsMatch(archive)).toBe(CONTROLLERS);
    const journal = await readJournal(dataDir, runId!);
    expect(journal.finished).toBe(true);
    expect([...journal.results.values()].filter((r) => r.status === 'succeeded')).toHaveLength(CONTROLLERS);
    console.info(
      `crash-resume: ${kills} kills, results journalled after each resume: ${progress.join(',')}; jobs created per controller: max ${Math.max(...sim.controllers.map((c) => c.createdJobs))}`,
    );
  });

  it("single backups killed at 10 seeded moments over a backup's length, from start-up to archiving: the archive keeps every earlier file unchanged, never a .part once the next backup ran", async () => {
    const random = generator(SEED + 1);
    const ctrl = sim.controllers[0]!;
    const archive = path.join(work, 'single-archive');
    const args = [
      'backup',
      `${ctrl.host}:${ctrl.port}`,
      '--user',
      'admin',
      '--password-env',
      'CTRL_PW',
      '--fingerprint',
      ctrl.fingerprint,
      '--data-dir',
      path.join(work, 'single-data'),
      '--out',
      archive,
      '--json',
    ];
    const t0 = Date.now();
    const first = await runCli(args, { CTRL_PW: 'admin' });
    expect(first.code, first.stderr).toBe(0);
    // Kill moments spread over a whole backup as long as this machine takes for one.
    const whole = Date.now() - t0;
    let killed = 0;
    let partsSeen = 0;
    // At least 10 moments, and more (up to 20) until 5 of them fell inside a run: on a loaded machine the
    // first, cold run is slower than the next ones, and moments near its end can fall after theirs.
    for (let kill = 0; kill < 20 && (kill < 10 || killed < 5); kill++) {
      const before = await snapshotArchive(archive);
      const r = await runAndKillAfter(args, Math.round(random() * whole));
      const after = await snapshotArchive(archive);
      killed += r.killed ? 1 : 0;
      partsSeen += [...after.keys()].some((f) => f.includes('.part')) ? 1 : 0;
      // A killed process's leftovers (.part, its pending record, a write's .tmp) are the next run's to settle.
      for (const [file, hash] of before)
        if (!file.includes('.part') && !file.endsWith('.tmp'))
          expect(after.get(file), `kill ${kill}: ${file}`).toBe(hash);
      // A backup the kill did not stop is whole: its file matches its sidecar.
      if (!r.killed) expect(await expectSidecarsMatch(archive)).toBeGreaterThan(0);
    }
    expect(killed).toBeGreaterThanOrEqual(5);
    const last = await runCli(args, { CTRL_PW: 'admin' });
    expect(last.code, last.stderr).toBe(0);
    const files = await listTree(archive);
    console.info(`crash-resume (single): ${killed} runs killed, ${partsSeen} left a .part until the next backup`);
    expect(files.filter((f) => f.includes('.part') || f.endsWith('.tmp'))).toEqual([]);
    // Every backup that has a name has its sidecar and matches it (a kill between the two is adopted later).
    expect(await expectSidecarsMatch(archive)).toBe(files.filter((f) => f.endsWith('.ecybackup')).length);
  });
});

/** Runs the CLI and SIGKILLs it `afterMs` after it starts. */
function runAndKillAfter(args: string[], afterMs: number): Promise<{ killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, CTRL_PW: 'admin' },
      stdio: 'ignore',
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL' });
    });
  });
}
