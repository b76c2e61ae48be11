import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desktop } from '../../main/app/app-context';
import { RunService } from '../../main/app/run-service';
import type { InventoryController } from '../../shared/inventory';
import { MemoryStore } from '../../main/core/secrets/memory-store';
import type { Settings } from '../../preload/api';
import { createFakeDesktop } from '../harness/fake-desktop';
import { startController } from '../simulator/index';
import type { SimController } from '../simulator/types';
import { tempDir } from '../support/fixtures';

let sim: SimController;
let dataDir: string;
let archive: string;

beforeAll(async () => {
  sim = await startController({ name: 'AHU-1', site: 'North', jobDurationMs: 100, backupBytes: 32 * 1024 });
  dataDir = await tempDir();
  archive = await tempDir();
});
afterAll(async () => {
  await sim?.close();
  await fs.rm(dataDir, { recursive: true, force: true });
  await fs.rm(archive, { recursive: true, force: true });
});

function fixtures() {
  const controller: InventoryController = {
    id: `${sim.host}:${sim.port}`,
    name: 'AHU-1',
    host: sim.host,
    port: sim.port,
    site: 'North',
    username: 'admin',
    credential: null,
    fingerprint: null,
    target: null,
    notes: null,
  };
  const settings: Settings = {
    archiveFolder: archive,
    concurrency: 2,
    perSite: null,
    connectTimeoutSeconds: 10,
    jobTimeoutMinutes: 5,
    format: 'json',
    language: 'system',
    density: 'comfortable',
  };
  const access = {
    credentials: async () => ({ username: 'admin', password: 'admin' }),
    trust: async () => ({ pin: sim.fingerprint }),
  };
  const options = { target: 'Device' as const, dataTypes: ['TIMEZONE' as const], envysion: 'all' as const };
  return { controller, settings, access, options };
}

async function until(done: () => boolean, ms: number): Promise<void> {
  for (const end = Date.now() + ms; !done() && Date.now() < end;) await new Promise((r) => setTimeout(r, 20));
}

describe('RunService', () => {
  it('never backs up one controller in two runs at once, and resumes a run once (a double click)', async () => {
    const { controller, settings, access, options } = fixtures();
    const finished: string[] = [];
    const service = new RunService({
      dataDir,
      home: dataDir,
      desktop: createFakeDesktop(),
      secrets: async () => new MemoryStore(),
      emit: (channel, payload) => {
        if (channel === 'run:finished') finished.push((payload as { runId: string }).runId);
      },
    });
    const first = await service.start([controller], settings, options, access);
    await expect(service.start([controller], settings, options, access)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/already being backed up by another run/),
    });
    await expect(service.resume(first.runId, settings, access)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: 'This run is still going.',
    });
    // Cancelled, so that the resume below has the controller to back up (a run while the guard is checked).
    service.cancel(first.runId);
    await until(() => finished.length === 1, 20_000);
    expect(finished).toEqual([first.runId]);
    // Resume clicked twice: the second is refused before either has read the journal.
    const twice = [service.resume(first.runId, settings, access), service.resume(first.runId, settings, access)];
    await expect(twice[1]).rejects.toMatchObject({ message: 'This run is still going.' });
    await expect(twice[0]).resolves.toEqual({ runId: first.runId });
    await expect(service.start([controller], settings, options, access)).rejects.toMatchObject({
      message: expect.stringMatching(/already being backed up by another run/),
    });
    await until(() => finished.length === 2 && service.activeCount() === 0, 20_000);
    expect(finished).toEqual([first.runId, first.runId]);
    expect((await service.get(first.runId)).totals).toMatchObject({ total: 1, succeeded: 1 });
  });

  it('frees a run\'s controllers when it says it is over, so "Retry failed" clicked at once is not refused', async () => {
    const { controller, settings, access, options } = fixtures();
    let again: Promise<unknown> | undefined;
    const finished: string[] = [];
    const desktop: Desktop = createFakeDesktop();
    const service: RunService = new RunService({
      dataDir,
      home: dataDir,
      desktop,
      secrets: async () => new MemoryStore(),
      emit: (channel, payload) => {
        if (channel !== 'run:finished') return;
        finished.push((payload as { runId: string }).runId);
        // The very moment the window hears the end (the claim is checked before the first await of start).
        if (!again) again = service.start([controller], settings, options, access);
      },
    });
    const first = await service.start([controller], settings, options, access);
    for (const until = Date.now() + 20_000; finished.length < 2 && Date.now() < until;)
      await new Promise((r) => setTimeout(r, 20));
    await expect(again).resolves.toMatchObject({ runId: expect.any(String) });
    expect(finished).toHaveLength(2);
    expect(finished[0]).toBe(first.runId);
    // The first run's late cleanup (after its reports) must not free the second run's claim.
    for (const until = Date.now() + 10_000; service.activeCount() > 0 && Date.now() < until;)
      await new Promise((r) => setTimeout(r, 20));
    expect(service.activeCount()).toBe(0);
  });

  it('settled() (what quitting waits for) resolves once the reports of a run that has said it is over are on disk', async () => {
    const { controller, settings, access, options } = fixtures();
    const reports = () => {
      try {
        return fsSync.readdirSync(path.join(archive, 'reports'));
      } catch {
        return [];
      }
    };
    let heard: (files: string[]) => void = () => undefined;
    const whenHeard = new Promise<string[]>((resolve) => (heard = resolve));
    const desktop = createFakeDesktop();
    const service = new RunService({
      dataDir,
      home: dataDir,
      desktop,
      secrets: async () => new MemoryStore(),
      emit: (channel) => {
        if (channel === 'run:finished') heard(reports());
      },
    });
    const { runId } = await service.start([controller], settings, options, access);
    const ours = (files: string[]) => files.filter((f) => f.includes(runId));
    // The window hears the end before the reports are written (so it may be closed at once)...
    expect(ours(await whenHeard)).toEqual([]);
    // ...and quitting, which waits for settled(), finds all three whole.
    await service.settled();
    expect(
      ours(reports())
        .map((f) => path.extname(f))
        .sort(),
    ).toEqual(['.csv', '.html', '.json']);
    expect(desktop.notifications.map((n) => n.title)).toEqual(['Backup run finished']);
  });
});
