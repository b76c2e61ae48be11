import fs from 'node:fs/promises';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startController } from '../simulator/index';
import type { ControllerSpec, Faults, SimController } from '../simulator/types';
import { backupSim, basicLogins, listTree, tempDir } from '../support/fixtures';

const started: SimController[] = [];
async function controller(
  name: string,
  faults: Faults = {},
  spec: Partial<ControllerSpec> = {},
): Promise<SimController> {
  const c = await startController({ name, jobDurationMs: 200, faults, ...spec });
  started.push(c);
  return c;
}

let archive: string;
beforeAll(async () => {
  archive = await tempDir();
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((c) => c.close()));
  // Whatever failed, nothing partial and nothing unverified may be left in the archive.
  expect((await listTree(archive)).filter((f) => f.endsWith('.part'))).toEqual([]);
});
afterAll(async () => {
  await fs.rm(archive, { recursive: true, force: true });
});

async function archivedFiles(): Promise<string[]> {
  return (await listTree(archive)).filter((f) => f.endsWith('.ecybackup'));
}

describe('a backup that goes wrong says why and keeps nothing partial', () => {
  it('wrong password: AUTH_FAILED after exactly one login attempt, HTML 401 body turned into a message', async () => {
    const ctrl = await controller('WRONGPW', {}, { password: 'secret-on-device' });
    const outcome = await backupSim(ctrl, archive, { password: 'not-it' });
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatchObject({ code: 'AUTH_FAILED', message: expect.stringContaining('401 Unauthorized') });
    expect(outcome.error!.message).not.toMatch(/<html|<h1/i);
    expect(basicLogins(ctrl)).toBe(1);
    expect(ctrl.createdJobs).toBe(0);
  });

  it('a refusal that comes with a session cookie is still one failed login, never two', async () => {
    const ctrl = await controller('COOKIE401', { cookieOnRefusal: true }, { password: 'secret-on-device' });
    const outcome = await backupSim(ctrl, archive, { password: 'not-it' });
    expect(outcome.error?.code).toBe('AUTH_FAILED');
    expect(basicLogins(ctrl)).toBe(1);
  });

  it('an expired session is renewed once, and the backup completes', async () => {
    const ctrl = await controller('EXPIRES', { sessionExpiresAfter: 8 });
    const outcome = await backupSim(ctrl, archive);
    expect(outcome.error).toBeNull();
    expect(basicLogins(ctrl)).toBeGreaterThanOrEqual(2);
    // Each expiry costs exactly one new login: never two Basic requests in a row.
    const basics = ctrl.requests.map((r) => r.basic);
    expect(basics.some((b, i) => b && basics[i + 1])).toBe(false);
  });

  it('a session that keeps expiring is given up, not hammered with logins', async () => {
    const ctrl = await controller('EXPIRESFAST', { sessionExpiresAfter: 1 });
    const outcome = await backupSim(ctrl, archive);
    expect(outcome.error).toMatchObject({
      code: 'PROTOCOL_ERROR',
      message: expect.stringContaining('keeps ending the session'),
    });
    expect(basicLogins(ctrl)).toBeLessThanOrEqual(4);
  });

  it('503 on create is retried with backoff, then succeeds with a single job', async () => {
    const ctrl = await controller('BUSY', { createBusyCount: 2 });
    const outcome = await backupSim(ctrl, archive);
    expect(outcome.error).toBeNull();
    expect(ctrl.requests.filter((r) => r.path.endsWith('/system/backup/create'))).toHaveLength(3);
    expect(ctrl.createdJobs).toBe(1);
  });

  it('503 that never ends: DEVICE_BUSY after 3 attempts', async () => {
    const ctrl = await controller('ALWAYSBUSY', { createBusyCount: 100 });
    const outcome = await backupSim(ctrl, archive);
    expect(outcome.error?.code).toBe('DEVICE_BUSY');
    expect(ctrl.requests.filter((r) => r.path.endsWith('/system/backup/create'))).toHaveLength(3);
  });

  it('USB key absent: USB_KEY_MISSING and no job', async () => {
    const ctrl = await controller('NOUSB', {}, { usbKeyPresent: false });
    const outcome = await backupSim(ctrl, archive, { target: 'UsbKey' });
    expect(outcome.error?.code).toBe('USB_KEY_MISSING');
    expect(ctrl.createdJobs).toBe(0);
  });

  it("job reported failed: JOB_FAILED with the controller's reason", async () => {
    const ctrl = await controller('JOBFAIL', { jobFails: true });
    const outcome = await backupSim(ctrl, archive);
    expect(outcome.error).toMatchObject({
      code: 'JOB_FAILED',
      message: expect.stringContaining('insufficient storage'),
    });
  });

  it('job that vanishes (404): the new file still decides, and the backup succeeds', async () => {
    const ctrl = await controller('VANISH', { jobVanishes: true });
    const outcome = await backupSim(ctrl, archive);
    expect(outcome.error).toBeNull();
    expect(outcome.backup!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('job stuck below 100 %: JOB_TIMEOUT', async () => {
    const ctrl = await controller('STUCK', { jobStuckAt: 40 });
    const outcome = await backupSim(ctrl, archive, {
      wait: { pollStartMs: 20, pollMaxMs: 50, jobTimeoutMs: 600, listingGraceMs: 200 },
    });
    expect(outcome.error).toMatchObject({ code: 'JOB_TIMEOUT', message: expect.stringContaining('40 %') });
  });

  it('listing never shows the new file: FILE_NOT_FOUND, nothing downloaded', async () => {
    const ctrl = await controller('HIDDEN', { listingHidesNewFile: true });
    const outcome = await backupSim(ctrl, archive, {
      wait: { pollStartMs: 20, pollMaxMs: 50, jobTimeoutMs: 5_000, listingGraceMs: 300 },
    });
    expect(outcome.error?.code).toBe('FILE_NOT_FOUND');
    expect(ctrl.requests.some((r) => r.path.includes('/files/backup/'))).toBe(false);
  });

  it('two new files: refuses to guess', async () => {
    const ctrl = await controller('TWICE', { duplicateNewFile: true });
    const outcome = await backupSim(ctrl, archive);
    expect(outcome.error).toMatchObject({
      code: 'PROTOCOL_ERROR',
      message: expect.stringContaining('refusing to guess'),
    });
  });

  it('download dropped mid-way: DOWNLOAD_INCOMPLETE, no .part, no archive entry', async () => {
    const before = await archivedFiles();
    const ctrl = await controller('DROP', { dropDownloadAtByte: 50_000 }, { backupBytes: 400_000 });
    const outcome = await backupSim(ctrl, archive);
    expect(outcome.error?.code).toBe('DOWNLOAD_INCOMPLETE');
    expect(await archivedFiles()).toEqual(before);
  });

  it('Content-Length larger or smaller than the body: DOWNLOAD_INCOMPLETE', async () => {
    for (const delta of [1000, -1000]) {
      const ctrl = await controller(`LEN${delta > 0 ? 'PLUS' : 'MINUS'}`, { contentLengthDelta: delta });
      const outcome = await backupSim(ctrl, archive, {
        timeouts: { connectMs: 2_000, responseMs: 2_000, idleMs: 1_000 },
      });
      expect(outcome.error?.code, `delta ${delta}`).toBe('DOWNLOAD_INCOMPLETE');
    }
  });

  it('download that stalls: stopped after the idle limit, DOWNLOAD_INCOMPLETE', async () => {
    const ctrl = await controller('STALL', { stallDownloadAtByte: 10_000 }, { backupBytes: 400_000 });
    const outcome = await backupSim(ctrl, archive, { timeouts: { connectMs: 2_000, responseMs: 2_000, idleMs: 500 } });
    expect(outcome.error?.code).toBe('DOWNLOAD_INCOMPLETE');
  });

  it('a download that stalls shows every byte that arrived before it went quiet', async () => {
    const ctrl = await controller('STALL-PROGRESS', { stallDownloadAtByte: 300_000 }, { backupBytes: 2_000_000 });
    const seen: number[] = [];
    const outcome = await backupSim(ctrl, archive, {
      timeouts: { connectMs: 2_000, responseMs: 2_000, idleMs: 800 },
      onProgress: (p) => {
        if (p.phase === 'downloading') seen.push(p.bytes);
      },
    });
    expect(outcome.error?.code).toBe('DOWNLOAD_INCOMPLETE');
    expect(Math.max(...seen)).toBe(300_000);
  });

  it('corrupt zip: ARCHIVE_INVALID, nothing kept', async () => {
    const before = await archivedFiles();
    const ctrl = await controller('CORRUPT', { corruptZip: true });
    const outcome = await backupSim(ctrl, archive);
    expect(outcome.error).toMatchObject({ code: 'ARCHIVE_INVALID', message: expect.stringContaining('CRC') });
    expect(await archivedFiles()).toEqual(before);
  });

  it('no compatibility preview: the backup still succeeds, with a warning', async () => {
    const ctrl = await controller('NOPREVIEW', { previewMissing: true });
    const outcome = await backupSim(ctrl, archive);
    expect(outcome.status).toBe('succeeded');
    expect(outcome.backup!.compatibility).toBeNull();
    expect(outcome.warnings.join(' ')).toMatch(/no compatibility preview/);
  });

  it('a compatibility warning is reported as the controller said it', async () => {
    const ctrl = await controller('WARNCOMPAT', { compatibility: 'WARNING_MISSMATCH_FIRMWARE_NEWER' });
    const outcome = await backupSim(ctrl, archive);
    expect(outcome.backup!.compatibility).toBe('WARNING_MISSMATCH_FIRMWARE_NEWER');
  });

  it('cancel while the controller works: CANCELLED, the job is cancelled on the device, nothing kept', async () => {
    const ctrl = await controller('CANCELME', {}, { jobDurationMs: 10_000 });
    const abort = new AbortController();
    const pending = backupSim(ctrl, archive, {
      signal: abort.signal,
      onProgress: (p) => {
        if (p.phase === 'waiting' && p.progress > 0) abort.abort();
      },
    });
    const outcome = await pending;
    expect(outcome.status).toBe('cancelled');
    expect(outcome.error?.code).toBe('CANCELLED');
    expect(ctrl.requests.some((r) => r.method === 'POST' && /\/jobs\/[^/]+\/cancel$/.test(r.path))).toBe(true);
  });

  it('cancel during the download: no .part left', async () => {
    const ctrl = await controller('CANCELDL', {}, { backupBytes: 64 * 1024 * 1024 });
    const abort = new AbortController();
    const outcome = await backupSim(ctrl, archive, {
      signal: abort.signal,
      onProgress: (p) => {
        if (p.phase === 'downloading' && p.bytes > 1024 * 1024) abort.abort();
      },
    });
    expect(outcome.status).toBe('cancelled');
    expect((await archivedFiles()).some((f) => f.includes('CANCELDL'))).toBe(false);
  });

  it('controller unreachable: UNREACHABLE quickly', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const ghost = {
      host: '127.0.0.1',
      port,
      fingerprint: 'AA'.repeat(32),
      spec: { name: 'GHOST' },
    } as unknown as SimController;
    const outcome = await backupSim(ghost, archive, { retryBaseMs: 1 });
    expect(outcome.error?.code).toBe('UNREACHABLE');
  });

  it('revision below 4.0: API_UNSUPPORTED before anything is created', async () => {
    const ctrl = await controller('ANCIENT', {}, { revision: '3.5' });
    const outcome = await backupSim(ctrl, archive);
    expect(outcome.error?.code).toBe('API_UNSUPPORTED');
    expect(ctrl.createdJobs).toBe(0);
  });

  it('invalid file name: INVALID_INPUT before any connection', async () => {
    const ctrl = await controller('BADNAME');
    const outcome = await backupSim(ctrl, archive, { fileName: '../evil' });
    expect(outcome.error?.code).toBe('INVALID_INPUT');
    expect(ctrl.tlsConnections).toBe(0);
  });
});
