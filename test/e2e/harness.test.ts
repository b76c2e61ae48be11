import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  CALL_NAMES,
  EVENT_NAMES,
  listenerName,
  methodName,
  type EclypseApi,
  type EventPayload,
} from '../../preload/api';
import { startHarness, type Harness } from '../harness/server';
import { startSimulator } from '../simulator/index';
import type { Simulator } from '../simulator/types';
import { listTree, tempDir } from '../support/fixtures';
import { launchBrowser, screenshot, type LaunchedBrowser } from './browser';

// Only so this file can import main/window.ts's CONTENT_SECURITY_POLICY and compare it with what the harness sends.
vi.mock('electron', () => ({ BrowserWindow: {}, dialog: {}, session: {} }));

const PASSWORD = 'Harness-Pa55word-unique';
const RUN_TIMEOUT_MS = 20_000;

let work: string;
let sim: Simulator;
let harness: Harness;
let browser: LaunchedBrowser;
let page: Page;
/** Everything the page reported as an error: console errors (CSP violations are logged there) and uncaught exceptions. */
const problems: string[] = [];

/** Records console errors and uncaught exceptions of a page into `into`. */
function watchProblems(p: Page, into: string[]): void {
  p.on('console', (m) => {
    if (m.type() === 'error') into.push(`console: ${m.text()} (${m.location().url})`);
  });
  p.on('pageerror', (e) => into.push(`pageerror: ${e.message}`));
}

beforeAll(async () => {
  work = await tempDir('eclypse-e2e-');
  sim = await startSimulator([
    { name: 'AHU-1', site: 'North', password: PASSWORD, jobDurationMs: 150, backupBytes: 64 * 1024 },
    { name: 'VAV-1', site: 'North', password: PASSWORD, jobDurationMs: 150, backupBytes: 64 * 1024, revision: '6.0' },
  ]);
  [harness, browser] = await Promise.all([
    startHarness({ dataDir: path.join(work, 'data'), home: work, archiveFolder: path.join(work, 'archive') }),
    launchBrowser(),
  ]);
  page = await browser.context.newPage();
  watchProblems(page, problems);
  await page.goto(harness.url, { waitUntil: 'load' });
});

afterAll(async () => {
  await browser?.close();
  await harness?.close();
  await sim?.close();
  if (work) await fs.rm(work, { recursive: true, force: true });
});

describe('the renderer in chromium, with window.eclypse served by the harness', () => {
  it('shows the page, with exactly the contract on window.eclypse', async () => {
    expect(browser.version).toMatch(/Chrome\/\d+/);
    expect(await page.title()).toBe('ECLYPSE Field Backup');
    const keys = await page.evaluate(() => {
      const api = (globalThis as unknown as { eclypse: Record<string, unknown> }).eclypse;
      return Object.keys(api).map((k) => `${k}:${typeof api[k]}`);
    });
    const expected = [...CALL_NAMES.map(methodName), ...EVENT_NAMES.map(listenerName)];
    expect(keys).toEqual(expected.map((k) => `${k}:function`));
    await screenshot(page, 'placeholder');
  });

  it('imports an inventory, stores a password and backs up both controllers in one bulk run, from the page', async () => {
    const rows = sim.controllers.map((c) => `${c.spec.name},${c.host},${c.port},${c.spec.site},${c.fingerprint},Site`);
    const csv = `name,host,port,site,fingerprint,credential\n${rows.join('\n')}\n`;
    const out = await page.evaluate(
      async ({ csv, password, timeoutMs }) => {
        const api = (globalThis as unknown as { eclypse: EclypseApi }).eclypse;
        const settings = await api.settingsGet({});
        const imported = await api.inventoryImportCsv({ text: csv, update: false });
        const profile = await api.credentialsSet({ profile: 'Site', username: 'admin', password });
        const listed = await api.inventoryList({});
        if (!listed.ok) return { failed: listed };
        // Subscribed before the start: a fast run may finish before bulkStart's answer arrives.
        const finishedRuns: Array<EventPayload<'run:finished'>> = [];
        let progress = 0;
        let wake = (): void => undefined;
        const offFinished = api.onRunFinished((e) => {
          finishedRuns.push(e);
          wake();
        });
        const offProgress = api.onRunProgress(() => {
          progress += 1;
        });
        const started = await api.bulkStart({
          controllerIds: listed.value.map((c) => c.id),
          target: 'Device',
          dataTypes: ['TIMEZONE'],
          trustNew: false,
        });
        if (!started.ok) return { failed: started };
        const done = await new Promise<EventPayload<'run:finished'>>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`no run:finished for ${started.value.runId} within ${timeoutMs} ms`)),
            timeoutMs,
          );
          wake = () => {
            const e = finishedRuns.find((x) => x.runId === started.value.runId);
            if (!e) return;
            clearTimeout(timer);
            resolve(e);
          };
          wake();
        });
        offFinished();
        offProgress();
        const archive = await api.archiveList({});
        return { settings, imported, profile, done, progress, archive };
      },
      { csv, password: PASSWORD, timeoutMs: RUN_TIMEOUT_MS },
    );

    if ('failed' in out) throw new Error(`call failed in the page: ${JSON.stringify(out.failed)}`);
    expect(out.settings).toMatchObject({ ok: true, value: { archiveFolder: path.join(work, 'archive') } });
    expect(out.imported).toMatchObject({ ok: true, value: { added: 2, pinned: 0, expected: 2, conflicts: [] } });
    expect(out.profile).toMatchObject({ ok: true, value: { name: 'Site', username: 'admin', hasSecret: true } });
    expect(out.done.record.totals).toMatchObject({ total: 2, succeeded: 2, failed: 0 });
    expect(out.done.record.results.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(out.progress).toBeGreaterThan(0);
    expect(out.archive.ok).toBe(true);
    if (!out.archive.ok) return;
    expect(out.archive.value).toHaveLength(2);
    expect(out.archive.value.map((e) => e.controller).sort()).toEqual(['AHU-1', 'VAV-1']);
    const onDisk = (await listTree(path.join(work, 'archive'))).filter((f) => f.endsWith('.ecybackup'));
    expect(onDisk).toHaveLength(2);
    // Secrets never ride on events (DESIGN.md principle 5), here as the page received them.
    expect(JSON.stringify(harness.emitted)).not.toContain(PASSWORD);
    expect(harness.emitted.filter((e) => e.channel === 'run:finished')).toHaveLength(1);
  });

  it('refuses an invalid payload with INVALID_INPUT, as IPC does', async () => {
    const result = await page.evaluate(() =>
      (globalThis as unknown as { eclypse: EclypseApi }).eclypse.controllerProbe({ host: 'a b', port: 0 }),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('logged no console error, no uncaught exception and no CSP violation', () => {
    expect(problems).toEqual([]);
  });
});

describe('the harness itself', () => {
  it("sends main/window.ts's CSP, and a CSP violation would be seen", async () => {
    const { CONTENT_SECURITY_POLICY } = await import('../../main/window');
    const response = await fetch(harness.url);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).toContain('<script src="/__harness/bridge.js"></script>');

    // The control: without it, "no CSP violation" above could be a listener that never fires.
    const seen: string[] = [];
    const other = await browser.context.newPage();
    try {
      watchProblems(other, seen);
      await other.goto(harness.url, { waitUntil: 'load' });
      const ran = await other.evaluate(`(() => {
        const s = document.createElement('script');
        s.textContent = 'window.inlineRan = true';
        document.head.append(s);
        return window.inlineRan === true;
      })()`);
      expect(ran).toBe(false);
      await expect.poll(() => seen.join('\n')).toContain('Content Security Policy');
    } finally {
      await other.close();
    }
  });

  it('refuses calls from a page of another origin, like IPC refuses a foreign sender', async () => {
    const response = await fetch(`${harness.url}__harness/call/settings:get`, {
      method: 'POST',
      headers: { origin: 'http://127.0.0.1:1' },
      body: '{}',
    });
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    const missing = await fetch(`${harness.url}__harness/call/nope:nope`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(404);
    expect((await fetch(`${harness.url}..%2f..%2fpackage.json`)).status).toBe(404);
  });
});
