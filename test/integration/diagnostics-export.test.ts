import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP_LOG_FILE, openAppLogs, recentLogFiles, rendererLogGate } from '../../main/app/app-log';
import { createDispatch } from '../../main/app/dispatch';
import { exportDiagnostics } from '../../main/app/diagnostics-export';
import { serveCall } from '../../main/ipc';
import { createLogger, type LogRecord } from '../../main/core/log/logger';
import { MemoryStore } from '../../main/core/secrets/memory-store';
import type { Settings } from '../../preload/api';
import { createFakeDesktop } from '../harness/fake-desktop';
import { tempDir, zipEntries } from '../support/fixtures';

const DAY = 24 * 60 * 60 * 1000;
let work: string;
let logs: string;
let archive: string;
let settings: Settings;

beforeEach(async () => {
  work = await tempDir('eclypse-export-');
  logs = path.join(work, 'logs');
  archive = path.join(work, 'archive');
  settings = {
    archiveFolder: archive,
    concurrency: 4,
    perSite: null,
    connectTimeoutSeconds: 15,
    jobTimeoutMinutes: 30,
    format: 'json',
    language: 'system',
    density: 'comfortable',
  };
});
afterEach(async () => {
  await fs.rm(work, { recursive: true, force: true });
});

async function file(p: string, text: string, ageDays = 0): Promise<void> {
  await fs.mkdir(path.dirname(p), { recursive: true });
  await fs.writeFile(p, text);
  const t = new Date(Date.now() - ageDays * DAY);
  await fs.utimes(p, t, t);
}

describe('Export diagnostics', () => {
  it('zips the logs and captures of the last 7 days and about.json into one private file in the reports folder', async () => {
    const app = openAppLogs(logs);
    app.logger.info('app started', { version: '0.1.0' });
    await file(path.join(logs, 'eclypse-field-backup-20261203-101500-000.log'), '{"event":"older"}\n', 3);
    await file(path.join(logs, 'eclypse-field-backup-20261125-101500-000.log'), '{"event":"too old"}\n', 10);
    await file(path.join(logs, 'notes.txt'), 'not a log');
    await fs.symlink('/etc/hostname', path.join(logs, 'planted.log')).catch(() => undefined);
    await file(path.join(archive, 'reports', 'diagnostics', 'AHU-1-20261205-080000.har'), '{"log":{}}', 1);
    await file(path.join(archive, 'reports', 'diagnostics', 'AHU-1-20261101-080000.har'), '{"log":{}}', 30);

    const out = await exportDiagnostics({
      logsFolder: logs,
      settings,
      versions: { electron: '45.6.1', node: '22.20.0' },
      now: new Date(),
    });
    expect(out).toMatchObject({ logFiles: 2, captures: 1 });
    expect(out.path).toMatch(/^reports[\\/]eclypse-diagnostics-\d{8}-\d{6}\.zip$/);
    const zip = path.join(archive, out.path);
    expect((await fs.stat(zip)).size).toBe(out.bytes);
    if (process.platform !== 'win32') expect((await fs.stat(zip)).mode & 0o777).toBe(0o600);
    const entries = await zipEntries(zip);
    expect(Object.keys(entries).sort()).toEqual(
      [
        'about.json',
        'captures/AHU-1-20261205-080000.har',
        `logs/${APP_LOG_FILE}`,
        'logs/eclypse-field-backup-20261203-101500-000.log',
      ].sort(),
    );
    expect(entries[`logs/${APP_LOG_FILE}`]).toContain('"event":"app started"');
    const about = JSON.parse(entries['about.json']!) as {
      versions: Record<string, string>;
      settings: Settings;
      days: number;
      entries: Array<{ name: string }>;
    };
    expect(about.versions.electron).toBe('45.6.1');
    expect(about.settings.archiveFolder).toBe(archive);
    expect(about.days).toBe(7);
    expect(about.entries.map((e) => e.name)).toHaveLength(3);
  });

  it('works with no log yet, and refuses an archive folder every user can write into (nothing written)', async () => {
    const out = await exportDiagnostics({ logsFolder: path.join(work, 'no-logs-yet'), settings });
    expect(out).toMatchObject({ logFiles: 0, captures: 0 });
    expect(Object.keys(await zipEntries(path.join(archive, out.path)))).toEqual(['about.json']);
    if (process.platform === 'win32') return;
    const open = path.join(work, 'open-archive');
    await fs.mkdir(open, { mode: 0o777 });
    await fs.chmod(open, 0o777);
    await expect(
      exportDiagnostics({ logsFolder: logs, settings: { ...settings, archiveFolder: open } }),
    ).rejects.toMatchObject({ code: 'DISK_ERROR' });
    expect(await fs.readdir(open)).toEqual([]);
  });

  it('recentLogFiles takes plain .log files modified within the window, oldest first', async () => {
    await file(path.join(logs, 'a.log'), 'x', 2);
    await file(path.join(logs, 'b.log'), 'x', 1);
    await file(path.join(logs, 'c.log'), 'x', 8);
    expect((await recentLogFiles(logs, 7)).map((f) => path.basename(f))).toEqual(['a.log', 'b.log']);
    expect(await recentLogFiles(path.join(work, 'missing'), 7)).toEqual([]);
  });
});

describe('log calls of the dispatch', () => {
  it('logs:openFolder creates and opens the log folder; log:write writes the window record with its source; without a log folder both say so', async () => {
    const desktop = createFakeDesktop();
    const base = {
      dataDir: path.join(work, 'data'),
      home: work,
      desktop,
      secrets: async () => new MemoryStore(),
      emit: () => undefined,
    };
    const { dispatch } = createDispatch({ ...base, logs: openAppLogs(logs) });
    expect(await serveCall('logs:openFolder', dispatch, true, {})).toEqual({ ok: true, value: { path: logs } });
    expect(desktop.opened).toEqual([logs]);
    expect(
      await serveCall('log:write', dispatch, true, {
        level: 'warn',
        source: 'preload',
        event: 'run:progress listener failed',
        message: 'x',
        details: { where: 'bulk' },
      }),
    ).toEqual({ ok: true, value: null });
    const lines = (await fs.readFile(path.join(logs, APP_LOG_FILE), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as LogRecord);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        source: 'preload',
        event: 'run:progress listener failed',
        details: { where: 'bulk' },
      }),
    );
    // A record larger than the contract allows is refused before it is written.
    expect(
      await serveCall('log:write', dispatch, true, {
        level: 'error',
        source: 'renderer',
        event: 'x',
        message: 'y'.repeat(5000),
      }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const bare = createDispatch(base).dispatch;
    expect(await serveCall('logs:openFolder', bare, true, {})).toMatchObject({
      ok: false,
      error: { code: 'DISK_ERROR', message: 'This window has no log folder.' },
    });
  });

  it('a failed call is logged with its stack', async () => {
    const { dispatch } = createDispatch({
      dataDir: path.join(work, 'data'),
      home: work,
      desktop: createFakeDesktop(),
      secrets: async () => new MemoryStore(),
      emit: () => undefined,
      logs: openAppLogs(logs),
    });
    const answer = await serveCall('controller:envysionProjects', dispatch, true, {
      controllerId: 'nowhere:443',
      credential: { profile: 'none' },
    });
    expect(answer.ok).toBe(false);
    const lines = (await fs.readFile(path.join(logs, APP_LOG_FILE), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as LogRecord & { error?: { stack?: string } });
    const failed = lines.find((l) => l.event === 'call failed' && l.channel === 'controller:envysionProjects');
    expect(failed?.error?.stack).toContain('dispatch.ts');
  });

  it('the window may write at most 120 records a minute; the rest are counted in one record', () => {
    const records: LogRecord[] = [];
    let now = 1_000_000;
    const gate = rendererLogGate(createLogger({ write: (r) => records.push(r) }), () => now);
    for (let i = 0; i < 500; i++) gate((log) => log.error('flood', { i }));
    expect(records).toHaveLength(120);
    now += 60_000;
    gate((log) => log.error('after'));
    expect(records.slice(120).map((r) => [r.event, r.dropped])).toEqual([
      ['window records dropped', 380],
      ['after', undefined],
    ]);
  });
});
