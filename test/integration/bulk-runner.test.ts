import dc from 'node:diagnostics_channel';
import fs from 'node:fs/promises';
import type { ClientRequest } from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resumeBulkRun, startBulkRun, type BulkSettings } from '../../main/core/runs/bulk-runner';
import type { BulkEvent } from '../../main/core/runs/bulk-events';
import { DATA_TYPE_PRESETS } from '../../shared/data-types';
import { preflight } from '../../main/core/runs/preflight';
import { readJournal, RunJournal } from '../../main/core/runs/run-journal';
import { call } from '../simulator/raw-requests';
import type { InventoryController } from '../../shared/inventory';
import { jobGauge, PROFILE_NAMES, startController } from '../simulator/index';
import type { ControllerSpec, SimController } from '../simulator/types';
import { basicLogins, listTree, sha256File, tempDir } from '../support/fixtures';

let sims: SimController[] = [];
let dataDir: string;
let archive: string;

beforeEach(async () => {
  dataDir = await tempDir();
  archive = await tempDir();
  jobGauge.reset();
});
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
  await fs.rm(dataDir, { recursive: true, force: true });
  await fs.rm(archive, { recursive: true, force: true });
});

async function fleet(specs: Array<Partial<ControllerSpec> & { name: string }>): Promise<SimController[]> {
  sims = await Promise.all(specs.map((s) => startController({ jobDurationMs: 150, ...s })));
  return sims;
}

function inventory(list: SimController[]): InventoryController[] {
  return list.map((s) => ({
    id: `${s.host}:${s.port}`,
    name: s.spec.name,
    host: s.host,
    port: s.port,
    site: s.spec.site ?? null,
    username: 'admin',
    credential: null,
    fingerprint: null,
    target: null,
    notes: null,
  }));
}

function settings(list: SimController[], extra: Partial<BulkSettings> = {}): BulkSettings {
  const byId = new Map(list.map((s) => [`${s.host}:${s.port}`, s]));
  return {
    dataDir,
    archiveRoot: archive,
    target: 'Device',
    dataTypes: DATA_TYPE_PRESETS.all,
    envysion: 'all',
    format: 'json',
    credentials: async () => ({ username: 'admin', password: 'admin' }),
    trust: async (c) => ({ pin: byId.get(c.id)!.fingerprint }),
    retryBaseMs: 20,
    requestRetryBaseMs: 5,
    progressIntervalMs: 50,
    wait: { pollStartMs: 20, pollMaxMs: 100, listingGraceMs: 500, jobTimeoutMs: 10_000 },
    timeouts: { connectMs: 2_000, responseMs: 5_000, idleMs: 2_000 },
    ...extra,
  };
}

describe('bulk runs', () => {
  it('holds the global and per-site limits, backs up everyone, and judges each controller', async () => {
    const list = await fleet(
      Array.from({ length: 10 }, (_, i) => ({ name: `C${i}`, site: i % 2 ? 'North' : 'South', jobDurationMs: 300 })),
    );
    const events: BulkEvent[] = [];
    const run = await startBulkRun(
      inventory(list),
      settings(list, { concurrency: 3, perSite: 1, onEvent: (e) => events.push(e) }),
    );
    const record = await run.done;
    expect(record.totals).toMatchObject({ total: 10, succeeded: 10, ready: 10 });
    expect(jobGauge.maxRunning).toBe(2); // per-site 1 × 2 sites, below the global 3
    expect(jobGauge.maxForSite('North')).toBe(1);
    expect(jobGauge.maxForSite('South')).toBe(1);
    for (const r of record.results) expect(await sha256File(r.backup!.file!)).toBe(r.backup!.sha256);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished' });
    // Each controller's last event tells a live view how it ended, before the run's record exists.
    const ends = events.filter((e) => e.type === 'controller' && e.status === 'succeeded');
    expect(ends).toHaveLength(10);
    for (const e of ends)
      expect(e).toMatchObject({ outcome: { verdict: 'ready', verdictReason: null, errorCode: null } });
    const journal = await readJournal(dataDir, run.runId);
    expect(journal.finished).toBe(true);
    expect(journal.start.run.options).toMatchObject({ envysion: 'all', trustNew: false, concurrency: 3, perSite: 1 });
    expect([...journal.results.values()].every((r) => r.status === 'succeeded')).toBe(true);
  });

  it('a campus of mixed firmwares (every profile, v1 and v2) is backed up by the same detection and waiting as one backup', async () => {
    const list = await fleet(
      PROFILE_NAMES.flatMap((profile) => [
        { name: `${profile}-v1`, profile, usbKeyPresent: true, envysionProjects: ['Lobby'] },
        { name: `${profile}-v2`, profile, api: 'v2' as const },
      ]),
    );
    const record = await (
      await startBulkRun(
        inventory(list),
        settings(list, {
          concurrency: 4,
          wait: { pollStartMs: 20, pollMaxMs: 100, listingGraceMs: 500, jobTimeoutMs: 10_000, fileCheckMs: 200 },
        }),
      )
    ).done;
    expect(record.results.map((r) => [r.name, r.status, r.error?.code ?? null])).toEqual(
      list.map((s) => [s.spec.name, 'succeeded', null]),
    );
    for (const s of list) expect(basicLogins(s)).toBe(1);
    const stalled = record.results.find((r) => r.name === 'stalled-job-v1')!;
    expect(stalled.warnings?.join(' ')).toMatch(/still said 90 %/);
    expect(record.results.find((r) => r.name === 'documented-v1')!.backup!.envysionProjects).toEqual(['Lobby']);
  });

  it('runs as many at once as allowed when sites do not limit', async () => {
    const list = await fleet(Array.from({ length: 8 }, (_, i) => ({ name: `P${i}`, site: 'One', jobDurationMs: 400 })));
    const record = await (await startBulkRun(inventory(list), settings(list, { concurrency: 4 }))).done;
    expect(record.totals.succeeded).toBe(8);
    expect(jobGauge.maxRunning).toBe(4);
  });

  it('retries transient failures only, and tries a wrong password once', async () => {
    const list = await fleet([
      { name: 'BUSY', faults: { createBusyCount: 4 } },
      { name: 'BADPW', password: 'other' },
      { name: 'JOBFAIL', faults: { jobFails: true } },
      { name: 'FINE' },
    ]);
    const record = await (await startBulkRun(inventory(list), settings(list, { concurrency: 4 }))).done;
    const byName = new Map(record.results.map((r) => [r.name, r]));
    expect(byName.get('BUSY')).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(byName.get('BADPW')).toMatchObject({
      status: 'failed',
      attempts: 1,
      verdict: 'not-ready',
      error: { code: 'AUTH_FAILED' },
    });
    expect(basicLogins(list[1]!)).toBe(1);
    expect(byName.get('JOBFAIL')).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'JOB_FAILED' } });
    expect(byName.get('FINE')).toMatchObject({ status: 'succeeded', attempts: 1, verdict: 'ready' });
    expect(list[0]!.createdJobs).toBe(1);
  });

  it('a compatibility warning and a missing preview are "ready with warning", shown with the reason', async () => {
    const list = await fleet([
      { name: 'WARN', faults: { compatibility: 'WARNING_MISSMATCH_MODELNAME' } },
      { name: 'NOPREV', faults: { previewMissing: true } },
    ]);
    const record = await (await startBulkRun(inventory(list), settings(list))).done;
    expect(record.results.map((r) => [r.verdict, r.verdictReason])).toEqual([
      ['ready-with-warning', 'WARNING_MISSMATCH_MODELNAME'],
      ['ready-with-warning', expect.stringContaining('did not report')],
    ]);
  });

  it('cancel of the whole run: running and waiting controllers end cancelled, nothing partial kept', async () => {
    const list = await fleet(Array.from({ length: 6 }, (_, i) => ({ name: `X${i}`, jobDurationMs: 5_000 })));
    const run = await startBulkRun(inventory(list), settings(list, { concurrency: 2 }));
    await new Promise((r) => setTimeout(r, 400));
    run.cancel();
    const record = await run.done;
    expect(record.totals.cancelled).toBe(6);
    expect(record.results.every((r) => r.error?.code === 'CANCELLED')).toBe(true);
    expect((await listTree(archive)).filter((f) => f.endsWith('.part'))).toEqual([]);
    expect(list.filter((s) => s.requests.some((q) => q.path.endsWith('/cancel')))).toHaveLength(2);
  });

  it('cancel of one controller leaves the others running', async () => {
    const list = await fleet([{ name: 'SLOW', jobDurationMs: 5_000 }, { name: 'QUICK' }]);
    const run = await startBulkRun(inventory(list), settings(list, { concurrency: 2 }));
    await new Promise((r) => setTimeout(r, 300));
    run.cancel(`${list[0]!.host}:${list[0]!.port}`);
    const record = await run.done;
    expect(record.results.map((r) => r.status)).toEqual(['cancelled', 'succeeded']);
  });

  it('coalesces progress: hundreds of chunks never become hundreds of events per second', async () => {
    const list = await fleet(Array.from({ length: 4 }, (_, i) => ({ name: `B${i}`, backupBytes: 8 * 1024 * 1024 })));
    const times: number[] = [];
    const record = await (
      await startBulkRun(
        inventory(list),
        settings(list, {
          concurrency: 4,
          progressIntervalMs: 100,
          onEvent: (e) => e.type === 'run-progress' && times.push(Date.now()),
        }),
      )
    ).done;
    expect(record.totals.succeeded).toBe(4);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps.filter((g) => g < 90).length).toBeLessThanOrEqual(2); // the final flush may come early
  });

  it('resume after a kill between the create and its journal entry: the backup that create made is used, not a second one', async () => {
    const list = await fleet([{ name: 'HALF', jobDurationMs: 300 }]);
    const [c] = inventory(list);
    const runId = '20261128-000000-kill';
    const journal = await RunJournal.open(dataDir, runId);
    const run = {
      runId,
      sites: ['unassigned'],
      technician: 't',
      laptop: 'l',
      toolVersion: '0',
      startedAt: new Date().toISOString(),
      options: { target: 'Device', dataTypes: DATA_TYPE_PRESETS.all, concurrency: 1, perSite: null, dryRun: false },
    };
    await journal.append({ type: 'run-started', at: run.startedAt, run, controllers: [c!] });
    await journal.append({ type: 'controller-started', at: run.startedAt, id: c!.id, attempt: 1 });
    await journal.append({
      type: 'job-requested',
      at: run.startedAt,
      id: c!.id,
      job: { jobId: null, fileName: 'HALF_kill-1', before: [], envysionProjects: [] },
    });
    await journal.close();
    // The dead process's create reached the controller; its answer (the job id) never reached the journal.
    const created = await call(list[0]!, {
      method: 'POST',
      path: '/api/rest/v1/system/backup/create',
      auth: true,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ target: 'Device', fileName: 'HALF_kill-1', dataTypes: ['TIMEZONE'] }),
    });
    expect(created.status).toBe(200);

    const record = await (await resumeBulkRun(runId, settings(list))).done;
    expect(record.results[0]).toMatchObject({
      status: 'succeeded',
      backup: { deviceFileName: expect.stringMatching(/^HALF_kill-1_/) },
    });
    expect(list[0]!.createdJobs).toBe(1);
  });

  it('resume after a kill between journalling the intent and sending the create: one backup is made, at once', async () => {
    const list = await fleet([{ name: 'NEVER', jobDurationMs: 200 }]);
    const [c] = inventory(list);
    const runId = '20261128-000000-nevr';
    const journal = await RunJournal.open(dataDir, runId);
    const run = {
      runId,
      sites: ['unassigned'],
      technician: 't',
      laptop: 'l',
      toolVersion: '0',
      startedAt: new Date().toISOString(),
      options: { target: 'Device', dataTypes: DATA_TYPE_PRESETS.all, concurrency: 1, perSite: null, dryRun: false },
    };
    await journal.append({ type: 'run-started', at: run.startedAt, run, controllers: [c!] });
    await journal.append({
      type: 'job-requested',
      at: run.startedAt,
      id: c!.id,
      job: { jobId: null, fileName: 'NEVER_nevr-1', before: [], envysionProjects: [] },
    });
    await journal.close();
    const started = Date.now();
    const record = await (await resumeBulkRun(runId, settings(list))).done;
    expect(record.results[0]).toMatchObject({
      status: 'succeeded',
      backup: { deviceFileName: expect.stringMatching(/^NEVER_nevr-1_/) },
    });
    expect(list[0]!.createdJobs).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('pre-flight reads everything it reports and creates nothing', async () => {
    const list = await fleet([
      { name: 'OK1', revision: '8.0' },
      { name: 'OLD', revision: '3.5' },
      { name: 'PW', password: 'x' },
    ]);
    const pins = new Map(list.map((s) => [`${s.host}:${s.port}`, s.fingerprint]));
    await list[0]!.rotateCertificate();
    const report = await preflight(inventory(list), {
      archiveRoot: archive,
      concurrency: 3,
      format: 'json',
      trustNew: false,
      pinOf: (c) => pins.get(c.id),
      credentials: async () => ({ username: 'admin', password: 'admin' }),
    });
    expect(report.rows.map((r) => r.verdict)).toEqual(['blocked', 'blocked', 'blocked']);
    expect(report.rows[0]!.certificate?.state).toBe('changed');
    expect(report.rows[1]).toMatchObject({ login: 'ok', backupSupported: false, error: { code: 'API_UNSUPPORTED' } });
    expect(report.rows[2]).toMatchObject({ login: 'failed', error: { code: 'AUTH_FAILED' } });
    expect(report.freeBytes).toBeGreaterThan(0);
    expect(list.reduce((a, s) => a + s.createdJobs, 0)).toBe(0);
    expect(list.flatMap((s) => s.requests).filter((q) => q.method === 'POST')).toEqual([]);

    const fine = await preflight(
      inventory([list[1]!]).map((c) => ({ ...c })),
      {
        archiveRoot: archive,
        concurrency: 1,
        format: 'json',
        trustNew: true,
        pinOf: () => undefined,
        credentials: async () => ({ username: 'admin', password: 'admin' }),
      },
    );
    expect(fine.rows[0]!.certificate?.state).toBe('unknown');
    expect(path.isAbsolute(archive)).toBe(true);
  });
});

// A slot is handed on when a controller has nothing left to answer (the zip read-back, archiving and journal
// that follow are local). The limit is about load on controllers, so this checks it from the controllers'
// side: between the first request a controller receives and the last answer it gives, no more than
// `concurrency` controllers may be in that state at once.
describe('bulk slots', () => {
  it('never has more controllers between their first request and their last answer than the limit', async () => {
    sims = await Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        startController({ name: `S${i}`, jobDurationMs: 150, backupBytes: 2 * 1024 * 1024 }),
      ),
    );
    const hosts = new Set(sims.map((s) => `${s.host}:${s.port}`));
    // Per controller: when its first request started and when its last answer arrived, in order of events.
    const first = new Map<string, number>();
    const last = new Map<string, number>();
    let seq = 0;
    const hostOf = (req: ClientRequest): string => String(req.getHeader('host') ?? '');
    const onStart = (msg: unknown): void => {
      const h = hostOf((msg as { request: ClientRequest }).request);
      if (hosts.has(h) && !first.has(h)) first.set(h, seq++);
    };
    const onAnswer = (msg: unknown): void => {
      const h = hostOf((msg as { request: ClientRequest }).request);
      if (hosts.has(h)) last.set(h, seq++);
    };
    dc.subscribe('http.client.request.start', onStart);
    dc.subscribe('http.client.response.finish', onAnswer);
    try {
      const byId = new Map(sims.map((s) => [`${s.host}:${s.port}`, s]));
      const run = await startBulkRun(
        sims.map((s) => ({
          id: `${s.host}:${s.port}`,
          name: s.spec.name,
          host: s.host,
          port: s.port,
          site: null,
          username: 'admin',
          credential: null,
          fingerprint: null,
          target: null,
          notes: null,
        })),
        {
          dataDir,
          archiveRoot: archive,
          target: 'Device',
          dataTypes: DATA_TYPE_PRESETS.all,
          envysion: 'all',
          format: 'json',
          concurrency: 3,
          perSite: null,
          credentials: async () => ({ username: 'admin', password: 'admin' }),
          trust: async (c) => ({ pin: byId.get(c.id)!.fingerprint }),
          wait: { pollStartMs: 20, pollMaxMs: 100, listingGraceMs: 500, jobTimeoutMs: 10_000 },
        },
      );
      const record = await run.done;
      expect(record.totals.succeeded).toBe(9);
      for (const r of record.results) expect(await sha256File(r.backup!.file!)).toBe(r.backup!.sha256);
    } finally {
      dc.unsubscribe('http.client.request.start', onStart);
      dc.unsubscribe('http.client.response.finish', onAnswer);
    }
    expect(first.size).toBe(9);
    const edges = [...first.entries()].flatMap(([h, at]) => [
      { at, delta: 1 },
      { at: last.get(h)!, delta: -1 },
    ]);
    edges.sort((a, b) => a.at - b.at);
    let open = 0;
    let most = 0;
    for (const e of edges) most = Math.max(most, (open += e.delta));
    expect(most).toBe(3);
    expect(jobGauge.maxRunning).toBeLessThanOrEqual(3);
  });
});
