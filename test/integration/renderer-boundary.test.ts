import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDispatch, type Dispatch } from '../../main/app/dispatch';
import { KnownDevices } from '../../main/core/inventory/known-devices';
import { MemoryStore } from '../../main/core/secrets/memory-store';
import { CALLS, type EventName } from '../../preload/api';
import { createFakeDesktop } from '../harness/fake-desktop';
import { startController } from '../simulator/index';
import type { SimController } from '../simulator/types';
import { basicLogins, tempDir } from '../support/fixtures';

// The renderer is a boundary too (a page that runs injected script must not be able to trust certificates or
// spend passwords): what it sends through the contract is checked by main. Fingerprints it gives (inventory
// add, update, CSV import) are only EXPECTED until main's own handshake sees that certificate, or the
// technician confirms it in the native dialog; a credential profile's password goes only to the controllers
// the inventory assigns it to.

const BOILER_PASSWORD = 'boiler-room-secret-77';
let work: string;
let dataDir: string;
let boiler: SimController;
let stranger: SimController;
let dispatch: Dispatch;
let closeApp: () => Promise<void>;
const events: Array<{ channel: EventName; payload: unknown }> = [];
const desktop = createFakeDesktop({ trust: false });

async function send<K extends keyof Dispatch>(channel: K, request: unknown): Promise<Awaited<ReturnType<Dispatch[K]>>> {
  return (dispatch[channel] as (r: unknown) => Promise<Awaited<ReturnType<Dispatch[K]>>>)(
    CALLS[channel].request.parse(request),
  );
}
const pinsOnDisk = async () => {
  const known = await KnownDevices.load(dataDir);
  return [boiler, stranger].map((s) => known.get(s.host, s.port)?.fingerprint ?? null);
};
const idOf = (s: SimController) => `${s.host}:${s.port}`;

beforeAll(async () => {
  work = await tempDir('eclypse-boundary-');
  dataDir = path.join(work, 'data');
  boiler = await startController({
    name: 'BOILER',
    site: 'Plant',
    password: BOILER_PASSWORD,
    jobDurationMs: 60,
    backupBytes: 8 * 1024,
  });
  // Its own account is also "admin"/BOILER_PASSWORD: it would accept — and see — the boiler room's password.
  stranger = await startController({
    name: 'STRANGER',
    site: 'Plant',
    password: BOILER_PASSWORD,
    jobDurationMs: 60,
    backupBytes: 8 * 1024,
  });
  const secrets = new MemoryStore();
  desktop.choices.folder = path.join(work, 'archive');
  ({ dispatch, close: closeApp } = createDispatch({
    dataDir,
    home: work,
    desktop,
    secrets: async () => secrets,
    emit: (channel, payload) => events.push({ channel, payload }),
  }));
  await send('settings:chooseArchiveFolder', {});
  await send('credentials:set', { profile: 'Boiler room', username: 'admin', password: BOILER_PASSWORD });
});
afterAll(async () => {
  // The last run's reports are written a moment after run:finished: removing the folder first would race them.
  await closeApp();
  await Promise.all([boiler.close(), stranger.close()]);
  await fs.rm(work, { recursive: true, force: true });
});

describe('fingerprints from the renderer are expected, not trusted', () => {
  it('a CSV import and an added controller pin nothing; the overview says "not trusted yet"', async () => {
    const csv = `name,host,port,site,fingerprint,credential\nBOILER,${boiler.host},${boiler.port},Plant,${boiler.fingerprint},Boiler room\n`;
    const summary = await send('inventory:importCsv', { text: csv, update: false });
    expect(summary).toMatchObject({ added: 1, pinned: 0, expected: 1 });
    // A fingerprint that is not the stranger's certificate (a page could invent any).
    await send('inventory:add', {
      name: 'STRANGER',
      host: stranger.host,
      port: stranger.port,
      site: 'Plant',
      fingerprint: 'AB:'.repeat(31) + 'AB',
    });
    expect(await pinsOnDisk()).toEqual([null, null]);
    const overview = await send('controllers:overview', {});
    expect(overview.map((o) => [o.controller.name, o.pinnedFingerprint, o.certState])).toEqual([
      ['BOILER', null, 'unknown'],
      ['STRANGER', null, 'unknown'],
    ]);
  });

  it('a probe that sees the expected certificate confirms it (pinned); one that sees another is a change, and pins nothing', async () => {
    expect(await send('controller:probe', { host: boiler.host, port: boiler.port })).toMatchObject({
      pinState: 'pinned',
      pinnedFingerprint: boiler.fingerprint,
    });
    const other = await send('controller:probe', { host: stranger.host, port: stranger.port });
    expect(other).toMatchObject({
      pinState: 'changed',
      expectedFingerprint: 'AB:'.repeat(31) + 'AB',
      certificate: { fingerprint: stranger.fingerprint },
    });
    expect(await pinsOnDisk()).toEqual([boiler.fingerprint, null]);
    // Probes send no HTTP.
    expect([...boiler.requests, ...stranger.requests]).toEqual([]);
  });

  it('only the native dialog trusts what the probe did not confirm', async () => {
    desktop.choices.trust = false;
    await expect(
      send('controller:trust', { host: stranger.host, port: stranger.port, fingerprint: stranger.fingerprint }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await pinsOnDisk()).toEqual([boiler.fingerprint, null]);
    desktop.choices.trust = true;
    await send('controller:trust', { host: stranger.host, port: stranger.port, fingerprint: stranger.fingerprint });
    expect(await pinsOnDisk()).toEqual([boiler.fingerprint, stranger.fingerprint]);
  });
});

describe('a credential profile is spent only where the inventory assigns it', () => {
  const start = (s: SimController, credential: unknown) =>
    send('backup:start', {
      controllerId: idOf(s),
      credential,
      target: 'Device',
      dataTypes: ['TIMEZONE'],
      envysion: 'all',
    });
  const finished = (runId: string) =>
    vi.waitFor(
      () => {
        const e = events.find((x) => x.channel === 'run:finished' && (x.payload as { runId: string }).runId === runId);
        if (!e) throw new Error('not finished');
        return (e.payload as { record: { totals: { succeeded: number } } }).record;
      },
      { timeout: 20_000 },
    );

  it("backup:start and the ENVYSION list with another controller's profile are refused before anything is sent", async () => {
    await expect(start(stranger, { profile: 'Boiler room' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('not assigned to STRANGER'),
    });
    await expect(
      send('controller:envysionProjects', { controllerId: idOf(stranger), credential: { profile: 'Boiler room' } }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(stranger.requests).toEqual([]);
    expect(await send('runs:list', {})).toEqual([]);
  });

  it('the controller the inventory gives the profile to is backed up with it', async () => {
    const { runId } = await start(boiler, { profile: 'Boiler room' });
    expect((await finished(runId)).totals.succeeded).toBe(1);
    expect(basicLogins(boiler)).toBe(1);
  });

  it("a login typed in the wizard and remembered becomes that controller's profile, and only its", async () => {
    const { runId } = await start(stranger, { username: 'admin', password: BOILER_PASSWORD, remember: 'Stranger' });
    expect((await finished(runId)).totals.succeeded).toBe(1);
    const listed = await send('inventory:list', {});
    expect(listed.map((c) => [c.name, c.credential])).toEqual([
      ['BOILER', 'Boiler room'],
      ['STRANGER', 'Stranger'],
    ]);
    await expect(start(boiler, { profile: 'Stranger' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
