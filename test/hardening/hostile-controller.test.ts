import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeRunReports } from '../../main/core/reports/reports';
import { startBulkRun } from '../../main/core/runs/bulk-runner';
import { DATA_TYPE_PRESETS } from '../../shared/data-types';
import type { BackupOutcome } from '../../main/core/backup/pipeline';
import { probeCertificate } from '../../main/core/device/tls-pin';
import { startController } from '../simulator/index';
import type { ControllerSpec, Faults, SimController } from '../simulator/types';
import { runCli } from '../support/run-cli';
import { backupSim, listTree, sha256File, tempDir } from '../support/fixtures';
import { MATRIX_TIMINGS } from './matrix-case';

// A controller that lies. Whatever it says — file names, headers, bodies, redirects, certificate text — may
// not write outside the archive, exhaust memory, hang the run, or reach a report or a terminal unescaped.

let work: string;
let archive: string;
const started: SimController[] = [];

async function liar(name: string, faults: Faults, spec: Partial<ControllerSpec> = {}): Promise<SimController> {
  const c = await startController({
    name,
    site: 'Hostile',
    jobDurationMs: 60,
    backupBytes: 64 * 1024,
    faults,
    ...spec,
  });
  started.push(c);
  return c;
}

/** Every file the run left is inside the archive, under the controller's folder or the reports; no `.part`. */
async function expectContained(): Promise<string[]> {
  expect(await fs.readdir(work)).toEqual(['archive']);
  const files = await listTree(archive);
  expect(files.filter((f) => f.includes('.part'))).toEqual([]);
  for (const f of files) {
    expect(f).not.toMatch(/[\u0000-\u001f]|(^|\/)\.\.(\/|$)/);
    expect(path.resolve(archive, f).startsWith(`${archive}${path.sep}`)).toBe(true);
  }
  return files;
}

beforeAll(async () => {
  work = await tempDir('eclypse-hostile-');
  archive = path.join(work, 'archive');
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await fs.rm(work, { recursive: true, force: true });
});

function timed(
  outcomeOf: () => Promise<BackupOutcome>,
): Promise<{ outcome: BackupOutcome; ms: number; rssGrowth: number }> {
  const t = Date.now();
  const rss = process.memoryUsage().rss;
  return outcomeOf().then((outcome) => ({ outcome, ms: Date.now() - t, rssGrowth: process.memoryUsage().rss - rss }));
}

describe('file names a controller makes up', () => {
  // [label, the name the device gives its new file, spec, the code expected (null: backed up, safely named)]
  const cases: Array<[string, (requested: string) => string, Partial<ControllerSpec>, string | null]> = [
    ['../ climbing out', (n) => `${n}/../../../../escaped`, {}, null],
    ['backslashes and a drive', (n) => `${n}\\..\\..\\C:\\Windows\\evil`, {}, null],
    ['NUL and control characters', (n) => `${n}\u0000.sh\u001b[2J`, {}, null],
    ['5000 characters', (n) => `${n}${'x'.repeat(5000)}`, {}, null],
    ['a Windows device name (v2 keys are not prefixed)', () => 'CON', { api: 'v2' }, null],
    ['an absolute path', () => `${path.join(work, 'owned')}`, { api: 'v2' }, null],
    // "files/.." resolves to the list itself: never a file of this backup.
    ['only dots', () => '..', { api: 'v2' }, 'FILE_NOT_FOUND'],
    // v1 files must start with the name asked for: anything else is not this backup's file.
    ['a name other than the one asked for', () => '../../outside', {}, 'FILE_NOT_FOUND'],
  ];
  it.each(cases)('%s: nothing lands outside the controller folder', async (_label, rename, spec, code) => {
    const c = await liar('LIAR', { renameNewFile: rename }, spec);
    const outcome = await backupSim(c, archive, MATRIX_TIMINGS);
    const files = await expectContained();
    expect(outcome.error?.code ?? null, outcome.error?.message).toBe(code);
    if (code === null) {
      const rel = path.relative(archive, outcome.backup!.file!);
      expect(rel.split(path.sep).slice(0, 2)).toEqual(['Hostile', 'LIAR']);
      expect(rel.split(path.sep)).toHaveLength(3);
      expect(files).toContain(rel.split(path.sep).join('/'));
      expect(path.basename(rel).length).toBeLessThanOrEqual(120);
      expect(path.basename(rel)).not.toMatch(/^(CON)(\.|$)/i);
    }
  });

  it('names that differ only by case never replace one another', async () => {
    // Two controllers of one folder whose files differ only by case, made in the same device second.
    const sameSecond = { timestamp: () => '_20260101_000000' };
    const upper = await liar('AHU-CASE', {}, sameSecond);
    const lower = await liar('AHU-CASE', {}, sameSecond);
    const a = await backupSim(upper, archive, { ...MATRIX_TIMINGS, fileName: 'AHU-CASE' });
    const b = await backupSim(lower, archive, { ...MATRIX_TIMINGS, fileName: 'ahu-case' });
    expect([a.error, b.error]).toEqual([null, null]);
    expect(a.backup!.file).not.toBe(b.backup!.file);
    expect(path.dirname(a.backup!.file!)).toBe(path.dirname(b.backup!.file!));
    for (const o of [a, b]) expect(await sha256File(o.backup!.file!)).toBe(o.backup!.sha256);
    await expectContained();
  });
});

describe('answers built to hurt', () => {
  const cases: Array<[string, Faults, RegExp]> = [
    [
      'a 1 MiB response header',
      { phaseFault: { phase: 'login', kind: 'huge-header', size: 1024 * 1024 } },
      /PROTOCOL_ERROR/,
    ],
    ['an endless JSON answer', { phaseFault: { phase: 'list', kind: 'endless' } }, /PROTOCOL_ERROR/],
    [
      'JSON nested 100 000 deep (device info)',
      { phaseFault: { phase: 'login', kind: 'nested-json', size: 100_000 } },
      /PROTOCOL_ERROR/,
    ],
    [
      'JSON nested 100 000 deep (file list)',
      { phaseFault: { phase: 'list', kind: 'nested-json', size: 100_000 } },
      /FILE_NOT_FOUND|PROTOCOL_ERROR/,
    ],
    ['XML with a billion laughs', { phaseFault: { phase: 'login', kind: 'xml-bomb' } }, /PROTOCOL_ERROR/],
  ];
  it.each(cases)('%s: a clear error, in seconds, without eating memory', async (_label, faults, code) => {
    const c = await liar('BULLY', faults);
    const { outcome, ms, rssGrowth } = await timed(() => backupSim(c, archive, MATRIX_TIMINGS));
    expect(outcome.status).toBe('failed');
    expect(outcome.error?.code, outcome.error?.message).toMatch(code);
    expect(outcome.error?.message).not.toMatch(/Maximum call stack|heap/i);
    expect(ms).toBeLessThan(15_000);
    expect(rssGrowth).toBeLessThan(256 * 1024 * 1024);
    await expectContained();
  });

  it('a redirect to another host is never followed: the other host sees no connection and no credentials', async () => {
    const other = await liar('ELSEWHERE', {});
    for (const phase of ['login', 'list', 'download'] as const) {
      const c = await liar(`REDIRECT-${phase}`, {
        phaseFault: { phase, kind: 'redirect', location: `https://localhost:${other.port}/api/rest/v1/info` },
      });
      const outcome = await backupSim(c, archive, MATRIX_TIMINGS);
      expect(outcome.error?.code, phase).toBe('PROTOCOL_ERROR');
      expect(outcome.error?.message).toMatch(/302/);
    }
    expect(other.requests).toEqual([]);
    expect(other.tlsConnections).toBe(0);
    await expectContained();
  });
});

describe('hostile text in what a controller says about itself', () => {
  const EVIL_NAME = 'AHU <script>alert(1)</script>\u001b[2J\u0007';

  it('a certificate subject with markup and terminal escapes is shown escaped by `probe`', async () => {
    const c = await liar(EVIL_NAME, {});
    const info = await probeCertificate(c.host, c.port);

    expect(info.subject).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(info.subject).toContain('\\x1B[2J');
    const r = await runCli(['probe', `${c.host}:${c.port}`, '--data-dir', path.join(work, 'archive', '.probe-data')]);
    await fs.rm(path.join(work, 'archive', '.probe-data'), { recursive: true, force: true });
    expect(r.code).toBe(0);

    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(r.stdout).toContain('Subject');
  });

  it('names, models and firmware full of markup and formulas are escaped in the HTML and neutralised in the CSV', async () => {
    const c = await liar(
      '=HYPERLINK("http://evil.example","x")',
      {},
      {
        modelName: '<img src=x onerror=alert(1)>',
        softwareVersion: '+cmd|" /C calc"!A0',
      },
    );
    const run = await startBulkRun(
      [
        {
          id: `${c.host}:${c.port}`,
          name: '<svg onload=alert(2)>',
          host: c.host,
          port: c.port,
          site: '@SUM(1+1)',
          username: 'admin',
          credential: null,
          fingerprint: null,
          target: null,
          notes: null,
        },
      ],
      {
        dataDir: path.join(work, 'archive', '.bulk-data'),
        archiveRoot: archive,
        target: 'Device',
        dataTypes: DATA_TYPE_PRESETS.all,
        envysion: 'all',
        format: 'json',
        credentials: async () => ({ username: 'admin', password: 'admin' }),
        trust: async () => ({ pin: c.fingerprint }),
        wait: MATRIX_TIMINGS.wait,
        timeouts: MATRIX_TIMINGS.timeouts,
        requestRetryBaseMs: 5,
      },
    );
    const record = await run.done;
    expect(record.totals.succeeded).toBe(1);
    const reports = await writeRunReports(archive, record);
    await fs.rm(path.join(work, 'archive', '.bulk-data'), { recursive: true, force: true });
    const html = await fs.readFile(reports.html, 'utf8');
    expect(html).not.toMatch(/<img|<svg|<script/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const csv = await fs.readFile(reports.csv, 'utf8');
    const cells = csv.replace(/^\uFEFF/, '').split('\r\n')[1]!;
    // No cell a spreadsheet would run: each formula-like value starts with a quote mark.
    expect(cells).not.toMatch(/(^|,)[=+\-@]/);
    expect(cells).toContain(`"'@SUM(1+1)"`);
    expect(cells).toContain(`"'+cmd|"" /C calc""!A0"`);
    await expectContained();
  });
});
