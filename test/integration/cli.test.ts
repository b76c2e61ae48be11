import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliControl } from '../support/run-cli';
import { startController } from '../simulator/index';
import type { SimController } from '../simulator/types';
import { listTree, sha256File, tempDir } from '../support/fixtures';

/** The CLI with the controller password in CTRL_PW, as a script would pass it. */
function cli(args: string[], env: Record<string, string> = {}, onStderr?: Parameters<typeof runCli>[2]) {
  return runCli(args, { CTRL_PW: 'admin', ...env }, onStderr);
}

let ctrl: SimController;
let slow: SimController;
let dataDir: string;
let archive: string;
const address = (c: SimController): string => `${c.host}:${c.port}`;

beforeAll(async () => {
  ctrl = await startController({ name: 'CLI-CTRL', jobDurationMs: 150 });
  slow = await startController({ name: 'CLI-SLOW', jobDurationMs: 20_000 });
  dataDir = await tempDir();
  archive = await tempDir();
});
afterAll(async () => {
  await ctrl.close();
  await slow.close();
  await fs.rm(dataDir, { recursive: true, force: true });
  await fs.rm(archive, { recursive: true, force: true });
});

describe('eclypse-backup CLI', () => {
  it('probe --json shows the certificate and that it is not trusted yet, without any HTTP request', async () => {
    const r = await cli(['probe', address(ctrl), '--data-dir', dataDir, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      status: 'ok',
      pinState: 'unknown',
      certificate: { fingerprint: ctrl.fingerprint, selfSigned: true },
    });
    expect(ctrl.requests).toEqual([]);
  });

  it('an unknown controller fails with CERT_UNTRUSTED, printing the fingerprint and the command that trusts it', async () => {
    const r = await cli([
      'backup',
      address(ctrl),
      '--user',
      'admin',
      '--password-env',
      'CTRL_PW',
      '--data-dir',
      dataDir,
      '--out',
      archive,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('CERT_UNTRUSTED');
    expect(r.stderr).toContain(`--fingerprint ${ctrl.fingerprint}`);
    expect(ctrl.requests).toEqual([]);
  });

  it('--fingerprint (plain lower-case hex) backs up, prints exactly one JSON object, and pins the controller', async () => {
    const hex = ctrl.fingerprint.replace(/:/g, '').toLowerCase();
    const r = await cli([
      'backup',
      address(ctrl),
      '--user',
      'admin',
      '--password-env',
      'CTRL_PW',
      '--fingerprint',
      hex,
      '--data-dir',
      dataDir,
      '--out',
      archive,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['status', 'device', 'backup', 'error']);
    expect(Object.keys(out.device)).toEqual([
      'host',
      'port',
      'api',
      'apiRevision',
      'hostId',
      'hostName',
      'modelName',
      'softwareVersion',
      'fingerprint',
    ]);
    expect(Object.keys(out.backup)).toEqual([
      'target',
      'deviceFileName',
      'file',
      'bytes',
      'sha256',
      'dataTypes',
      'compatibility',
    ]);
    expect(out).toMatchObject({
      status: 'succeeded',
      error: null,
      device: { api: 'v1', fingerprint: ctrl.fingerprint },
      backup: { target: 'Device', compatibility: 'OK' },
    });
    expect(path.isAbsolute(out.backup.file)).toBe(true);
    expect(await sha256File(out.backup.file)).toBe(out.backup.sha256);
    const pins = JSON.parse(await fs.readFile(path.join(dataDir, 'known-devices.json'), 'utf8'));
    expect(pins.devices[address(ctrl)].fingerprint).toBe(ctrl.fingerprint);
  });

  it('a pinned controller backs up without flags, and the password never reaches the output', async () => {
    const r = await cli(
      [
        'backup',
        address(ctrl),
        '--user',
        'admin',
        '--password-env',
        'CTRL_PW',
        '--data-dir',
        dataDir,
        '--out',
        archive,
        '--data-types',
        'config',
      ],
      { CTRL_PW: 'admin' },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Backup saved and verified');
    expect(`${r.stdout}${r.stderr}`).not.toContain('YWRtaW46YWRtaW4'); // base64 of admin:admin
  });

  it('a changed certificate stops the backup with both fingerprints; --trust-new does not override the pin', async () => {
    const old = ctrl.fingerprint;
    const rotated = await ctrl.rotateCertificate();
    const before = ctrl.requests.length;
    const r = await cli([
      'backup',
      address(ctrl),
      '--user',
      'admin',
      '--password-env',
      'CTRL_PW',
      '--trust-new',
      '--data-dir',
      dataDir,
      '--out',
      archive,
      '--json',
    ]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      status: 'failed',
      error: { code: 'CERT_CHANGED', expectedFingerprint: old, actualFingerprint: rotated },
    });
    expect(r.stderr).toContain(`--fingerprint ${rotated}`);
    expect(ctrl.requests.length).toBe(before);
    const probe = await cli(['probe', address(ctrl), '--data-dir', dataDir]);
    expect(probe.code).toBe(1);
    expect(probe.stdout).toContain('CHANGED');
  });

  it('bad usage exits 2 with a message that says what to do', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['backup', address(ctrl), '--password-env', 'CTRL_PW'], /--user/],
      [['backup', address(ctrl), '--user', 'a', '--password-env', 'NOT_SET_ANYWHERE'], /NOT_SET_ANYWHERE/],
      [['backup', address(ctrl), '--user', 'a', '--password-env', 'CTRL_PW', '--target', 'Cloud'], /Device or UsbKey/],
      [['backup', address(ctrl), '--user', 'a', '--password-env', 'CTRL_PW', '--name', 'a/b'], /file name/i],
      [['backup', `${ctrl.host}:0`, '--user', 'a', '--password-env', 'CTRL_PW'], /port number/],
      [['probe'], /missing required argument/],
      [['frobnicate'], /unknown command/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  });

  it('Ctrl-C while the controller works cancels: exit 1, status cancelled, nothing partial kept', async () => {
    const r = await cli(
      [
        'backup',
        address(slow),
        '--user',
        'admin',
        '--password-env',
        'CTRL_PW',
        '--fingerprint',
        slow.fingerprint,
        '--data-dir',
        dataDir,
        '--out',
        archive,
        '--json',
      ],
      {},
      (text, control: CliControl) => {
        if (text.includes('building the backup —')) control.interrupt();
      },
    );
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
    expect(slow.requests.some((q) => q.method === 'POST' && q.path.endsWith('/cancel'))).toBe(true);
    expect((await listTree(archive)).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('ECLYPSE_BACKUP_HOME chooses the data folder when --data-dir is absent', async () => {
    const r = await cli(['probe', address(ctrl), '--json'], { ECLYPSE_BACKUP_HOME: dataDir });
    expect(JSON.parse(r.stdout).pinState).toBe('changed');
  });
});
