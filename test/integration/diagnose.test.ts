import fs from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startController } from '../simulator/index';
import type { SimController } from '../simulator/types';
import { tempDir } from '../support/fixtures';
import { runCli } from '../support/run-cli';

// `eclypse-backup diagnose` is how a guess in endpoints.ts becomes a fact: a technician runs it against a real
// controller and sends the file. It must be a HAR that the usual tools open, and must hold no secret.

const require = createRequire(import.meta.url);
const harValidator = require('har-validator') as { har: (data: unknown) => Promise<unknown> };

/** A password no other string in the capture could contain by chance, with characters that change when encoded. */
const PASSWORD = 'Zq7!Diag nose/%é#Secret';

let work: string;
let ctl: SimController;
beforeAll(async () => {
  work = await tempDir('eclypse-diagnose-');
  ctl = await startController({
    name: 'AHU-DIAG',
    profile: 'documented',
    password: PASSWORD,
    usbKeyPresent: true,
    envysionProjects: ['Lobby'],
    jobDurationMs: 150,
  });
});
afterAll(async () => {
  await ctl.close();
  await fs.rm(work, { recursive: true, force: true });
});

function secretsIn(text: string): string[] {
  const token = Buffer.from(`admin:${PASSWORD}`).toString('base64');
  const sessionIds = ctl.requests.flatMap(
    (r) => /ECLYPSERESTSESSIONID=([^;\s]+)/.exec(String(r.headers.cookie ?? ''))?.[1] ?? [],
  );
  expect(sessionIds.length).toBeGreaterThan(0);
  const secrets = [PASSWORD, token, encodeURIComponent(PASSWORD), ...sessionIds];
  return secrets.filter((s) => text.includes(s));
}

describe('eclypse-backup diagnose', () => {
  it('writes a valid HAR 1.2 of the read-only exchanges and one full backup, with no secret in it', async () => {
    const har = path.join(work, 'capture.har');
    const out = path.join(work, 'archive');
    const args = [
      'diagnose',
      `${ctl.host}:${ctl.port}`,
      '--user',
      'admin',
      '--password-env',
      'DIAG_PW',
      '--fingerprint',
      ctl.fingerprint,
      '--data-dir',
      path.join(work, 'data'),
      '--har',
      har,
      '--with-backup',
      '--out',
      out,
      '--job',
      'no-such-job',
    ];
    const result = await runCli(args, { DIAG_PW: PASSWORD });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Capture written: ${har}`);
    expect(result.stdout).toMatch(/USB path: usb-key/);

    const text = await fs.readFile(har, 'utf8');
    const doc = JSON.parse(text) as {
      log: {
        creator: { name: string; version: string };
        entries: Array<{
          request: { url: string; headers: Array<{ name: string; value: string }> };
          response: { status: number; content: { text?: string; comment?: string } };
        }>;
        _eclypse: Record<string, unknown>;
      };
    };
    await expect(harValidator.har(doc)).resolves.toBeTruthy();
    // The schema check is a real one: the same capture without an entry's required httpVersion is refused.
    const broken = JSON.parse(text) as { log: { entries: Array<{ request: Record<string, unknown> }> } };
    delete broken.log.entries[0]!.request.httpVersion;
    await expect(harValidator.har(broken)).rejects.toBeTruthy();
    expect(secretsIn(text)).toEqual([]);
    expect(secretsIn(result.stdout + result.stderr)).toEqual([]);

    const urls = doc.log.entries.map((e) => new URL(e.request.url).pathname);
    for (const p of [
      '/api/rest/v1',
      '/api/rest/v1/info',
      '/api/rest/v1/info/device',
      '/api/rest/v1/system/backup',
      '/api/rest/v1/system/backup/targets',
      '/api/rest/v1/system/backup/targets/device/files',
      '/api/rest/v1/system/backup/targets/usb-key/files',
      '/api/rest/v1/system/backup/targets/usbKey/files',
      '/api/rest/v1/system/backup/targets/usbkey/files',
      '/api/rest/v2/services',
      '/api/rest/v1/jobs/no-such-job/',
    ]) {
      expect(urls, p).toContain(p);
    }
    // Every header that carried a credential or a session is there by name, its value replaced.
    const auth = doc.log.entries.flatMap((e) => e.request.headers).filter((h) => h.name === 'authorization');
    expect(auth.length).toBeGreaterThan(0);
    expect(new Set(auth.map((h) => h.value))).toEqual(new Set(['Basic [redacted]']));

    // The backup file is there as its size and SHA-256 only, matching what was archived.
    const download = doc.log.entries.find((e) => e.request.url.includes('/files/backup/'))!;
    expect(download.response.content.text).toBeUndefined();
    const sidecarFile = (await fs.readdir(out, { recursive: true }))
      .map(String)
      .find((f) => f.endsWith('.ecybackup.json'))!;
    const sidecar = JSON.parse(await fs.readFile(path.join(out, sidecarFile), 'utf8')) as {
      sha256: string;
      bytes: number;
    };
    expect(download.response.content.comment).toBe(
      `Backup file not kept here: ${sidecar.bytes} bytes, SHA-256 ${sidecar.sha256}`,
    );
    expect(text).not.toContain('PK\u0003\u0004');

    expect(doc.log.creator.name).toBe('eclypse-field-backup');
    expect(doc.log._eclypse).toMatchObject({
      api: 'v1',
      variants: {
        usbTarget: 'usb-key',
        deviceFileList: '404',
        backupOptions: 'the documented Backup object',
        jobResource: 'none answered',
      },
      backup: { status: 'succeeded', sha256: sidecar.sha256 },
    });
    // One login for the read-only part, one for the backup: never a retried password.
    expect(ctl.requests.filter((r) => r.basic)).toHaveLength(2);
  });

  it('a refused login is captured once, and the rest of the capture goes on without trying the password again', async () => {
    const har = path.join(work, 'refused.har');
    const result = await runCli(
      [
        'diagnose',
        `${ctl.host}:${ctl.port}`,
        '--user',
        'admin',
        '--password-env',
        'DIAG_PW',
        '--fingerprint',
        ctl.fingerprint,
        '--data-dir',
        path.join(work, 'data'),
        '--har',
        har,
      ],
      { DIAG_PW: 'wrong-Pa55word!' },
    );
    expect(result.code, result.stderr).toBe(0);
    const text = await fs.readFile(har, 'utf8');
    await expect(harValidator.har(JSON.parse(text))).resolves.toBeTruthy();
    expect(text).not.toContain('wrong-Pa55word!');
    const findings = (
      JSON.parse(text) as { log: { _eclypse: { probes: Array<{ status: number | null; error?: string }> } } }
    ).log._eclypse;
    expect(findings.probes.filter((p) => p.status === 401)).toHaveLength(2);
    expect(findings.probes.filter((p) => p.error?.startsWith('AUTH_FAILED')).length).toBeGreaterThan(5);
  });
});
