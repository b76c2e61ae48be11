import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BackupSpec } from '../../main/core/backup/pipeline';
import { preflight } from '../../main/core/runs/preflight';
import { englishHint } from '../../shared/errors';
import { call, login } from '../simulator/raw-requests';
import { startController } from '../simulator/index';
import type { ControllerSpec, SimController } from '../simulator/types';
import { backupSim, basicLogins, tempDir } from '../support/fixtures';

// Real controllers differ from our first simulator where the documentation leaves room. Each block below is
// one of those places (issue 11, items 1–10), run over real TLS against the firmware profile that answers so.

const V1 = '/api/rest/v1';
/** The file list is read every 150 ms while a job runs here (12 s on a site). */
const FAST: Partial<BackupSpec> = {
  wait: {
    pollStartMs: 20,
    pollMaxMs: 100,
    pollMinMs: 20,
    listingGraceMs: 1_000,
    jobTimeoutMs: 60_000,
    fileCheckMs: 150,
  },
};

let archive: string;
const started: SimController[] = [];
beforeAll(async () => {
  archive = await tempDir('eclypse-field-');
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await fs.rm(archive, { recursive: true, force: true });
});

async function controller(spec: Partial<ControllerSpec>): Promise<SimController> {
  const ctl = await startController({ name: 'AHU-FF', jobDurationMs: 120, backupBytes: 64 * 1024, ...spec });
  started.push(ctl);
  return ctl;
}

function createBodies(ctl: SimController): Array<Record<string, unknown>> {
  return ctl.requests
    .filter((r) => r.method === 'POST' && r.path.includes('/create'))
    .map((r) => JSON.parse(r.body) as Record<string, unknown>);
}

describe('1. the Backup object of GET /system/backup', () => {
  it('a body with only dataTypes gives no ENVYSION projects (never the 13 data types), and the create is accepted', async () => {
    const ctl = await controller({ profile: 'documented' });
    const outcome = await backupSim(ctl, archive, FAST);
    expect(outcome.error).toBeNull();
    expect(outcome.backup!.envysionProjects).toEqual([]);
    expect(createBodies(ctl)[0]!.envysionProjects).toEqual([]);
  });

  it('projects are read by field name, in JSON and in XML (one project is one XML element)', async () => {
    const json = await controller({ profile: 'documented', envysionProjects: ['Lobby', 'Roof'] });
    expect((await backupSim(json, archive, FAST)).backup!.envysionProjects).toEqual(['Lobby', 'Roof']);
    const xml = await controller({ name: 'AHU-XML', profile: 'documented', envysionProjects: ['Lobby'] });
    const outcome = await backupSim(xml, archive, { ...FAST, format: 'xml' });
    expect(outcome.error).toBeNull();
    expect(outcome.backup!.envysionProjects).toEqual(['Lobby']);
  });
});

describe('2. which API, decided after the login', () => {
  it.each([
    ['firmware 2.x that answers 401 to anything anonymous', { api: 'v2', profile: 'field-quirks' }, 'v2'],
    ['firmware 2.x that answers the v1 root but has no /info', { api: 'v2', profile: 'documented' }, 'v2'],
    ['firmware 1.x that answers 401 to anything anonymous', { profile: 'documented' }, 'v1'],
  ] as const)('%s: backed up with one login, as the API it speaks', async (_label, spec, api) => {
    const ctl = await controller(spec);
    const outcome = await backupSim(ctl, archive, FAST);
    expect(outcome.error).toBeNull();
    expect(outcome.device!.api).toBe(api);
    expect(basicLogins(ctl)).toBe(1);
  });
});

describe('3. a job that never says "done"', () => {
  it.each([
    ['stays at 90 %', 'stalled-job', 90],
    ['stays at 0 %', 'field-quirks', 0],
  ] as const)(
    '%s: the new file, steady over two listings and read back whole, completes the backup; the job is never cancelled',
    async (_label, profile, percent) => {
      const ctl = await controller({ profile, jobDurationMs: 200 });
      const t0 = Date.now();
      const outcome = await backupSim(ctl, archive, FAST);
      expect(outcome.error).toBeNull();
      expect(Date.now() - t0).toBeLessThan(15_000);
      expect(outcome.warnings.join(' ')).toContain(`still said ${percent} %`);
      expect(ctl.requests.filter((r) => r.method === 'POST' && r.path.includes('/jobs/'))).toEqual([]);
    },
  );

  it('a steady file that is not a valid zip is refused as such at once, not after the job timeout', async () => {
    const ctl = await controller({ profile: 'stalled-job', faults: { corruptZip: true } });
    const t0 = Date.now();
    const outcome = await backupSim(ctl, archive, FAST);
    expect(outcome.error?.code).toBe('ARCHIVE_INVALID');
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect((await fs.readdir(archive, { recursive: true })).filter((f) => String(f).endsWith('.part'))).toEqual([]);
  });
});

describe('4. 409 Conflict on create', () => {
  it('is busy, waited out like 503, never a protocol error', async () => {
    const ctl = await controller({ profile: 'documented', faults: { createBusyCount: 2 } });
    const outcome = await backupSim(ctl, archive, FAST);
    expect(outcome.error).toBeNull();
    expect(ctl.requests.filter((r) => r.path.endsWith('/system/backup/create'))).toHaveLength(3);
    const stubborn = await controller({ name: 'AHU-409', profile: 'documented', faults: { createBusyCount: 10 } });
    const busy = await backupSim(stubborn, archive, FAST);
    expect(busy.error).toMatchObject({ code: 'DEVICE_BUSY', hint: englishHint('DEVICE_BUSY') });
  });

  it('a resume that finds its earlier create still running (409) follows that backup instead of making a second', async () => {
    const ctl = await controller({ profile: 'documented', jobDurationMs: 800 });
    const cookie = await login(ctl);
    const first = await call(ctl, {
      method: 'POST',
      path: `${V1}/system/backup/create`,
      cookie,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ target: 'Device', fileName: 'RESUMED', dataTypes: ['GFX'] }),
    });
    expect(first.status).toBe(200);
    const outcome = await backupSim(ctl, archive, {
      ...FAST,
      attach: { jobId: null, fileName: 'RESUMED', before: [], envysionProjects: [], answered: false },
    });
    expect(outcome.error).toBeNull();
    expect(outcome.backup!.deviceFileName).toMatch(/^RESUMED_/);
    expect(ctl.createdJobs).toBe(1);
  });
});

describe('5. a controller that never made a backup', () => {
  it('answers 404 for its file list: empty before the create, and the backup succeeds', async () => {
    const ctl = await controller({ profile: 'documented' });
    const outcome = await backupSim(ctl, archive, FAST);
    expect(outcome.error).toBeNull();
    expect(ctl.requests.some((r) => r.path.endsWith('/targets/device/files'))).toBe(true);
  });

  it('a list that stays 404 after the create is API_UNSUPPORTED, not a silent "no file"', async () => {
    const ctl = await controller({
      profile: 'documented',
      faults: {
        phaseFault: {
          phase: 'list',
          kind: 'body',
          status: 404,
          body: Buffer.from('Not Found'),
          contentType: 'text/plain',
        },
      },
    });
    const outcome = await backupSim(ctl, archive, { ...FAST, wait: { ...FAST.wait!, listingGraceMs: 300 } });
    expect(outcome.error?.code).toBe('API_UNSUPPORTED');
  });
});

describe('6. a firmware 2.x create answer without a job id', () => {
  it.each([
    ['204 without a body', 'field-quirks'],
    ['200 with {}', 'documented'],
  ] as const)('%s: the one new key in the list is the backup', async (_label, profile) => {
    const ctl = await controller({ api: 'v2', profile, existingFiles: ['full_20250101_000000'] });
    const outcome = await backupSim(ctl, archive, FAST);
    expect(outcome.error).toBeNull();
    expect(outcome.backup!.jobId).toBeNull();
    expect(outcome.backup!.deviceFileName).not.toBe('full_20250101_000000');
  });
});

describe('7. cancel', () => {
  async function cancelDuringJob(profile: 'documented' | 'classic'): Promise<SimController> {
    const ctl = await controller({ profile, jobDurationMs: 10_000 });
    const abort = new AbortController();
    const outcome = await backupSim(ctl, archive, {
      ...FAST,
      signal: abort.signal,
      onProgress: (p) => {
        if (p.phase === 'waiting' && p.progress > 0) abort.abort();
      },
    });
    expect(outcome.status).toBe('cancelled');
    expect(ctl.busy).toBe(false);
    return ctl;
  }
  const cancels = (ctl: SimController) =>
    ctl.requests
      .filter((r) => r.method === 'POST' && r.path.includes('/jobs/'))
      .map((r) => r.path.replace(/jobs\/[^/]+/, 'jobs/ID'));

  it('POSTs on the job resource first, as the jobs page links it', async () => {
    expect(cancels(await cancelDuringJob('documented'))).toEqual([`${V1}/jobs/ID/`]);
  });

  it('then the /cancel sub-resource when the job resource does not take it', async () => {
    expect(cancels(await cancelDuringJob('classic'))).toEqual([`${V1}/jobs/ID/`, `${V1}/jobs/ID/cancel`]);
  });
});

describe('8. the USB target path', () => {
  it.each([
    ['documented', 'usb-key'],
    ['stalled-job', 'usbKey'],
    ['classic', 'usbkey'],
  ] as const)('%s firmware: %s is found and then kept', async (profile, segment) => {
    const ctl = await controller({ profile, usbKeyPresent: true });
    const outcome = await backupSim(ctl, archive, { ...FAST, target: 'UsbKey' });
    expect(outcome.error).toBeNull();
    const listed = ctl.requests
      .filter((r) => /\/targets\/[^/]+\/files$/.test(r.path) && !r.path.includes('/device/'))
      .map((r) => r.path.split('/')[7]);
    const order = ['usb-key', 'usbKey', 'usbkey'];
    const tried = order.slice(0, order.indexOf(segment) + 1);
    expect(listed.slice(0, tried.length)).toEqual(tried);
    expect(new Set(listed.slice(tried.length))).toEqual(new Set(listed.length > tried.length ? [segment] : []));
  });

  it('no key under any spelling: USB_KEY_MISSING, with a hint that the list may be elsewhere', async () => {
    const ctl = await controller({ profile: 'documented', usbKeyPresent: false });
    const outcome = await backupSim(ctl, archive, { ...FAST, target: 'UsbKey' });
    expect(outcome.error?.code).toBe('USB_KEY_MISSING');
    expect(outcome.error?.hint).toMatch(/another path.*diagnose/);
    expect(outcome.error?.message).toMatch(/usb-key.*usbKey.*usbkey/);
  });
});

describe('9. a refused login that is not a wrong password', () => {
  it.each([
    ['first-login', 'AUTH_FAILED', /first login.*web page/],
    ['must-change-password', 'AUTH_FAILED', /must change its password/],
    ['radius-down', 'AUTH_FAILED', /RADIUS server/],
    ['no-api-role', 'FORBIDDEN', /REST API role/],
  ] as const)('%s: %s once, with a hint naming the cause', async (loginRefusal, code, hint) => {
    const ctl = await controller({ profile: 'documented', faults: { loginRefusal } });
    const outcome = await backupSim(ctl, archive, FAST);
    expect(outcome.error?.code).toBe(code);
    expect(outcome.error?.hint).toMatch(hint);
    expect(basicLogins(ctl)).toBe(1);
  });

  it('a bare 401 names every possible cause, still with one attempt', async () => {
    const ctl = await controller({ profile: 'documented' });
    const outcome = await backupSim(ctl, archive, { ...FAST, password: 'not-the-password' });
    expect(outcome.error?.code).toBe('AUTH_FAILED');
    expect(outcome.error?.hint).toMatch(/password.*first login.*RADIUS.*REST API role/s);
    expect(basicLogins(ctl)).toBe(1);
  });
});

describe('10. backups piling up on the controller', () => {
  const existing = (n: number) =>
    Array.from({ length: n }, (_, i) => `OLD_2025010${i % 9}_${String(i).padStart(6, '0')}`);

  it('more than 10 on the controller: the backup warns, says how to clean up, and records what it saw', async () => {
    const root = await tempDir('eclypse-pile-');
    const ctl = await controller({ name: 'AHU-PILE', existingFiles: existing(11) });
    const outcome = await backupSim(ctl, root, FAST);
    expect(outcome.error).toBeNull();
    expect(outcome.warnings.join(' ')).toMatch(/piling up.*holds 11 backups.*web page/);
    const sidecar = JSON.parse(await fs.readFile(`${outcome.backup!.file}.json`, 'utf8'));
    expect(sidecar.controllerStore).toEqual({ backups: 12, bytes: expect.any(Number) });
  });

  it('bytes grown by more than a quarter since the last run saw them: pre-flight and the backup warn', async () => {
    const root = await tempDir('eclypse-pile-');
    const ctl = await controller({ name: 'AHU-GROW', existingFiles: existing(2) });
    const first = await backupSim(ctl, root, FAST);
    expect(first.warnings.join(' ')).not.toMatch(/piling up/);
    // Another tool (or the web page) adds two full backups between runs.
    const cookie = await login(ctl);
    for (const fileName of ['WEB1', 'WEB2']) {
      await call(ctl, {
        method: 'POST',
        path: `${V1}/system/backup/create`,
        cookie,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ target: 'Device', fileName, dataTypes: ['TRENDLOG', 'GFX'] }),
      });
      await new Promise((r) => setTimeout(r, 300));
    }
    const inventory = [
      {
        id: `${ctl.host}:${ctl.port}`,
        name: 'AHU-GROW',
        host: ctl.host,
        port: ctl.port,
        site: 'Test site',
        username: 'admin',
        credential: null,
        fingerprint: null,
        target: null,
        notes: null,
      },
    ];
    const report = await preflight(inventory, {
      archiveRoot: root,
      concurrency: 1,
      format: 'json',
      trustNew: false,
      pinOf: () => ctl.fingerprint,
      credentials: async () => ({ username: 'admin', password: 'admin' }),
    });
    expect(report.rows[0]!.verdict).toBe('warning');
    expect(report.rows[0]!.reasons.join(' ')).toMatch(/piling up.*grew by \d+ %/);
    const second = await backupSim(ctl, root, FAST);
    expect(second.warnings.join(' ')).toMatch(/grew by \d+ % since the last run/);
    expect(path.dirname(second.backup!.file!)).toBe(path.dirname(first.backup!.file!));
  });
});
