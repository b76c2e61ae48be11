import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Desktop } from '../../main/app/app-context';
import { createDispatch, type Dispatch } from '../../main/app/dispatch';
import { SettingsStore } from '../../main/app/settings-store';
import { MemoryStore } from '../../main/core/secrets/memory-store';
import { CALL_NAMES, CALLS, type EventName } from '../../preload/api';
import { startSimulator } from '../simulator/index';
import type { Simulator } from '../simulator/types';
import { tempDir } from '../support/fixtures';

const PASSWORD = 'Tr0ub4dor&3-distinctive';

let sim: Simulator;
let work: string;
let dispatch: Dispatch;
let activeRuns: () => number;
let closeApp: () => Promise<void>;
const events: Array<{ channel: EventName; payload: unknown }> = [];
const results: unknown[] = [];
const revealed: string[] = [];
const trustQuestions: string[] = [];
let trustAnswer = true;

/** Calls through the schema exactly as main/ipc.ts does, and keeps every result for the secrets audit. */
async function send<K extends keyof Dispatch>(channel: K, request: unknown): Promise<Awaited<ReturnType<Dispatch[K]>>> {
  const parsed = CALLS[channel].request.parse(request);
  const value = await (dispatch[channel] as (r: unknown) => Promise<unknown>)(parsed);
  results.push(value);
  return value as Awaited<ReturnType<Dispatch[K]>>;
}

function finished(runId: string): Promise<{ record: { totals: { succeeded: number; total: number } } }> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const e = events.find((x) => x.channel === 'run:finished' && (x.payload as { runId: string }).runId === runId);
      if (e) {
        clearInterval(timer);
        resolve(e.payload as never);
      }
    }, 20);
  });
}

const openedFiles: string[] = [];

beforeAll(async () => {
  work = await tempDir();
  sim = await startSimulator([
    { name: 'AHU-1', site: 'North', password: PASSWORD, jobDurationMs: 150 },
    { name: 'AHU-2', site: 'North', password: PASSWORD, jobDurationMs: 150 },
    { name: 'VAV-9', site: 'South', password: PASSWORD, jobDurationMs: 150, revision: '6.0' },
  ]);
  const desktop: Desktop = {
    chooseSaveFile: async () => path.join(work, 'export.csv'),
    chooseOpenFile: async () => null,
    chooseFolder: async () => path.join(work, 'chosen-archive'),
    reveal: (p) => revealed.push(p),
    open: async (p) => {
      openedFiles.push(p);
    },
    setProgress: () => undefined,
    notify: () => undefined,
    confirmTrust: async (o) => {
      trustQuestions.push(o.question);
      return trustAnswer;
    },
  };
  const secrets = new MemoryStore();
  ({
    dispatch,
    activeRuns,
    close: closeApp,
  } = createDispatch({
    dataDir: path.join(work, 'data'),
    home: work,
    desktop,
    secrets: async () => secrets,
    emit: (channel, payload) => events.push({ channel, payload }),
  }));
});
afterAll(async () => {
  await closeApp();
  await sim.close();
  await fs.rm(work, { recursive: true, force: true });
});

describe('the dispatch table behind the desktop contract', () => {
  it('serves every call of the contract', () => {
    expect(Object.keys(dispatch).sort()).toEqual([...CALL_NAMES].sort());
  });

  it('imports an inventory with its fingerprints as expected ones (not pins), and lists it; a probe that sees one pins it', async () => {
    const rows = sim.controllers.map((c) => `${c.spec.name},${c.host},${c.port},${c.spec.site},${c.fingerprint},Site`);
    const csv = `name,host,port,site,fingerprint,credential\n${rows.join('\n')}\n`;
    const summary = await send('inventory:importCsv', { text: csv, update: false });
    expect(summary).toMatchObject({ added: 3, pinned: 0, expected: 3, duplicates: 0 });
    expect((await send('inventory:list', {})).map((c) => c.credential)).toEqual(['Site', 'Site', 'Site']);
    expect(
      await send('controller:probe', { host: sim.controllers[0]!.host, port: sim.controllers[0]!.port }),
    ).toMatchObject({ pinState: 'pinned' });
  });

  it('trusting a certificate is asked in a native dialog main owns; "Cancel" pins nothing', async () => {
    const c = sim.controllers[2]!;
    const before = await send('controller:probe', { host: c.host, port: c.port });
    trustAnswer = false;
    const declined = send('controller:trust', { host: c.host, port: c.port, fingerprint: 'AB'.repeat(32) });
    // Said as what it is: nothing was cancelled, the technician chose not to trust.
    await expect(declined).rejects.toMatchObject({
      code: 'CANCELLED',
      hint: expect.stringContaining('Nothing was sent to this controller'),
    });
    expect(trustQuestions.at(-1)).toContain(`${c.host}:${c.port}`);
    expect(await send('controller:probe', { host: c.host, port: c.port })).toMatchObject({
      pinState: before.pinState,
      pinnedFingerprint: before.pinnedFingerprint,
    });
    trustAnswer = true;
  });

  it('declining to trust new controllers at the start of a run starts nothing, and says how to go on', async () => {
    const ids = (await send('inventory:list', {})).map((c) => c.id);
    const runsBefore = await send('runs:list', {});
    trustAnswer = false;
    try {
      const declined = send('bulk:start', {
        controllerIds: ids,
        target: 'Device',
        dataTypes: ['TIMEZONE'],
        trustNew: true,
      });
      await expect(declined).rejects.toMatchObject({
        code: 'CANCELLED',
        message: expect.stringContaining('not started'),
        hint: expect.stringContaining('No controller was contacted'),
      });
      await expect(declined).rejects.not.toMatchObject({ hint: expect.stringContaining('backup was cancelled') });
    } finally {
      trustAnswer = true;
    }
    expect(await send('runs:list', {})).toEqual(runsBefore);
  });

  it('an update changes only what it names', async () => {
    const [c] = await send('inventory:list', { search: 'VAV-9' });
    const updated = await send('inventory:update', { id: c!.id, patch: { notes: 'roof' } });
    expect(updated).toMatchObject({ ...c, notes: 'roof' });
    expect(() =>
      CALLS['bulk:start'].request.parse({
        controllerIds: [c!.id, c!.id],
        target: 'Device',
        dataTypes: ['GFX'],
        trustNew: false,
      }),
    ).toThrow(/only once/);
    expect(() => CALLS['settings:set'].request.parse({ archiveFolder: '/' })).toThrow();
  });

  it('keeps passwords write-only: a profile can be set and tested, never read back', async () => {
    const profile = await send('credentials:set', { profile: 'Site', username: 'admin', password: PASSWORD });
    expect(profile).toMatchObject({ name: 'Site', username: 'admin', hasSecret: true });
    expect(await send('credentials:has', { profile: 'Site' })).toBe(true);
    expect(JSON.stringify(await send('credentials:list', {}))).not.toContain(PASSWORD);
  });

  it('a single backup from the wizard runs, reports, and is listed in the archive and the runs', async () => {
    const [c] = await send('inventory:list', { search: 'AHU-1' });
    const { runId } = await send('backup:start', {
      controllerId: c!.id,
      credential: { username: 'admin', password: PASSWORD },
      target: 'Device',
      fileName: 'WIZARD',
      dataTypes: ['TIMEZONE', 'GFX'],
      envysion: [],
    });
    const done = await finished(runId);
    expect(done.record.totals).toMatchObject({ succeeded: 1, total: 1 });
    const archive = await send('archive:list', {});
    expect(archive).toHaveLength(1);
    expect(archive[0]).toMatchObject({
      controller: 'AHU-1',
      site: 'North',
      deviceFileName: expect.stringMatching(/^WIZARD_/),
    });
    expect((await send('runs:list', {}))[0]).toMatchObject({ runId, finished: true });
    const reports = await send('report:export', { runId });
    await expect(fs.stat(reports.html)).resolves.toBeTruthy();
    await send('archive:reveal', { path: archive[0]!.path });
    expect(revealed.at(-1)).toContain('WIZARD_');
    await expect(send('archive:reveal', { path: '../../etc/passwd' })).rejects.toMatchObject({ code: 'DISK_ERROR' });
    const root = (await send('settings:get', {})).archiveFolder;
    await fs.mkdir(path.join(work, 'outside'), { recursive: true });
    await fs.writeFile(path.join(work, 'outside', 'secret.txt'), 'not a backup');
    await fs.symlink(path.join(work, 'outside'), path.join(root, 'escape'));
    const before = revealed.length;
    await expect(send('archive:reveal', { path: 'escape/secret.txt' })).rejects.toMatchObject({ code: 'DISK_ERROR' });
    expect(revealed).toHaveLength(before);
    await fs.rm(path.join(root, 'escape'));
  });

  it('pre-flight and a bulk run over the inventory with the keychain profile', async () => {
    const ids = (await send('inventory:list', {})).map((c) => c.id);
    const report = await send('bulk:preflight', { controllerIds: ids, trustNew: false });
    expect(report.rows.map((r) => r.verdict)).toEqual(['ready', 'ready', 'ready']);
    const { runId } = await send('bulk:start', {
      controllerIds: ids,
      target: 'Device',
      dataTypes: ['TIMEZONE'],
      trustNew: false,
    });
    expect(activeRuns()).toBe(1);
    const done = await finished(runId);
    expect(done.record.totals).toMatchObject({ succeeded: 3, total: 3 });
    expect(activeRuns()).toBe(0);
    expect(events.some((e) => e.channel === 'run:progress')).toBe(true);
    expect((await send('runs:get', { runId })).results.map((r) => r.verdict)).toEqual(['ready', 'ready', 'ready']);
    const opened = await send('report:open', { runId });
    expect(openedFiles.at(-1)).toBe(opened.html);
  });

  it('the controllers overview joins the inventory with pins, the newest backup and the last run', async () => {
    const rows = await send('controllers:overview', {});
    expect(rows.map((r) => r.controller.name).sort()).toEqual(['AHU-1', 'AHU-2', 'VAV-9']);
    for (const row of rows) {
      expect(row).toMatchObject({
        certState: 'pinned',
        pinnedFingerprint: expect.any(String),
        lastRun: { status: 'succeeded', errorCode: null },
      });
      // Model and firmware come from the backup's sidecar: the Controllers screen shows them.
      expect(row.lastBackup).toMatchObject({
        verdict: 'ready',
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        modelName: expect.stringMatching(/\S/),
        softwareVersion: expect.stringMatching(/\S/),
      });
    }
    const archive = await send('archive:list', {});
    const ahu = rows.find((r) => r.controller.name === 'AHU-1')!;
    expect(ahu.lastBackup!.path).toBe(archive.find((e) => e.controller === 'AHU-1')!.path);
    expect(archive.every((e) => e.verdict === 'ready' && e.verdictReason === null)).toBe(true);
  });

  it('settings: defaults, validated changes, and a hand-damaged file that loses nothing', async () => {
    const s = await send('settings:get', {});
    expect(s).toMatchObject({
      concurrency: 4,
      format: 'json',
      archiveFolder: path.join(work, 'Documents', 'ECLYPSE Backups'),
    });
    expect(() => CALLS['settings:set'].request.parse({ concurrency: 99 })).toThrow();
    expect(await send('settings:set', { concurrency: 8 })).toMatchObject({ concurrency: 8 });
    const file = path.join(work, 'data', 'settings.json');
    await fs.writeFile(file, '{"concurrency": "lots"');
    const store = await SettingsStore.load(path.join(work, 'data'), work);
    expect(store.get().concurrency).toBe(4);
    expect(store.warning).toMatch(/defaults/);
    expect(await send('settings:get', {})).toMatchObject({
      concurrency: 4,
      warning: expect.stringMatching(/defaults/),
    });
    await store.set({ perSite: 2 });
    const aside = (await fs.readdir(path.join(work, 'data'))).filter((f) => f.startsWith('settings.damaged-'));
    expect(aside).toHaveLength(1);
    expect(await fs.readFile(path.join(work, 'data', aside[0]!), 'utf8')).toBe('{"concurrency": "lots"');
  });

  it('lists a run whose journal is damaged instead of hiding it', async () => {
    await fs.writeFile(
      path.join(work, 'data', 'runs', '20261128-000000-bad1.jsonl'),
      'not json\n{"type":"run-resumed","at":"x"}\n',
    );
    const listed = (await send('runs:list', {})).find((r) => r.runId === '20261128-000000-bad1');
    expect(listed).toMatchObject({ finished: false, damaged: expect.stringContaining('damaged') });
  });

  it('a controller with no credential profile fails with what to do in the app, and a retry with the password typed again backs it up', async () => {
    const [c] = await send('inventory:list', { search: 'AHU-2' });
    const profiles = await send('credentials:list', {});
    await send('inventory:update', { id: c!.id, patch: { credential: null, username: 'admin' } });
    try {
      const { runId } = await send('bulk:start', {
        controllerIds: [c!.id],
        target: 'Device',
        dataTypes: ['TIMEZONE'],
        trustNew: false,
      });
      await finished(runId);
      const error = (await send('runs:get', { runId })).results[0]!.error;
      expect(error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('never stored') });
      expect(error!.message).toContain('Controllers → Edit');
      expect(error!.message).not.toContain('--password-env');
      // Retried with the password typed again: used for that retry, and the controller is backed up.
      const ends = (id = runId) =>
        events.filter((x) => x.channel === 'run:finished' && (x.payload as { runId: string }).runId === id).length;
      const before = ends();
      await send('runs:resume', { runId, password: PASSWORD });
      await vi.waitFor(() => expect(ends()).toBe(before + 1), { timeout: 20_000 });
      expect((await send('runs:get', { runId })).results[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
      // Nothing was kept of it.
      expect(await send('credentials:list', {})).toEqual(profiles);

      // Or the controller is given a credential profile after the failure: the retry logs in with it.
      const again = await send('bulk:start', {
        controllerIds: [c!.id],
        target: 'Device',
        dataTypes: ['TIMEZONE'],
        trustNew: false,
      });
      await vi.waitFor(() => expect(ends(again.runId)).toBe(1), { timeout: 20_000 });
      expect((await send('runs:get', { runId: again.runId })).results[0]).toMatchObject({ status: 'failed' });
      await send('inventory:update', { id: c!.id, patch: { credential: 'Site' } });
      await send('runs:resume', { runId: again.runId });
      await vi.waitFor(() => expect(ends(again.runId)).toBe(2), { timeout: 20_000 });
      expect((await send('runs:get', { runId: again.runId })).results[0]).toMatchObject({ status: 'succeeded' });
    } finally {
      await send('inventory:update', { id: c!.id, patch: { credential: 'Site' } });
    }
  });

  it("Help → Export diagnostics: a HAR of a trusted controller in the archive's reports folder, with no secret in it", async () => {
    const [c] = await send('inventory:list', { search: 'AHU-2' });
    const captured = await send('diagnostics:capture', { controllerId: c!.id, withBackup: false });
    expect(captured.path).toMatch(/^reports[\\/]diagnostics[\\/]AHU-2-\d{8}-\d{6}\.har$/);
    expect(captured.summary[0]).toMatch(/API v1/);
    const root = (await send('settings:get', {})).archiveFolder;
    const text = await fs.readFile(path.join(root, captured.path), 'utf8');
    expect(JSON.parse(text)).toMatchObject({
      log: { version: '1.2', _eclypse: { api: 'v1', controller: { host: c!.host, port: c!.port } } },
    });
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(Buffer.from(`admin:${PASSWORD}`).toString('base64'));
    // Read only: nothing was created on the controller.
    expect(
      sim.controllers[1]!.requests.filter(
        (r) => r.method === 'POST' && r.at >= Date.parse(JSON.parse(text).log._eclypse.capturedAt),
      ),
    ).toEqual([]);
    // A controller nobody trusted yet is not logged in to.
    const stranger = await send('inventory:add', { name: 'NEW-1', host: '127.0.0.1', port: 9, username: 'admin' });
    await expect(
      send('diagnostics:capture', { controllerId: stranger.id, withBackup: false, password: PASSWORD }),
    ).rejects.toMatchObject({ code: 'CERT_UNTRUSTED' });
    await send('inventory:remove', { id: stranger.id });
  });

  it('never lets a password into an event or a result', () => {
    const everything = JSON.stringify({ events, results });
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(Buffer.from(`admin:${PASSWORD}`).toString('base64'));
  });
});
