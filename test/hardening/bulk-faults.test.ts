import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RETRYABLE, resumeBulkRun, startBulkRun, type BulkSettings } from '../../main/core/runs/bulk-runner';
import { DATA_TYPE_PRESETS } from '../../shared/data-types';
import { journalPath, readJournal } from '../../main/core/runs/run-journal';
import type { ErrorCode } from '../../shared/errors';
import type { InventoryController } from '../../shared/inventory';
import { startController } from '../simulator/index';
import type { ControllerSpec, Faults, SimController } from '../simulator/types';
import { backupSim, listTree, tempDir } from '../support/fixtures';
import { expectArchiveIntact, expectSidecarsMatch, snapshotArchive } from './archive-guard';

// A bulk run where most controllers fail, each in its own way, then a resume once the faults are over:
// the journal must agree with the run at every step, and the archive must only ever grow.

const PASSWORD = 'bulk-faults-Pa55!';

interface Row {
  name: string;
  faults?: Faults;
  spec?: Partial<ControllerSpec>;
  /** Expected code after the first run; undefined = succeeds. */
  code?: ErrorCode;
}

const ROWS: Row[] = [
  { name: 'HEALTHY-1' },
  { name: 'HEALTHY-2' },
  { name: 'OFFLINE-AT-CREATE', faults: { phaseFault: { phase: 'create', kind: 'offline' } }, code: 'UNREACHABLE' },
  { name: 'STALLS-JOB', faults: { phaseFault: { phase: 'job', kind: 'stall' } }, code: 'TIMEOUT' },
  { name: 'BUSY-DOWNLOAD', faults: { phaseFault: { phase: 'download', kind: '503' } }, code: 'DEVICE_BUSY' },
  { name: 'RESETS-LIST', faults: { phaseFault: { phase: 'list', kind: 'reset' } }, code: 'UNREACHABLE' },
  { name: 'JOB-FAILS', faults: { jobFails: true }, code: 'JOB_FAILED' },
  { name: 'CORRUPT', faults: { corruptZip: true }, code: 'ARCHIVE_INVALID' },
  { name: 'HIDES-FILE', faults: { listingHidesNewFile: true }, code: 'FILE_NOT_FOUND' },
  { name: 'WRONG-PASSWORD', code: 'AUTH_FAILED' },
  { name: 'NEW-CERT', code: 'CERT_CHANGED' },
];

let work: string;
let dataDir: string;
let archive: string;
let sims: SimController[] = [];
const pins = new Map<string, string>();
const passwords = new Map<string, string>();

const idOf = (s: SimController): string => `${s.host}:${s.port}`;

function inventory(): InventoryController[] {
  return sims.map((s) => ({
    id: idOf(s),
    name: s.spec.name,
    host: s.host,
    port: s.port,
    site: 'Plant',
    username: 'admin',
    credential: null,
    fingerprint: null,
    target: null,
    notes: null,
  }));
}

function settings(): BulkSettings {
  return {
    dataDir,
    archiveRoot: archive,
    target: 'Device',
    dataTypes: DATA_TYPE_PRESETS.all,
    envysion: 'all',
    format: 'json',
    concurrency: 6,
    credentials: async (c) => ({ username: 'admin', password: passwords.get(c.id)! }),
    trust: async (c) => ({ pin: pins.get(c.id)! }),
    attempts: 3,
    retryBaseMs: 10,
    requestRetryBaseMs: 5,
    progressIntervalMs: 50,
    wait: { pollStartMs: 20, pollMaxMs: 80, listingGraceMs: 400, jobTimeoutMs: 5_000 },
    timeouts: { connectMs: 2_000, responseMs: 1_200, idleMs: 1_200 },
  };
}

beforeAll(async () => {
  work = await tempDir('eclypse-bulk-faults-');
  dataDir = path.join(work, 'data');
  archive = path.join(work, 'laptop', 'archive');
  await fs.mkdir(path.join(work, 'data'));
  sims = await Promise.all(
    ROWS.map((r) =>
      startController({
        name: r.name,
        site: 'Plant',
        jobDurationMs: 100,
        backupBytes: 128 * 1024,
        password: PASSWORD,
        ...r.spec,
      }),
    ),
  );
  for (const s of sims) {
    pins.set(idOf(s), s.fingerprint);
    passwords.set(idOf(s), s.spec.name === 'WRONG-PASSWORD' ? 'not-the-password' : PASSWORD);
  }
  // Yesterday's backups of two controllers are already in the archive: they must come out untouched.
  for (const s of [sims[0]!, sims[6]!]) {
    const outcome = await backupSim(s, archive, {
      password: PASSWORD,
      controller: {
        host: s.host,
        port: s.port,
        protocol: 'https',
        name: s.spec.name,
        site: 'Plant',
        pin: s.fingerprint,
      },
    });
    expect(outcome.error).toBeNull();
  }
  sims.forEach((s, i) => s.setFaults(ROWS[i]!.faults ?? {}));
  await sims.find((s) => s.spec.name === 'NEW-CERT')!.rotateCertificate();
});
afterAll(async () => {
  await Promise.all(sims.map((s) => s.close()));
  await fs.rm(work, { recursive: true, force: true });
});

describe('bulk run under faults, then resume', () => {
  it('every controller ends with its code, the journal agrees with the run, and a resume backs up the rest exactly once', async () => {
    const before = await snapshotArchive(archive);
    const run = await startBulkRun(inventory(), settings());
    const record = await run.done;

    // Each controller's verdict and code, with retries only where retrying is right.
    for (const [i, row] of ROWS.entries()) {
      const r = record.results.find((x) => x.controllerId === idOf(sims[i]!))!;
      expect(r.status, row.name).toBe(row.code ? 'failed' : 'succeeded');
      expect(r.error?.code ?? null, row.name).toBe(row.code ?? null);
      const attempts = row.code && RETRYABLE.has(row.code) ? 3 : 1;
      expect(r.attempts, `${row.name} attempts`).toBe(attempts);
    }
    expect(sims.find((s) => s.spec.name === 'WRONG-PASSWORD')!.requests.filter((q) => q.basic)).toHaveLength(1);
    expect(sims.find((s) => s.spec.name === 'NEW-CERT')!.requests).toEqual([]);

    // The journal: every line whole, the run finished, one result per controller equal to the run's, no open job.
    const journal = await readJournal(dataDir, run.runId);
    const lines = (await fs.readFile(journalPath(dataDir, run.runId), 'utf8')).trim().split('\n');
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(journal.finished).toBe(true);
    expect(journal.openJobs.size).toBe(0);
    expect(journal.results.size).toBe(ROWS.length);
    for (const r of record.results) expect(journal.results.get(r.controllerId)).toEqual(r);
    expect(lines.join('\n')).not.toContain(PASSWORD);

    await expectArchiveIntact(archive, before, 'first run');
    const afterFirst = await snapshotArchive(archive);
    const requestsAfterFirst = new Map(sims.map((s) => [idOf(s), s.requests.length]));

    // The faults end: controllers come back, the password is corrected, the new certificate re-trusted.
    for (const s of sims) {
      s.setFaults({});
      await s.comeBack();
      pins.set(idOf(s), s.fingerprint);
      passwords.set(idOf(s), PASSWORD);
    }
    await waitIdle(sims);
    const resumed = await (await resumeBulkRun(run.runId, settings())).done;
    expect(resumed.totals).toMatchObject({ total: ROWS.length, succeeded: ROWS.length, failed: 0 });
    for (const s of sims.filter((_, i) => !ROWS[i]!.code))
      expect(s.requests.length, `${s.spec.name} contacted again`).toBe(requestsAfterFirst.get(idOf(s)));

    const final = await readJournal(dataDir, run.runId);
    expect(final.finished).toBe(true);
    expect([...final.results.values()].every((r) => r.status === 'succeeded')).toBe(true);
    await expectArchiveIntact(archive, afterFirst, 'resume');
    // One backup per controller from this run, plus the two that were there before it.
    expect(await expectSidecarsMatch(archive)).toBe(ROWS.length + 2);
    for (const s of sims) {
      const mine = (await listTree(path.join(archive, 'Plant', s.spec.name))).filter((f) => f.endsWith('.ecybackup'));
      expect(mine, s.spec.name).toHaveLength(s.spec.name === 'HEALTHY-1' || s.spec.name === 'JOB-FAILS' ? 2 : 1);
    }
  });
});

/** Backups the client gave up on keep running on their controllers; wait until each has finished. */
async function waitIdle(list: SimController[]): Promise<void> {
  for (let waited = 0; list.some((s) => s.busy); waited += 20) {
    if (waited > 10_000) throw new Error('controllers stayed busy');
    await new Promise((r) => setTimeout(r, 20));
  }
}
