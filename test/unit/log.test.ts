import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CodedError } from '../../main/core/errors';
import { loggablePath } from '../../main/core/device/request-log';
import { electronLogSink, rotate } from '../../main/core/log/electron-log-sink';
import { createLogger, SILENT_LOGGER, type LogRecord } from '../../main/core/log/logger';
import { REDACTED, Redactor } from '../../main/core/log/redaction';

const PASSWORD = 'Xy7#log-Secret pw/ä';
const BASIC = Buffer.from(`admin:${PASSWORD}`, 'utf8').toString('base64');

function memory(): { records: LogRecord[]; write: (r: LogRecord) => void } {
  const records: LogRecord[] = [];
  return { records, write: (r) => records.push(r) };
}

const dirs: string[] = [];
function temp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'eclypse-log-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('logger', () => {
  it('writes records with time, level, event and the context of its child, at its level and above', () => {
    const sink = memory();
    const log = createLogger(sink, { level: 'info' });
    const child = log.child({ runId: 'R1' }).child({ controllerId: '10.0.0.5:443' });
    child.info('request', { status: 200 });
    child.debug('not written');
    log.warn('plain');
    expect(sink.records).toHaveLength(2);
    expect(sink.records[0]).toMatchObject({
      level: 'info',
      event: 'request',
      runId: 'R1',
      controllerId: '10.0.0.5:443',
      status: 200,
    });
    expect(new Date(sink.records[0]!.time).getTime()).toBeGreaterThan(0);
    expect(sink.records[1]).not.toHaveProperty('runId');
    expect(log.enabled('debug')).toBe(false);
    expect(log.enabled('error')).toBe(true);
  });

  it('writes an error with its code, hint and stack, and survives circular fields and a sink that throws', () => {
    const sink = memory();
    const log = createLogger(sink);
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    log.error('failed', { error: new CodedError('TIMEOUT', 'No answer in 30 s.'), circular, big: 10n });
    const r = sink.records[0]!;
    expect(r.error).toMatchObject({ name: 'CodedError', code: 'TIMEOUT', message: 'No answer in 30 s.' });
    expect(String((r.error as { stack: string }).stack)).toContain('log.test.ts');
    expect((r.circular as Record<string, unknown>).self).toBe('[circular]');
    expect(r.big).toBe('10');
    const broken = createLogger({
      write: () => {
        throw new Error('disk full');
      },
    });
    expect(() => broken.error('x')).not.toThrow();
    expect(() => SILENT_LOGGER.child({ runId: 'x' }).info('y')).not.toThrow();
  });
});

describe('redaction', () => {
  it('removes a protected password in every form it travels in, from every field and every key, in children too', () => {
    const sink = memory();
    const log = createLogger(sink);
    const child = log.child({ controllerId: 'c1' });
    child.protectPassword(PASSWORD, 'admin');
    const forms = [
      PASSWORD,
      BASIC,
      encodeURIComponent(PASSWORD),
      encodeURIComponent(PASSWORD).replace(/%20/g, '+'),
      JSON.stringify(PASSWORD).slice(1, -1),
    ];
    log.info('echo', {
      message: `the page said ${forms.join(' | ')}`,
      nested: { list: [`x${PASSWORD}y`], [PASSWORD]: 'as a key' },
    });
    child.error('failed', { error: new Error(`HTTP 500: login ${PASSWORD} refused (Basic ${BASIC})`) });
    const text = JSON.stringify(sink.records);
    for (const f of forms) expect(text).not.toContain(f);
    expect(text).toContain(REDACTED);
  });

  it('removes secrets in their usual places without being told of them: Basic tokens, session cookies, password pairs, secret fields', () => {
    const r = new Redactor();
    expect(r.text('Authorization: Basic dXNlcjpzM2NyZXQ=')).toBe(`Authorization: Basic ${REDACTED}`);
    expect(r.text('Cookie: ECLYPSERESTSESSIONID=abc123def; theme=dark')).toBe(
      `Cookie: ECLYPSERESTSESSIONID=${REDACTED}; theme=dark`,
    );
    expect(r.text('Set-Cookie: JSESSIONID=0F1E2D3C; Path=/')).toBe(`Set-Cookie: JSESSIONID=${REDACTED}; Path=/`);
    expect(r.text('GET /login?user=admin&password=hunter22')).toBe(`GET /login?user=admin&password=${REDACTED}`);
    expect(r.text('{"username":"admin","password":"hunter22"}')).toBe(`{"username":"admin","password":"${REDACTED}"}`);
    expect(r.text('https://admin:hunter22@10.0.0.5/api')).toBe(`https://admin:${REDACTED}@10.0.0.5/api`);
    expect(
      r.value({ password: 'hunter22', hasPassword: true, authorization: 'x y', cookie: 'a=b', credential: 'Site A' }),
    ).toEqual({
      password: REDACTED,
      hasPassword: true,
      authorization: REDACTED,
      cookie: REDACTED,
      credential: 'Site A',
    });
  });

  it("keeps one controller's cookie values to its own logger and children; passwords reach every logger", () => {
    const sink = memory();
    const log = createLogger(sink);
    const a = log.child({ controllerId: 'a' });
    const b = log.child({ controllerId: 'b' });
    a.protectValue('cookie-value-of-a');
    a.child({}).info('x', { echo: 'cookie-value-of-a' });
    b.info('y', { echo: 'cookie-value-of-a' });
    b.protectPassword('shared-site-pw');
    a.info('z', { echo: 'shared-site-pw' });
    expect(sink.records.map((r) => r.echo)).toEqual([REDACTED, 'cookie-value-of-a', REDACTED]);
  });

  it('logs a request path with secret-sounding query values removed', () => {
    expect(loggablePath('https://10.0.0.5:443/api/rest/v1/files/backup/A.ecybackup?encode=bin')).toBe(
      '/api/rest/v1/files/backup/A.ecybackup?encode=bin',
    );
    expect(loggablePath(new URL('https://h/x?password=p1&token=t&sessionid=s&page=2'))).toBe(
      '/x?password=[redacted]&token=[redacted]&sessionid=[redacted]&page=2',
    );
  });
});

describe('electron-log sink', () => {
  it('writes one JSON record per line into a private file', () => {
    const file = path.join(temp(), 'logs', 'app.log');
    const log = createLogger(electronLogSink({ file: { path: file } }), { level: 'debug' });
    log.info('request', { status: 200, text: 'line one\nline two' });
    log.debug('detail');
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'info',
      event: 'request',
      status: 200,
      text: 'line one\nline two',
    });
    expect(JSON.parse(lines[1]!)).toMatchObject({ level: 'debug', event: 'detail' });
    if (process.platform !== 'win32') {
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    }
  });

  it('rotates at the size limit into dated files and keeps only the newest', () => {
    const dir = temp();
    const file = path.join(dir, 'app.log');
    const log = createLogger(electronLogSink({ file: { path: file, maxBytes: 2000, keep: 2 } }));
    for (let i = 0; i < 60; i++) log.info('filler', { i, pad: 'x'.repeat(200) });
    const files = fs.readdirSync(dir).sort();
    expect(files).toContain('app.log');
    const rotated = files.filter((f) => /^app-\d{8}-\d{6}-\d{3}\.log$/.test(f));
    expect(rotated.length).toBeGreaterThanOrEqual(1);
    expect(rotated.length).toBeLessThanOrEqual(2);
    const all = files.flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').trim().split('\n'));
    for (const line of all) expect(() => JSON.parse(line)).not.toThrow();
    expect(all.map((l) => (JSON.parse(l) as { i: number }).i)).toContain(59);
  });

  it('rotate keeps the newest rotated files of that name only', () => {
    const dir = temp();
    for (const f of [
      'app-20260101-000000-000.log',
      'app-20260102-000000-000.log',
      'app-20260103-000000-000.log',
      'other-20260101-000000-000.log',
    ])
      fs.writeFileSync(path.join(dir, f), '');
    fs.writeFileSync(path.join(dir, 'app.log'), '{}\n');
    rotate(path.join(dir, 'app.log'), 2);
    const left = fs.readdirSync(dir).sort();
    expect(left).not.toContain('app.log');
    expect(left).not.toContain('app-20260101-000000-000.log');
    expect(left).not.toContain('app-20260102-000000-000.log');
    expect(left).toContain('app-20260103-000000-000.log');
    expect(left).toContain('other-20260101-000000-000.log');
    expect(left.filter((f) => f.startsWith('app-'))).toHaveLength(2);
  });

  it('hands records to a terminal writer at its level only', () => {
    const seen: string[] = [];
    const log = createLogger(electronLogSink({ console: { level: 'warn', write: (r) => seen.push(r.event) } }), {
      level: 'debug',
    });
    log.info('quiet');
    log.warn('loud');
    log.error('louder');
    expect(seen).toEqual(['loud', 'louder']);
  });
});
