import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { crc32 as nativeCrc32 } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { crc32 as patchedCrc, installed as nativeCrcInstalled } from './native-crc.cjs';
import { DATA_TYPES, defaultFleet, INVENTORY_HEADER, startController, startSimulator, V2_JOBS_PATH } from './index';
import { call, json, login, open, readZip, streamDownload, type RawAnswer } from './raw-requests';
import type { ControllerSpec, SimController } from './types';

const V1 = '/api/rest/v1';
const started: SimController[] = [];
const MIB = 1024 * 1024;

async function controller(spec: Partial<ControllerSpec> = {}): Promise<SimController> {
  const ctl = await startController({ name: 'AHU-01', jobDurationMs: 150, ...spec });
  started.push(ctl);
  return ctl;
}

afterAll(async () => {
  await Promise.all(started.map((c) => c.close()));
});

const jsonPost = (path: string, body: unknown, cookie: string) => ({
  method: 'POST',
  path,
  cookie,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 40));
  }
}

async function listDevice(
  ctl: SimController,
  cookie: string,
): Promise<Array<{ name: string; size: number; date: string }>> {
  return json(await call(ctl, { path: `${V1}/system/backup/targets/device/files`, cookie }));
}

/** Creates a backup and waits for it via the file list (works on every revision). */
async function backupAndFind(
  ctl: SimController,
  cookie: string,
  fileName: string,
  dataTypes: readonly string[] = ['TIMEZONE', 'GFX', 'TRENDLOG'],
): Promise<string> {
  const before = new Set((await listDevice(ctl, cookie)).map((f) => f.name));
  const created = await call(
    ctl,
    jsonPost(`${V1}/system/backup/create`, { target: 'Device', fileName, dataTypes }, cookie),
  );
  expect(created.status).toBe(200);
  return waitFor(async () => (await listDevice(ctl, cookie)).map((f) => f.name).find((n) => !before.has(n)));
}

async function downloadBuffer(ctl: SimController, cookie: string, name: string): Promise<RawAnswer> {
  return call(ctl, { path: `${V1}/files/backup/${encodeURIComponent(name)}.ecybackup?encode=bin`, cookie });
}

describe('transport and trust', () => {
  it('reports the fingerprint a TLS client sees, with CN = the controller name', async () => {
    const ctl = await controller({ name: 'VAV-2-14' });
    const { res, fingerprint } = await open(ctl, { path: `${V1}/info`, auth: true });
    res.resume();
    expect(fingerprint).toBe(ctl.fingerprint);
    expect(ctl.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(ctl.certPem).toContain('BEGIN CERTIFICATE');
    const subject = (
      res.socket as unknown as { getPeerCertificate(): { subject: { CN: string } } }
    ).getPeerCertificate().subject;
    expect(subject.CN).toBe('VAV-2-14');
    expect(ctl.tlsConnections).toBeGreaterThanOrEqual(1);
  });

  it('rotateCertificate changes the fingerprint a new connection sees', async () => {
    const ctl = await controller();
    const before = (await call(ctl, { path: `${V1}/info`, auth: true })).fingerprint;
    const rotated = await ctl.rotateCertificate();
    const after = (await call(ctl, { path: `${V1}/info`, auth: true })).fingerprint;
    expect(before).not.toBe(rotated);
    expect(after).toBe(rotated);
    expect(ctl.fingerprint).toBe(rotated);
  });

  it('serves an expired certificate when asked, and plain HTTP without a fingerprint', async () => {
    const expired = await controller({ certExpired: true });
    const { X509Certificate } = await import('node:crypto');
    expect(new Date(new X509Certificate(expired.certPem).validTo).getTime()).toBeLessThan(Date.now());
    const plain = await controller({ plainHttp: true });
    const a = await call(plain, { path: `${V1}/info`, auth: true });
    expect(a.status).toBe(200);
    expect(a.headers['set-cookie']?.[0]).not.toContain('Secure');
    expect(plain.fingerprint).toBe('');
  });
});

describe('authentication', () => {
  it('Basic opens a session whose cookie alone is then accepted', async () => {
    const ctl = await controller();
    const first = await call(ctl, { path: `${V1}/info`, auth: true });
    expect(first.status).toBe(200);
    const setCookie = first.headers['set-cookie']?.[0] ?? '';
    expect(setCookie).toMatch(/^ECLYPSERESTSESSIONID=[0-9a-f]+; Path=\/; Secure; HttpOnly$/);
    const again = await call(ctl, { path: `${V1}/info/device`, cookie: setCookie.split(';')[0] });
    expect(again.status).toBe(200);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(ctl.requests.map((r) => r.basic)).toEqual([true, false]);
  });

  it('refuses with an HTML 401 and a Basic challenge', async () => {
    const ctl = await controller({ password: 's3cret' });
    for (const r of [
      { path: `${V1}/info` },
      { path: `${V1}/info`, auth: true },
      { path: `${V1}/info`, cookie: 'ECLYPSERESTSESSIONID=nope' },
    ]) {
      const a = await call(ctl, r);
      expect(a.status).toBe(401);
      expect(a.headers['www-authenticate']).toBe('basic realm="ECLYPSE"');
      expect(a.headers['content-type']).toContain('text/html');
      expect(a.text).toContain('<h1>401 Unauthorized</h1>');
    }
    expect((await call(ctl, { path: `${V1}/info`, auth: { user: 'admin', pass: 's3cret' } })).status).toBe(200);
  });

  it('forgets a session after sessionExpiresAfter requests, and rejectAllLogins refuses everyone', async () => {
    const ctl = await controller({ faults: { sessionExpiresAfter: 2 } });
    const cookie = await login(ctl);
    expect((await call(ctl, { path: `${V1}/info`, cookie })).status).toBe(200);
    expect((await call(ctl, { path: `${V1}/info`, cookie })).status).toBe(401);
    ctl.setFaults({ rejectAllLogins: true });
    expect((await call(ctl, { path: `${V1}/info`, auth: true })).status).toBe(401);
  });
});

describe('discovery', () => {
  it('lists the root, info and device identity; revision 4.2 has no jobs', async () => {
    const ctl = await controller({ name: 'FCU-1-03', modelName: 'ECY-303 Rev 1.0A' });
    const cookie = await login(ctl);
    const root = json<Array<{ name: string }>>(await call(ctl, { path: `${V1}/`, cookie }));
    expect(root.map((r) => r.name)).toEqual(expect.arrayContaining(['info', 'system', 'jobs', 'files']));
    expect(json(await call(ctl, { path: `${V1}/info`, cookie }))).toMatchObject({
      apiRevision: '8.0',
      device: { href: `${V1}/info/device` },
    });
    const device = json<Record<string, unknown>>(await call(ctl, { path: `${V1}/info/device`, cookie }));
    expect(device).toMatchObject({
      hostName: 'FCU-1-03',
      controllerName: 'FCU-1-03',
      modelName: 'ECY-303 Rev 1.0A',
      modelType: 303,
    });
    expect(String(device.hostId)).toMatch(/^ECY303-[0-9A-F]{8}-/);

    const old = await controller({ revision: '4.2', stringValues: true });
    const oldCookie = await login(old);
    const oldRoot = json<Array<{ name: string }>>(await call(old, { path: V1, cookie: oldCookie }));
    expect(oldRoot.map((r) => r.name)).not.toContain('jobs');
    expect((await call(old, { path: `${V1}/jobs/anything`, cookie: oldCookie })).status).toBe(404);
    expect(
      json<Record<string, unknown>>(await call(old, { path: `${V1}/info/device`, cookie: oldCookie })).modelType,
    ).toBe('1000');
    expect(await backupAndFind(old, oldCookie, 'OLD')).toMatch(/^OLD_\d{8}_\d{6}$/);
  });

  it('answers PascalCase keys when keyCase is pascal, and XML on 8.0 when asked', async () => {
    const ctl = await controller({
      keyCase: 'pascal',
      envysionProjects: ['SpaceUtilization'],
      dialect: { backupOptions: 'objects' },
    });
    const cookie = await login(ctl);
    expect(json(await call(ctl, { path: `${V1}/info`, cookie }))).toMatchObject({
      ApiRevision: '8.0',
      Device: { Href: `${V1}/info/device` },
    });
    expect(json(await call(ctl, { path: `${V1}/system/backup`, cookie }))).toEqual([{ Name: 'SpaceUtilization' }]);
    const created = await call(
      ctl,
      jsonPost(`${V1}/system/backup/create`, { Target: 'Device', FileName: 'P', DataTypes: ['HOSTNAME'] }, cookie),
    );
    expect(Object.keys(json(created) as object)).toEqual(['JobId']);
    const xml = await call(ctl, { path: `${V1}/info`, cookie, headers: { Accept: 'application/xml' } });
    expect(xml.headers['content-type']).toContain('application/xml');
    expect(xml.text).toContain('<ApiRevision>8.0</ApiRevision>');
  });

  it('v2 controllers 404 the whole v1 API', async () => {
    const ctl = await controller({ api: 'v2' });
    expect((await call(ctl, { path: V1, auth: true })).status).toBe(404);
    expect(json(await call(ctl, { path: '/api/rest/v2/services', auth: true }))).toContain('backup');
  });
});

describe('backup create, jobs and validation', () => {
  it('415 without Content-Type, 400 on bad requests, 503 for the first N creates', async () => {
    const ctl = await controller({ faults: { createBusyCount: 2 } });
    const cookie = await login(ctl);
    const path = `${V1}/system/backup/create`;
    const noType = await call(ctl, {
      method: 'POST',
      path,
      cookie,
      body: '{"target":"Device","fileName":"X","dataTypes":["GFX"]}',
    });
    expect(noType.status).toBe(415);
    const ok = { target: 'Device', fileName: 'X', dataTypes: ['GFX'] };
    expect((await call(ctl, jsonPost(path, ok, cookie))).status).toBe(503);
    const second = await call(ctl, jsonPost(path, ok, cookie));
    expect([second.status, second.text]).toEqual([503, 'Service Unavailable: full capacity or a backup in progress']);
    const badType = await call(ctl, jsonPost(path, { ...ok, dataTypes: ['GFX', 'COFFEE'] }, cookie));
    expect([badType.status, json<{ error: string }>(badType).error]).toEqual([400, 'Unknown data type "COFFEE"']);
    expect((await call(ctl, jsonPost(path, { ...ok, fileName: 'a.b' }, cookie))).status).toBe(400);
    const usb = await call(ctl, jsonPost(path, { ...ok, target: 'UsbKey' }, cookie));
    expect([usb.status, usb.text]).toEqual([400, expect.stringMatching(/USB key/)]);
    expect((await call(ctl, jsonPost(path, ok, cookie))).status).toBe(200);
    expect((await call(ctl, jsonPost(path, ok, cookie))).status).toBe(503); // busy: one job at a time
    expect(ctl.createdJobs).toBe(1);
  });

  it('create → job progress → a new file named <fileName><timestamp>', async () => {
    const ctl = await controller({ jobDurationMs: 500, existingFiles: ['GYM24_20250101_000000'] });
    const cookie = await login(ctl);
    const created = await call(
      ctl,
      jsonPost(
        `${V1}/system/backup/create`,
        { target: 'Device', fileName: 'GYM24', dataTypes: ['TIMEZONE', 'TRENDLOG'] },
        cookie,
      ),
    );
    const { jobId } = json<{ jobId: string }>(created);
    const seen: number[] = [];
    const done = await waitFor(async () => {
      const job = json<{ progress: number; status: string; type: string }>(
        await call(ctl, { path: `${V1}/jobs/${jobId}/`, cookie }),
      );
      seen.push(job.progress);
      return job.status === 'Running' ? undefined : job;
    });
    expect(done).toMatchObject({ status: 'Completed', progress: 100, type: 'Backup' });
    expect(seen.some((p) => p > 0 && p < 100)).toBe(true);
    const names = (await listDevice(ctl, cookie)).map((f) => f.name);
    expect(names).toHaveLength(2);
    expect(names[1]).toMatch(/^GYM24_\d{8}_\d{6}$/);
    const preview = await call(ctl, { path: `${V1}/system/backup/targets/Device/files/${names[1]}/`, cookie });
    expect(json(preview)).toEqual({ compatibility: 'OK', dataTypes: ['TIMEZONE', 'TRENDLOG'] });
  });

  it('accepts the seed page XML body on 8.0 and refuses XML before 7.0', async () => {
    const xml =
      '<?xml version="1.0" encoding="utf-8"?><Backup><Target>Device</Target><FileName>GYM24</FileName>' +
      '<DatatTypes><DatatType>NETWORK_CONFIGURATION</DatatType><DatatType>TIMEZONE</DatatType></DatatTypes></Backup>';
    const post = (cookie: string) => ({
      method: 'POST',
      path: `${V1}/system/backup/create`,
      cookie,
      headers: { 'Content-Type': 'application/xml', Accept: 'application/xml' },
      body: xml,
    });
    const ctl = await controller();
    const accepted = await call(ctl, post(await login(ctl)));
    expect([accepted.status, accepted.text]).toEqual([
      200,
      expect.stringMatching(/<BackupCreate><JobId>[^<]+<\/JobId><\/BackupCreate>/),
    ]);
    const old = await controller({ revision: '6.0' });
    const refused = await call(old, post(await login(old)));
    expect([refused.status, refused.text]).toEqual([400, 'XML is currently not working']);
  });

  it('jobFails, jobStuckAt and cancel leave no file', async () => {
    const ctl = await controller({ faults: { jobFails: true } });
    const cookie = await login(ctl);
    const create = () =>
      call(
        ctl,
        jsonPost(`${V1}/system/backup/create`, { target: 'Device', fileName: 'F', dataTypes: ['GFX'] }, cookie),
      );
    const failed = json<{ jobId: string }>(await create()).jobId;
    const job = await waitFor(async () => {
      const j = json<{ status: string; error?: string }>(await call(ctl, { path: `${V1}/jobs/${failed}`, cookie }));
      return j.status === 'Running' ? undefined : j;
    });
    expect(job).toMatchObject({ status: 'Failed', progress: 100, error: 'Backup failed: insufficient storage' });
    ctl.setFaults({ jobStuckAt: 40 });
    const stuck = json<{ jobId: string }>(await create()).jobId;
    await new Promise((r) => setTimeout(r, 300));
    expect(json(await call(ctl, { path: `${V1}/jobs/${stuck}`, cookie }))).toMatchObject({
      status: 'Running',
      progress: 40,
    });
    const cancelled = await call(ctl, jsonPost(`${V1}/jobs/${stuck}/cancel`, {}, cookie));
    expect(json(cancelled)).toMatchObject({ status: 'Cancelled' });
    expect(ctl.files()).toEqual([]);
    expect((await call(ctl, { path: `${V1}/jobs/unknown`, cookie })).status).toBe(404);
  });
});

describe('listing and preview faults', () => {
  it('hides, duplicates, vanishes, delays and overrides as asked', async () => {
    const ctl = await controller({
      usbKeyPresent: true,
      envysionProjects: ['SpaceUtilization', 'nLightExplorer'],
      faults: { duplicateNewFile: true, jobVanishes: true, responseDelayMs: 50 },
    });
    const cookie = await login(ctl);
    expect(json(await call(ctl, { path: `${V1}/system/backup`, cookie }))).toEqual([
      'SpaceUtilization',
      'nLightExplorer',
    ]);
    expect(json(await call(ctl, { path: `${V1}/system/backup/targets`, cookie }))).toEqual(['Device', 'UsbKey']);
    const t0 = Date.now();
    const created = await call(
      ctl,
      jsonPost(`${V1}/system/backup/create`, { target: 'UsbKey', fileName: 'USB', dataTypes: ['HOSTNAME'] }, cookie),
    );
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
    expect((await call(ctl, { path: `${V1}/jobs/${json<{ jobId: string }>(created).jobId}`, cookie })).status).toBe(
      404,
    );
    const usbFiles = await waitFor(async () => {
      const files = json<Array<{ name: string }>>(
        await call(ctl, { path: `${V1}/system/backup/targets/usbkey/files`, cookie }),
      );
      return files.length === 2 ? files.map((f) => f.name) : undefined;
    });
    expect(usbFiles[1]).toBe(`${usbFiles[0]}_1`);
    ctl.setFaults({
      listingHidesNewFile: true,
      compatibility: 'WARNING_MISSMATCH_FIRMWARE_NEWER',
      previewDelayMs: 100,
    });
    await call(
      ctl,
      jsonPost(`${V1}/system/backup/create`, { target: 'Device', fileName: 'HID', dataTypes: ['GFX'] }, cookie),
    );
    await waitFor(async () => (ctl.files().length === 1 ? true : undefined));
    expect(await listDevice(ctl, cookie)).toEqual([]);
    const t1 = Date.now();
    const preview = await call(ctl, { path: `${V1}/system/backup/targets/device/files/${ctl.files()[0]}`, cookie });
    expect(Date.now() - t1).toBeGreaterThanOrEqual(95);
    expect(json(preview)).toMatchObject({ compatibility: 'WARNING_MISSMATCH_FIRMWARE_NEWER' });
    ctl.setFaults({ previewMissing: true });
    expect(
      (await call(ctl, { path: `${V1}/system/backup/targets/device/files/${ctl.files()[0]}`, cookie })).status,
    ).toBe(404);
  });
});

describe('download', () => {
  it('streams a real zip with an exact Content-Length, stable bytes and good CRCs; refuses Accept: application/json', async () => {
    const ctl = await controller({ backupBytes: 3 * MIB, envysionProjects: ['SpaceUtilization'] });
    const cookie = await login(ctl);
    const name = await backupAndFind(ctl, cookie, 'AHU-01');
    const a = await downloadBuffer(ctl, cookie, name);
    expect(a.status).toBe(200);
    expect(a.headers['content-type']).toBe('application/octet-stream');
    expect(Number(a.headers['content-length'])).toBe(a.body.length);
    expect((await listDevice(ctl, cookie)).find((f) => f.name === name)?.size).toBe(a.body.length);
    const entries = await readZip(a.body, (n) => n === 'META-INF/manifest.json');
    expect(entries.map((e) => e.name)).toEqual([
      'META-INF/manifest.json',
      'TIMEZONE/timezone.json',
      'GFX/program.gfx',
      'TRENDLOG/trendlog.dat',
    ]);
    expect(entries.every((e) => e.crcOk)).toBe(true);
    const manifest = JSON.parse(entries[0]?.data?.toString('utf8') ?? '{}');
    expect(manifest).toMatchObject({
      model: 'ECY-S1000 Rev 1.0A',
      fileName: `${name}.ecybackup`,
      dataTypes: ['TIMEZONE', 'GFX', 'TRENDLOG'],
    });
    const again = await downloadBuffer(ctl, cookie, name);
    expect(again.body.equals(a.body)).toBe(true);
    const refused = await call(ctl, {
      path: `${V1}/files/backup/${name}.ecybackup?encode=bin`,
      cookie,
      headers: { Accept: 'application/json' },
    });
    expect(refused.status).toBe(406);
    expect((await downloadBuffer(ctl, cookie, 'missing')).status).toBe(404);
  });

  it('corruptZip flips a data byte: the central directory reads, one entry fails its CRC', async () => {
    const ctl = await controller({ existingFiles: ['OLD_20250101_000000'], faults: { corruptZip: true } });
    const cookie = await login(ctl);
    for (const name of ['OLD_20250101_000000', await backupAndFind(ctl, cookie, 'C')]) {
      const entries = await readZip((await downloadBuffer(ctl, cookie, name)).body);
      expect(entries.filter((e) => !e.crcOk)).toHaveLength(1);
    }
  });

  it('drop, stall and a lying Content-Length', async () => {
    const ctl = await controller({ existingFiles: ['OLD'], faults: { dropDownloadAtByte: 1000 } });
    const cookie = await login(ctl);
    const path = `${V1}/files/backup/OLD.ecybackup?encode=bin`;
    await expect(call(ctl, { path, cookie })).rejects.toThrow(/aborted|ECONNRESET|socket hang up/);
    ctl.setFaults({ stallDownloadAtByte: 500 });
    const { res } = await open(ctl, { path, cookie });
    let got = 0;
    res.on('data', (c: Buffer) => (got += c.length));
    await new Promise((r) => setTimeout(r, 300));
    expect([got, res.complete]).toEqual([500, false]);
    res.destroy();
    ctl.setFaults({ contentLengthDelta: 10 });
    await expect(call(ctl, { path, cookie })).rejects.toThrow(/aborted|ECONNRESET|socket hang up/);
  });

  it('streams 200 MiB with flat memory (and reports throughput)', async () => {
    const ctl = await controller({ backupBytes: 200 * MIB });
    const cookie = await login(ctl);
    const name = await backupAndFind(ctl, cookie, 'BIG', DATA_TYPES);
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
    const t0 = performance.now();
    const first = await streamDownload(ctl, { path: `${V1}/files/backup/${name}.ecybackup?encode=bin`, cookie });
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    expect(first.bytes).toBe(first.contentLength);
    expect(first.bytes).toBeGreaterThan(199 * MIB);
    expect(rssPeak - rssBefore).toBeLessThan(100 * MIB);
    console.log(
      `200 MiB download: ${(first.bytes / MIB / seconds).toFixed(0)} MiB/s, RSS growth ${((rssPeak - rssBefore) / MIB).toFixed(1)} MiB`,
    );
  });
});

describe('API v2', () => {
  it('create → job → new key in the listing → download with a manifest', async () => {
    const ctl = await controller({ api: 'v2', existingFiles: ['full_20250101_000000'], backupBytes: 1 * MIB });
    const cookie = await login(ctl, '/api/rest/v2/services');
    const base = '/api/rest/v2/services/backup';
    const before = Object.keys(json(await call(ctl, { path: `${base}/backups`, cookie })) as object);
    expect(before).toEqual(['full_20250101_000000']);
    expect(
      (await call(ctl, { method: 'POST', path: `${base}/backups/create`, cookie, body: '{"option":"full"}' })).status,
    ).toBe(415);
    const { job } = json<{ job: string }>(
      await call(ctl, jsonPost(`${base}/backups/create`, { option: 'full' }, cookie)),
    );
    await waitFor(async () => {
      const j = json<{ status: string }>(await call(ctl, { path: `${V2_JOBS_PATH}/${job}`, cookie }));
      return j.status === 'Completed' ? j : undefined;
    });
    const listing = json<Record<string, { key: string; size: number; platform: Record<string, string> }>>(
      await call(ctl, { path: `${base}/backups`, cookie }),
    );
    const key = Object.keys(listing).find((k) => !before.includes(k)) ?? '';
    expect(key).toMatch(/^full_\d{8}_\d{6}$/);
    expect(listing[key]?.platform['model-name']).toBe('ECY-APEX Rev 1.0A');
    const zip = await call(ctl, { path: `${base}/store/${key}`, cookie });
    expect(zip.body.length).toBe(listing[key]?.size);
    const entries = await readZip(zip.body);
    expect(entries[0]?.name).toBe('META-INF/manifest.json');
    expect(entries.every((e) => e.crcOk)).toBe(true);
  });
});

describe('fleet', () => {
  it('starts 100 controllers quickly with distinct fingerprints and prints an inventory', async () => {
    const t0 = performance.now();
    const sim = await startSimulator(defaultFleet(100, { site: 'Campus' }));
    const ms = performance.now() - t0;
    try {
      console.log(`startSimulator(100): ${ms.toFixed(0)} ms`);
      expect(ms).toBeLessThan(10_000);
      const lines = sim.inventoryCsv().trim().split('\n');
      expect(lines[0]).toBe(INVENTORY_HEADER);
      expect(lines).toHaveLength(101);
      expect(lines[1]).toMatch(/^AHU-01,127\.0\.0\.1,\d+,Campus,admin,([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      expect(new Set(sim.controllers.map((c) => c.fingerprint)).size).toBe(100);
      expect(new Set(sim.controllers.map((c) => c.spec.name)).size).toBe(100);
      expect(sim.controllers.map((c) => c.spec.name)).toContain('VAV-2-14');
      expect(new Set(sim.controllers.map((c) => c.spec.revision))).toEqual(new Set(['8.0', '6.0', '4.2']));
      const last = sim.controllers[99];
      if (!last) throw new Error('no controller');
      expect((await call(last, { path: `${V1}/info`, auth: true })).status).toBe(200);
    } finally {
      await sim.close();
    }
  });

  it("native CRC-32 is what yazl calls, and agrees with buffer-crc32's own results", () => {
    const fromYazl = createRequire(createRequire(import.meta.url).resolve('yazl'))('buffer-crc32') as typeof patchedCrc;
    expect([fromYazl === patchedCrc, nativeCrcInstalled]).toEqual([true, true]);
    const data = randomBytes(4096);
    expect(patchedCrc.unsigned(data)).toBe(nativeCrc32(data));
    expect(patchedCrc.unsigned(data.subarray(100), patchedCrc.unsigned(data.subarray(0, 100)))).toBe(nativeCrc32(data));
    expect(patchedCrc.unsigned(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});

describe('firmware profiles: the places where real firmwares answer differently', () => {
  it('documented: the Backup object (empty project list left out), 409 when busy, progress-only jobs, cancel on the job, usb-key, 404 list before the first backup', async () => {
    const ctl = await controller({ profile: 'documented', usbKeyPresent: true, jobDurationMs: 400 });
    const anonymous = await call(ctl, { path: `${V1}/unknown-resource` });
    expect(anonymous.status).toBe(401);
    expect(String(anonymous.headers['set-cookie'])).toMatch(/ECLYPSERESTSESSIONID=/);
    const cookie = await login(ctl);
    expect(json(await call(ctl, { path: `${V1}/system/backup`, cookie }))).toEqual({ dataTypes: [...DATA_TYPES] });
    expect((await call(ctl, { path: `${V1}/system/backup/targets/device/files`, cookie })).status).toBe(404);
    expect((await call(ctl, { path: `${V1}/system/backup/targets/usbkey/files`, cookie })).status).toBe(404);
    expect((await call(ctl, { path: `${V1}/system/backup/targets/usb-key/files`, cookie })).status).toBe(200);
    const create = jsonPost(
      `${V1}/system/backup/create`,
      { target: 'Device', fileName: 'DOC', dataTypes: ['GFX'] },
      cookie,
    );
    const { jobId } = json<{ jobId: string }>(await call(ctl, create));
    expect((await call(ctl, create)).status).toBe(409);
    const running = json<Record<string, unknown>>(await call(ctl, { path: `${V1}/jobs/${jobId}/`, cookie }));
    expect(running).not.toHaveProperty('status');
    expect(running).toMatchObject({ type: 'Backup' });
    expect((await call(ctl, jsonPost(`${V1}/jobs/${jobId}/cancel`, {}, cookie))).status).toBe(404);
    expect((await call(ctl, jsonPost(`${V1}/jobs/${jobId}/`, {}, cookie))).status).toBe(200);
    expect(ctl.busy).toBe(false);
    expect(ctl.files()).toEqual([]);
  });

  it('stalled-job: the job stays at 90 % and never says more, while the file appears when the controller is done', async () => {
    const ctl = await controller({ profile: 'stalled-job', envysionProjects: ['Lobby'], jobDurationMs: 100 });
    const cookie = await login(ctl);
    expect(json(await call(ctl, { path: `${V1}/system/backup`, cookie }))).toEqual({
      dataTypes: [...DATA_TYPES],
      envysionProjects: ['Lobby'],
    });
    const { jobId } = json<{ jobId: string }>(
      await call(
        ctl,
        jsonPost(`${V1}/system/backup/create`, { target: 'Device', fileName: 'STALL', dataTypes: ['GFX'] }, cookie),
      ),
    );
    await waitFor(async () => (ctl.files().length === 1 ? true : undefined));
    await new Promise((r) => setTimeout(r, 150));
    expect(json(await call(ctl, { path: `${V1}/jobs/${jobId}/`, cookie }))).toEqual({
      id: jobId,
      type: 'Backup',
      progress: 90,
    });
    expect(ctl.busy).toBe(false);
  });

  it('field-quirks and documented v2: 401 to anything anonymous, a v1 root without /info, a create answer without a job id', async () => {
    const quirks = await controller({ api: 'v2', profile: 'field-quirks' });
    expect((await call(quirks, { path: V1 })).status).toBe(401);
    expect((await call(quirks, { path: V1, auth: true })).status).toBe(200);
    expect((await call(quirks, { path: `${V1}/info`, auth: true })).status).toBe(404);
    const cookie = await login(quirks, '/api/rest/v2/services');
    const created = await call(
      quirks,
      jsonPost('/api/rest/v2/services/backup/backups/create', { option: 'full' }, cookie),
    );
    expect([created.status, created.text]).toEqual([204, '']);
    const documented = await controller({ api: 'v2', profile: 'documented' });
    const cookie2 = await login(documented, '/api/rest/v2/services');
    expect(
      json(
        await call(documented, jsonPost('/api/rest/v2/services/backup/backups/create', { option: 'full' }, cookie2)),
      ),
    ).toEqual({});
  });

  it('refuses a valid login for a reason it names: first login, must change password, RADIUS down, no API role', async () => {
    const ctl = await controller();
    const said: Array<[number, string]> = [];
    for (const loginRefusal of ['first-login', 'must-change-password', 'radius-down', 'no-api-role'] as const) {
      ctl.setFaults({ loginRefusal });
      const r = await call(ctl, { path: `${V1}/info`, auth: true });
      said.push([r.status, r.text]);
    }
    expect(said.map(([s]) => s)).toEqual([401, 401, 401, 403]);
    expect(said[0]![1]).toMatch(/first login/);
    expect(said[2]![1]).toMatch(/RADIUS/);
  });
});
