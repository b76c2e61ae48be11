import { getEventListeners } from 'node:events';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROFILE_NAMES, startController } from '../simulator/index';
import type { ControllerSpec, SimController } from '../simulator/types';
import { backupSim, basicLogins, listTree, sha256File, tempDir } from '../support/fixtures';
import { checkZip } from '../../main/core/archive/zip-check';

const started: SimController[] = [];
async function controller(spec: Partial<ControllerSpec> & { name: string }): Promise<SimController> {
  const c = await startController({ jobDurationMs: 200, ...spec });
  started.push(c);
  return c;
}

let archive: string;
beforeAll(async () => {
  archive = await tempDir();
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await fs.rm(archive, { recursive: true, force: true });
});

describe.each(PROFILE_NAMES)('one-device backup against every API generation, %s firmware', (profile) => {
  const cases: Array<[string, Partial<ControllerSpec>]> = [
    ['revision 8.0', { revision: '8.0' }],
    ['revision 6.0', { revision: '6.0' }],
    ['revision 4.2 (no jobs resource)', { revision: '4.2' }],
    ['PascalCase keys', { revision: '8.0', keyCase: 'pascal' }],
    ['every value a string', { revision: '8.0', stringValues: true }],
    ['API v2', { api: 'v2' }],
  ];
  for (const [label, spec] of cases) {
    it(`${label}: a verified file whose SHA-256 matches the disk, with its sidecar`, async () => {
      const ctrl = await controller({ name: `CTRL-${label.replace(/\W+/g, '')}`, profile, ...spec });
      const outcome = await backupSim(ctrl, archive);
      expect(outcome.error).toBeNull();
      expect(outcome.status).toBe('succeeded');
      const b = outcome.backup!;
      expect(b.file).toMatch(/\.ecybackup$/);
      expect(await sha256File(b.file!)).toBe(b.sha256);
      expect((await fs.stat(b.file!)).size).toBe(b.bytes);
      await expect(checkZip(b.file!)).resolves.toMatchObject({ entries: expect.any(Number) });
      const sidecar = JSON.parse(await fs.readFile(`${b.file}.json`, 'utf8'));
      expect(sidecar).toMatchObject({
        sha256: b.sha256,
        bytes: b.bytes,
        deviceFileName: b.deviceFileName,
        device: { fingerprint: ctrl.fingerprint },
      });
      expect(ctrl.files()).toContain(b.deviceFileName);
      expect(outcome.device).toMatchObject({ api: spec.api ?? 'v1', fingerprint: ctrl.fingerprint });
      if (spec.api !== 'v2') {
        expect(outcome.device!.apiRevision).toBe(spec.revision);
        expect(b.compatibility).toBe('OK');
        expect(b.deviceFileName.startsWith(ctrl.spec.name.replace(/\W/g, '-'))).toBe(true);
      }
      expect(basicLogins(ctrl)).toBe(1);
      expect((await listTree(archive)).filter((f) => f.endsWith('.part'))).toEqual([]);
    });
  }

  it('sends Content-Type on every POST and Accept */* on the download', async () => {
    const ctrl = await controller({ name: 'HEADERS' });
    const outcome = await backupSim(ctrl, archive);
    expect(outcome.status).toBe('succeeded');
    const posts = ctrl.requests.filter((r) => r.method === 'POST');
    expect(posts.length).toBeGreaterThan(0);
    for (const p of posts) expect(p.headers['content-type']).toMatch(/application\/json/);
    const download = ctrl.requests.find((r) => r.path.includes('/files/backup/'))!;
    expect(download.headers.accept).toBe('*/*');
  });

  it("leaves no listener on the caller's abort signal: a long-lived app does not keep every request in memory", async () => {
    const ctrl = await controller({ name: 'LEAK' });
    const abort = new AbortController();
    const outcome = await backupSim(ctrl, archive, { signal: abort.signal });
    expect(outcome.status).toBe('succeeded');
    await new Promise((r) => setTimeout(r, 50));
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
  });

  it('downloads the NEW file even when an older one sorts after it', async () => {
    const ctrl = await controller({ name: 'SORTS', existingFiles: ['SORTS_29991231_235959', 'SORTS_zzz'] });
    const outcome = await backupSim(ctrl, archive, { fileName: 'SORTS' });
    expect(outcome.status).toBe('succeeded');
    expect(outcome.backup!.deviceFileName).not.toBe('SORTS_29991231_235959');
    expect(outcome.backup!.deviceFileName).not.toBe('SORTS_zzz');
    expect(ctrl.files()).toContain(outcome.backup!.deviceFileName);
    const downloads = ctrl.requests.filter((r) => r.path.includes('/files/backup/'));
    expect(downloads.map((d) => d.path)).toEqual([
      expect.stringContaining(encodeURIComponent(outcome.backup!.deviceFileName)),
    ]);
  });

  it('uses XML on a revision 8.x controller when asked', async () => {
    const ctrl = await controller({ name: 'XMLCTRL', revision: '8.0' });
    const outcome = await backupSim(ctrl, archive, { format: 'xml' });
    expect(outcome.error).toBeNull();
    const create = ctrl.requests.find((r) => r.path.endsWith('/system/backup/create'))!;
    expect(create.headers['content-type']).toMatch(/application\/xml/);
    expect(create.body).toContain('<Backup><Target>Device</Target>');
    expect(outcome.warnings).toEqual([]);
  });

  it('falls back to JSON below revision 7.0 and says so', async () => {
    const ctrl = await controller({ name: 'OLDXML', revision: '6.0' });
    const outcome = await backupSim(ctrl, archive, { format: 'xml' });
    expect(outcome.status).toBe('succeeded');
    const create = ctrl.requests.find((r) => r.path.endsWith('/system/backup/create'))!;
    expect(create.headers['content-type']).toMatch(/application\/json/);
    expect(outcome.warnings.join(' ')).toMatch(/XML works from 7\.0/);
  });

  it('sends the chosen data types and ENVYSION projects', async () => {
    const ctrl = await controller({
      name: 'ENVY',
      envysionProjects: ['SpaceUtilization', 'nLightExplorer'],
      dialect: { backupOptions: 'objects' },
    });
    const outcome = await backupSim(ctrl, archive, { dataTypes: ['TIMEZONE', 'GFX'], envysion: ['nLightExplorer'] });
    expect(outcome.status).toBe('succeeded');
    const create = ctrl.requests.find((r) => r.path.endsWith('/system/backup/create'))!;
    expect(JSON.parse(create.body)).toEqual({
      target: 'Device',
      fileName: 'ENVY',
      dataTypes: ['TIMEZONE', 'GFX'],
      envysionProjects: ['nLightExplorer'],
    });
    const missing = await backupSim(ctrl, archive, { envysion: ['Nope'] });
    expect(missing.error).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('SpaceUtilization'),
    });
  });

  it('records a USB-key backup without downloading anything', async () => {
    const ctrl = await controller({ name: 'USB', usbKeyPresent: true });
    const outcome = await backupSim(ctrl, archive, { target: 'UsbKey' });
    expect(outcome.error).toBeNull();
    expect(outcome.backup).toMatchObject({ target: 'UsbKey', file: null, sha256: null });
    expect(ctrl.requests.some((r) => r.path.includes('/files/backup/'))).toBe(false);
  });

  it('a controller with no inventory name and no host name gets a folder of its own, not "backup"', async () => {
    const ctrl = await controller({ name: 'APEX-NONAME', api: 'v2' });
    const outcome = await backupSim(ctrl, archive, {
      controller: { host: ctrl.host, port: ctrl.port, protocol: 'https', pin: ctrl.fingerprint },
    });
    expect(outcome.error).toBeNull();
    // Named by the address (not the controller's own words), the port kept since it is not 443.
    expect(path.basename(path.dirname(outcome.backup!.file!))).toBe(`${ctrl.host}_${ctrl.port}`);
  });

  it('never overwrites a backup already in the archive', async () => {
    const root = await tempDir();
    const ctrl = await controller({ name: 'KEEP', timestamp: () => '_FIXED' });
    const first = await backupSim(ctrl, root);
    expect(first.status).toBe('succeeded');
    const before = await sha256File(first.backup!.file!);
    // The device reuses the name (its clock was reset): the archive must keep both files.
    await fs.writeFile(first.backup!.file!, 'precious earlier backup');
    const firstHash = await sha256File(first.backup!.file!);
    const second = await backupSim(await recreate(ctrl), root);
    expect(second.status).toBe('succeeded');
    expect(second.backup!.file).not.toBe(first.backup!.file);
    expect(path.basename(second.backup!.file!)).toMatch(/ \(2\)\.ecybackup$/);
    expect(await sha256File(first.backup!.file!)).toBe(firstHash);
    expect(before).not.toBe(firstHash);
    await fs.rm(root, { recursive: true, force: true });
  });
});

async function recreate(old: SimController): Promise<SimController> {
  await old.close();
  return controller({ ...old.spec });
}
