import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDispatch, type Dispatch } from '../../main/app/dispatch';
import { preflight } from '../../main/core/runs/preflight';
import type { InventoryController } from '../../shared/inventory';
import { MemoryStore } from '../../main/core/secrets/memory-store';
import { CALLS, type EventName } from '../../preload/api';
import { createFakeDesktop, type FakeDesktop } from '../harness/fake-desktop';
import { startController } from '../simulator/index';
import type { SimController } from '../simulator/types';
import { basicLogins, tempDir } from '../support/fixtures';
import { runCli } from '../support/run-cli';

// "Trust controllers seen for the first time" must not mean "send them the keychain password during the
// check": pre-flight probes a controller without a pin (its fingerprint is shown, "not trusted yet") and signs
// in only to controllers the technician trusted. The trust itself is confirmed when the run starts.

const PASSWORD = 'pre-flight-secret-9';
let work: string;
let sims: SimController[] = [];

beforeAll(async () => {
  work = await tempDir('eclypse-preflight-trust-');
});
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});
afterAll(async () => {
  await fs.rm(work, { recursive: true, force: true });
});

async function fleet(names: string[]): Promise<SimController[]> {
  sims = await Promise.all(
    names.map((name) =>
      startController({ name, site: 'Plant', password: PASSWORD, jobDurationMs: 80, backupBytes: 8 * 1024 }),
    ),
  );
  return sims;
}

function controllerOf(s: SimController): InventoryController {
  return {
    id: `${s.host}:${s.port}`,
    name: s.spec.name,
    host: s.host,
    port: s.port,
    site: 'Plant',
    username: 'admin',
    credential: null,
    fingerprint: null,
    target: null,
    notes: null,
  };
}

describe('pre-flight and first contact', () => {
  it('core: with trustNew, a controller without a pin is probed only — no HTTP request, no password asked for', async () => {
    const [fresh] = await fleet(['FRESH']);
    const credentials = vi.fn(async () => ({ username: 'admin', password: PASSWORD }));
    const report = await preflight([controllerOf(fresh!)], {
      archiveRoot: path.join(work, 'a'),
      concurrency: 1,
      format: 'json',
      trustNew: true,
      pinOf: () => undefined,
      credentials,
    });
    const row = report.rows[0]!;
    expect(row).toMatchObject({
      reachable: true,
      login: 'not-tried',
      verdict: 'warning',
      certificate: { state: 'unknown', fingerprint: fresh!.fingerprint },
    });
    expect(row.reasons.join(' ')).toContain(`Not trusted yet (fingerprint ${fresh!.fingerprint})`);
    expect(row.reasons.join(' ')).toContain('no password was sent');
    expect(credentials).not.toHaveBeenCalled();
    expect(fresh!.requests).toEqual([]);
  });

  it('app: Check signs in only to the trusted controller; the new one gets nothing until Start asks the native question', async () => {
    const [trusted, fresh] = await fleet(['TRUSTED', 'FRESH']);
    const desktop: FakeDesktop = createFakeDesktop({ trust: true });
    const secrets = new MemoryStore();
    const events: Array<{ channel: EventName; payload: unknown }> = [];
    const { dispatch, close } = createDispatch({
      dataDir: path.join(work, 'app-data'),
      home: work,
      desktop,
      secrets: async () => secrets,
      emit: (channel, payload) => events.push({ channel, payload }),
    });
    const send = async <K extends keyof Dispatch>(channel: K, request: unknown) =>
      (dispatch[channel] as (r: unknown) => Promise<Awaited<ReturnType<Dispatch[K]>>>)(
        CALLS[channel].request.parse(request),
      );
    desktop.choices.folder = path.join(work, 'app-archive');
    await send('settings:chooseArchiveFolder', {});
    await send('credentials:set', { profile: 'Plant', username: 'admin', password: PASSWORD });
    for (const s of [trusted!, fresh!])
      await send('inventory:add', {
        name: s.spec.name,
        host: s.host,
        port: s.port,
        site: 'Plant',
        credential: 'Plant',
      });
    // The technician trusted one of them in the wizard (native dialog).
    await send('controller:trust', { host: trusted!.host, port: trusted!.port, fingerprint: trusted!.fingerprint });
    desktop.trustQuestions.length = 0;

    const ids = [trusted!, fresh!].map((s) => `${s.host}:${s.port}`);
    const report = await send('bulk:preflight', { controllerIds: ids, trustNew: true });
    expect(report.rows.map((r) => [r.name, r.login, r.verdict])).toEqual([
      ['TRUSTED', 'ok', 'ready'],
      ['FRESH', 'not-tried', 'warning'],
    ]);
    expect(report.rows[1]!.certificate).toMatchObject({ state: 'unknown', fingerprint: fresh!.fingerprint });
    expect(basicLogins(trusted!)).toBe(1);
    expect(fresh!.requests).toEqual([]);
    // Nothing was confirmed by the check: the question comes with Start.
    expect(desktop.trustQuestions).toEqual([]);

    const { runId } = await send('bulk:start', {
      controllerIds: ids,
      target: 'Device',
      dataTypes: ['TIMEZONE'],
      trustNew: true,
    });
    expect(desktop.trustQuestions).toHaveLength(1);
    await vi.waitFor(
      () =>
        expect(
          events.some((e) => e.channel === 'run:finished' && (e.payload as { runId: string }).runId === runId),
        ).toBe(true),
      { timeout: 20_000 },
    );
    expect(basicLogins(fresh!)).toBe(1);
    await close();
  });

  it('CLI: bulk --dry-run --trust-new contacts a new controller with a TLS handshake only', async () => {
    const [fresh] = await fleet(['FRESH']);
    const csv = path.join(work, 'inventory.csv');
    await fs.writeFile(csv, `name,host,port,site,username\nFRESH,${fresh!.host},${fresh!.port},Plant,admin\n`);
    const r = await runCli(
      [
        'bulk',
        '--inventory',
        csv,
        '--password-env',
        'PW',
        '--trust-new',
        '--dry-run',
        '--data-dir',
        path.join(work, 'cli-data'),
        '--out',
        path.join(work, 'cli-archive'),
      ],
      { PW: PASSWORD },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Not trusted yet (fingerprint ${fresh!.fingerprint})`);
    expect(r.stdout).toMatch(/FRESH .* unknown +not-tried/);
    expect(fresh!.requests).toEqual([]);
  });
});
