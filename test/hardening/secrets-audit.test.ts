import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_LOG_FILE, openAppLogs } from '../../main/app/app-log';
import { createDispatch, type Dispatch } from '../../main/app/dispatch';
import { serveCall } from '../../main/ipc';
import { MemoryStore } from '../../main/core/secrets/memory-store';
import { CALLS, type CallName } from '../../preload/api';
import { createFakeDesktop } from '../harness/fake-desktop';
import { startController } from '../simulator/index';
import type { ControllerSpec, SimController } from '../simulator/types';
import { runCli } from '../support/run-cli';
import { listTree, tempDir, zipEntries } from '../support/fixtures';

// One distinctive password, a whole bulk run through the CLI and through the app's dispatch (the same
// table the IPC serves), with controllers that fail in every way, including one that echoes the password
// back in its error page. The password, and its Basic-auth form, must be found nowhere afterwards.

const PASSWORD = 'Zq9!audit-Secret_7731';
const FORMS = [PASSWORD, Buffer.from(`admin:${PASSWORD}`).toString('base64'), encodeURIComponent(PASSWORD)];
/** A session id a controller's error page quotes back (some servlet containers print the request's cookies). */
const ECHOED_SESSION = 'echoed-session-7f3a9c2e1b';

let work: string;
let sims: SimController[] = [];

/** Every place a secret could end up on disk: journals, sidecars, reports, pins, inventory, settings. */
async function filesUnder(root: string): Promise<Array<{ file: string; text: string }>> {
  const out: Array<{ file: string; text: string }> = [];
  for (const rel of await listTree(root)) {
    const file = path.join(root, rel);
    const bytes = await fs.readFile(file);
    // Backups are the controllers' own zips; everything else we wrote is text.
    if (!rel.endsWith('.ecybackup')) out.push({ file: rel, text: bytes.toString('utf8') });
  }
  return out;
}

function expectNoSecret(where: string, text: string): void {
  for (const form of FORMS)
    expect(text.includes(form), `${where} holds the password (${form === PASSWORD ? 'plain' : 'encoded'})`).toBe(false);
}

const FLEET: Array<Partial<ControllerSpec> & { name: string }> = [
  { name: 'AUDIT-OK-1' },
  { name: 'AUDIT-OK-2', revision: '6.0' },
  { name: 'AUDIT-WRONG-PW', password: 'the-device-has-another' },
  { name: 'AUDIT-EXPIRES', faults: { sessionExpiresAfter: 4 } },
  {
    name: 'AUDIT-ECHO',
    faults: {
      phaseFault: {
        phase: 'create',
        kind: 'body',
        status: 500,
        contentType: 'application/json',
        body: Buffer.from(
          JSON.stringify({
            error: `create refused for admin/${PASSWORD} (Basic ${FORMS[1]}; Cookie: ECLYPSERESTSESSIONID=${ECHOED_SESSION})`,
          }),
        ),
      },
    },
  },
  { name: 'AUDIT-JOBFAIL', faults: { jobFails: true } },
];

beforeAll(async () => {
  work = await tempDir('eclypse-secrets-');
  sims = await Promise.all(
    FLEET.map((s) =>
      startController({ password: PASSWORD, jobDurationMs: 100, backupBytes: 64 * 1024, site: 'Audit', ...s }),
    ),
  );
});
afterAll(async () => {
  await Promise.all(sims.map((s) => s.close()));
  await fs.rm(work, { recursive: true, force: true });
});

/** Every session cookie value the controllers handed out (as the client sent them back), and the echoed one. */
function sessionCookieValues(): string[] {
  const values = new Set<string>([ECHOED_SESSION]);
  for (const sim of sims) {
    for (const r of sim.requests) {
      for (const pair of String(r.headers.cookie ?? '').split(';')) {
        const value = pair.split('=').slice(1).join('=').trim();
        if (value.length >= 4) values.add(value);
      }
    }
  }
  return [...values];
}

/** The log lines of a folder (current and rotated files), each parsed: a line that is not JSON fails the test. */
async function logRecords(
  folder: string,
  prefix: string,
): Promise<Array<{ line: string; record: Record<string, unknown> }>> {
  const files = (await fs.readdir(folder)).filter((f) => f.startsWith(prefix) && f.endsWith('.log'));
  expect(files.length).toBeGreaterThan(0);
  const lines = (await Promise.all(files.map((f) => fs.readFile(path.join(folder, f), 'utf8')))).flatMap((t) =>
    t.split('\n').filter((l) => l.trim() !== ''),
  );
  return lines.map((line) => ({ line, record: JSON.parse(line) as Record<string, unknown> }));
}

/** No password form and no session cookie value in any line of the log; and the log is the real one (requests, verdicts). */
function expectCleanLog(
  where: string,
  records: Array<{ line: string; record: Record<string, unknown> }>,
  controllerIds: string[],
): void {
  const cookies = sessionCookieValues();
  // The sessions were real: the controllers gave out cookies and the client sent them back.
  expect(cookies.length).toBeGreaterThan(sims.length);
  for (const { line } of records) {
    expectNoSecret(where, line);
    for (const c of cookies)
      expect(line.includes(c), `${where} holds a session cookie value: ${line.slice(0, 200)}`).toBe(false);
  }
  const requests = records.filter((r) => r.record.event === 'request');
  for (const id of controllerIds)
    expect(
      requests.some((r) => r.record.controllerId === id),
      `${where}: no request logged for ${id}`,
    ).toBe(true);
  expect(
    requests.every(
      (r) =>
        typeof r.record.status === 'number' &&
        typeof r.record.ms === 'number' &&
        typeof r.record.attempt === 'number' &&
        typeof r.record.runId === 'string',
    ),
  ).toBe(true);
  expect(records.filter((r) => r.record.event === 'verdict').length).toBeGreaterThanOrEqual(controllerIds.length);
  // The echoing controller's failure is logged with its stack, its words masked.
  const echo = records.find(
    (r) => r.record.event === 'backup failed' && String(JSON.stringify(r.record)).includes('create refused for admin/'),
  );
  expect(echo, `${where}: the echoing controller's failure is not logged`).toBeDefined();
  expect(JSON.stringify(echo!.record)).toContain('"stack"');
}

function inventoryCsv(credential: string | null): string {
  const rows = sims.map((s) =>
    [s.spec.name, s.host, s.port, 'Audit', 'admin', s.fingerprint, credential ?? ''].join(','),
  );
  return `name,host,port,site,username,fingerprint,credential\n${rows.join('\n')}\n`;
}

describe('secrets audit', () => {
  it('the CLI: a bulk run killed mid-way, resumed, and run again in JSON leaves the password in no output and no file', async () => {
    const dataDir = path.join(work, 'cli-data');
    const archive = path.join(work, 'cli-archive');
    const inventory = path.join(work, 'inventory.csv');
    await fs.writeFile(inventory, inventoryCsv(null));
    const logFile = path.join(work, 'cli-logs', 'audit.log');
    // --log as a global option before the command, --verbose after it: the log goes to the file and to stderr.
    const args = [
      '--user',
      'admin',
      '--password-env',
      'AUDIT_PW',
      '--data-dir',
      dataDir,
      '--out',
      archive,
      '--verbose',
    ];
    const outputs: string[] = [];

    const killed = await runCli(
      ['--log', logFile, 'bulk', '--inventory', inventory, ...args, '--concurrency', '2'],
      { AUDIT_PW: PASSWORD },
      (err, control) => {
        if ((err.match(/✓/g) ?? []).length >= 1) control.kill();
      },
    );
    outputs.push(killed.stdout, killed.stderr);
    const runId = /^run: (\S+)$/m.exec(killed.stderr)?.[1];
    expect(runId, killed.stderr).toBeDefined();
    const resumed = await runCli(['--log', logFile, 'bulk', '--resume', runId!, ...args], { AUDIT_PW: PASSWORD });
    outputs.push(resumed.stdout, resumed.stderr);
    const json = await runCli(['--log', logFile, 'bulk', '--inventory', inventory, ...args, '--json'], {
      AUDIT_PW: PASSWORD,
    });
    outputs.push(json.stdout, json.stderr);

    // The run really went through every failure the audit is about.
    const codes = (JSON.parse(json.stdout) as { results: Array<{ error: { code: string } | null }> }).results.map(
      (r) => r.error?.code ?? 'OK',
    );
    expect(codes.sort()).toEqual(['AUTH_FAILED', 'DEVICE_ERROR', 'JOB_FAILED', 'OK', 'OK', 'OK'].sort());
    // The echoing controller's words are kept, the password in them masked.
    expect(json.stdout).toContain('create refused for admin/•••');

    outputs.forEach((o, i) => expectNoSecret(`CLI output ${i}`, o));
    // --verbose printed the log on stderr as it happened.
    expect(json.stderr).toMatch(/ info +request .*status=200/);
    const log = await logRecords(path.dirname(logFile), 'audit');
    expect(log.some((r) => r.record.event === 'run resumed' && r.record.runId === runId)).toBe(true);
    expectCleanLog(
      'CLI log',
      log,
      sims.map((s) => `${s.host}:${s.port}`),
    );
    for (const o of outputs) for (const c of sessionCookieValues()) expect(o.includes(c)).toBe(false);
    const written = [...(await filesUnder(dataDir)), ...(await filesUnder(archive))];
    expect(written.some((f) => f.file.startsWith('runs/') && f.file.endsWith('.jsonl'))).toBe(true);
    expect(written.some((f) => f.file.endsWith('.ecybackup.json'))).toBe(true);
    expect(written.some((f) => f.file.startsWith('reports/'))).toBe(true);
    for (const f of written) expectNoSecret(f.file, f.text);
  });

  it('the app: credentials, import, bulk run, resume, reports and bad calls through serveCall leave the password in no event, result, error or file', async () => {
    const dataDir = path.join(work, 'app-data');
    const home = path.join(work, 'home');
    const captured: unknown[] = [];
    const secrets = new MemoryStore();
    const logsFolder = path.join(work, 'app-logs');
    const { dispatch, activeRuns, close } = createDispatch({
      logs: openAppLogs(logsFolder),
      dataDir,
      home,
      desktop: createFakeDesktop({ trust: true }),
      secrets: async () => secrets,
      emit: (channel, payload) => captured.push({ channel, payload }),
    });
    /** Through the IPC's own entry point, with every result (ok or not) captured. */
    const call = async (channel: CallName, request: unknown): Promise<unknown> => {
      const result = await serveCall(channel, dispatch as Dispatch, true, request);
      captured.push(result);
      return result;
    };
    const value = async <T>(channel: CallName, request: unknown): Promise<T> => {
      const r = (await call(channel, request)) as { ok: boolean; value?: T; error?: unknown };
      expect(r.ok, `${channel}: ${JSON.stringify(r.error)}`).toBe(true);
      return r.value as T;
    };

    await value('credentials:set', { profile: 'Audit site', username: 'admin', password: PASSWORD });
    await value('inventory:importCsv', { text: inventoryCsv('Audit site'), update: false });
    const ids = (await value<Array<{ id: string }>>('inventory:list', {})).map((c) => c.id);
    const { runId } = await value<{ runId: string }>('bulk:start', {
      controllerIds: ids,
      target: 'Device',
      dataTypes: ['TIMEZONE', 'GFX'],
      trustNew: false,
    });
    await until(
      () => captured.some((e) => (e as { channel?: string }).channel === 'run:finished') && activeRuns() === 0,
    );
    const record = await value<{ totals: { succeeded: number; failed: number } }>('runs:get', { runId });
    expect(record.totals).toMatchObject({ succeeded: 3, failed: 3 });
    // The run's controllers are released when it says it is over (its reports follow): ask again until the
    // resume is accepted.
    // With a password typed again for the retry (as the app asks when a controller has no profile).
    await until(async () => ((await call('runs:resume', { runId, password: PASSWORD })) as { ok: boolean }).ok);
    await until(
      () =>
        captured.filter((e) => (e as { channel?: string }).channel === 'run:finished').length >= 2 &&
        activeRuns() === 0,
    );
    await value('report:export', { runId });
    await value('archive:list', {});
    // A compromised renderer that sends the password where it does not belong, or in a malformed call.
    for (const [channel, request] of [
      ['credentials:set', { profile: 'x', username: 'admin', password: PASSWORD, extra: PASSWORD }],
      ['credentials:set', { profile: PASSWORD, username: 'admin', password: 12 }],
      ['inventory:add', { name: PASSWORD, host: 'not a host', port: 'x' }],
      [
        'backup:start',
        {
          controllerId: ids[2],
          credential: { username: 'admin', password: PASSWORD },
          target: 'Device',
          dataTypes: ['GFX'],
          envysion: [],
          fileName: '../x',
        },
      ],
      ['settings:set', { archiveFolder: PASSWORD }],
      ['runs:resume', { runId, password: PASSWORD, extra: PASSWORD }],
      ['log:write', { level: 'error', source: 'renderer', event: 'x', message: 'y', password: PASSWORD }],
    ] as Array<[CallName, unknown]>) {
      const r = (await call(channel, request)) as { ok: boolean };
      expect(r.ok, channel).toBe(false);
    }
    expect(CALLS['credentials:list']).toBeDefined();
    expectNoSecret('credentials:list', JSON.stringify(await value('credentials:list', {})));

    // A window that logs what it was given (a form's state with the password in it) through the contract.
    await value('log:write', {
      level: 'error',
      source: 'renderer',
      event: 'render failed',
      message: `state: {"user":"admin","password":"${PASSWORD}"} typed ${PASSWORD}`,
      details: { form: PASSWORD },
    });
    // Export diagnostics zips the log: the zip itself is checked below with the archive's files.
    await value('diagnostics:export', {});
    captured.forEach((c, i) => expectNoSecret(`event or result ${i}`, JSON.stringify(c)));
    const log = await logRecords(logsFolder, APP_LOG_FILE.replace(/\.log$/, ''));
    expect(log.some((r) => r.record.event === 'render failed' && r.record.source === 'renderer')).toBe(true);
    expect(log.some((r) => r.record.event === 'run resumed' && r.record.runId === runId)).toBe(true);
    expectCleanLog('app log', log, ids);
    // Every report on disk whole before it is read.
    await close();
    const written = [...(await filesUnder(dataDir)), ...(await filesUnder(path.join(home, 'Documents')))];
    // The diagnostics zip is compressed: its entries are read back and checked one by one.
    const zips = written.filter((f) => /reports\/eclypse-diagnostics-[\d-]+\.zip$/.test(f.file));
    expect(zips).toHaveLength(1);
    const entries = await zipEntries(path.join(home, 'Documents', zips[0]!.file));
    expect(Object.keys(entries)).toContain(`logs/${APP_LOG_FILE}`);
    for (const [name, text] of Object.entries(entries)) {
      expectNoSecret(`diagnostics zip: ${name}`, text);
      for (const c of sessionCookieValues())
        expect(text.includes(c), `diagnostics zip: ${name} holds a session cookie value`).toBe(false);
    }
    expect(written.some((f) => f.file.startsWith('runs/'))).toBe(true);
    expect(written.some((f) => f.file.endsWith('.ecybackup.json'))).toBe(true);
    for (const f of written) expectNoSecret(f.file, f.text);
  });
});

async function until(done: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  for (const start = Date.now(); !(await done());) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
