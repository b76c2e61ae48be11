import dc from 'node:diagnostics_channel';
import fs from 'node:fs/promises';
import type { ClientRequest } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBulkRun } from '../../main/core/backup/bulk-runner';
import { DATA_TYPE_PRESETS } from '../../main/core/backup/options';
import { jobGauge, startController } from '../simulator/index';
import type { SimController } from '../simulator/types';
import { sha256File, tempDir } from '../support/fixtures';

// A slot is handed on when a controller has nothing left to answer (the zip read-back, archiving and journal
// that follow are local). The limit is about load on controllers, so this checks it from the controllers'
// side: between the first request a controller receives and the last answer it gives, no more than
// `concurrency` controllers may be in that state at once.

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

describe('bulk slots', () => {
  it('never has more controllers between their first request and their last answer than the limit', async () => {
    sims = await Promise.all(Array.from({ length: 9 }, (_, i) => startController({ name: `S${i}`, jobDurationMs: 150, backupBytes: 2 * 1024 * 1024 })));
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
        sims.map((s) => ({ id: `${s.host}:${s.port}`, name: s.spec.name, host: s.host, port: s.port, site: null, username: 'admin', credential: null, fingerprint: null, target: null, notes: null })),
        {
          dataDir, archiveRoot: archive, target: 'Device', dataTypes: DATA_TYPE_PRESETS.all, envysion: 'all', format: 'json', concurrency: 3, perSite: null,
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
