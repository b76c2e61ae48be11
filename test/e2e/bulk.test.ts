import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTree } from '../support/fixtures';
import type { ControllerSpec } from '../simulator/types';
import { startHarness, type Harness } from '../harness/server';
import { screenshot } from './browser';
import { openApp, type AppSession } from './support/app-session';
import { seriousAccessibilityProblems } from './support/axe';

const PASSWORD = 'Bulk-Pa55word-unique';
const BOILER_PASSWORD = 'Boiler-room-0ther';
const RUN_TIMEOUT_MS = 50_000;

/** The value of a call's result, or the test fails with the error main gave. */
function valueOf<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(`call failed in the page: ${JSON.stringify(r.error)}`);
  return r.value;
}

/** window.eclypse in the page, for set-up a technician would do on another screen. */
/** Imports the simulated controllers (all with profile Site unless `profiles` says otherwise) and stores profiles. */
async function setUpInventory(
  app: AppSession,
  profiles: Record<string, string> = {},
  secrets: Record<string, string> = { Site: PASSWORD },
): Promise<void> {
  const rows = app.sim.controllers.map((c) =>
    [c.spec.name, c.host, c.port, c.spec.site ?? '', c.fingerprint, profiles[c.spec.name] ?? 'Site'].join(','),
  );
  const csv = `name,host,port,site,fingerprint,credential\n${rows.join('\n')}\n`;
  valueOf(
    await app.page.evaluate(`window.eclypse.inventoryImportCsv(${JSON.stringify({ text: csv, update: false })})`),
  );
  for (const [profile, password] of Object.entries(secrets)) await setProfile(app.page, profile, password);
}

/** Stores a credential profile's login (admin / `password`). */
async function setProfile(page: Page, profile: string, password: string): Promise<void> {
  valueOf(
    await page.evaluate(`window.eclypse.credentialsSet(${JSON.stringify({ profile, username: 'admin', password })})`),
  );
}

/** The runs listed by the journals. */
async function runsListed(page: Page): Promise<unknown[]> {
  return valueOf(await page.evaluate(`window.eclypse.runsList({})`)) as unknown[];
}

/**
 * Checks the screen with axe and saves it in both themes (bulk-<name>-light.png / -dark.png), then at 150 %
 * scaling (-150pct-light.png); the page is left in the light theme at its size. Axe runs in each theme: a
 * contrast problem may be in one only.
 */
async function lookAt(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await seriousAccessibilityProblems(page), `${name} (${scheme})`).toEqual([]);
    await screenshot(page, `bulk-${name}-${scheme}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  // At 150 % display scaling the window is 853×547 CSS pixels: nothing may push the screen sideways.
  const before = page.viewportSize()!;
  await page.setViewportSize({ width: 853, height: 547 });
  try {
    await screenshot(page, `bulk-${name}-150pct-light`);
    expect(
      await page.locator('main.content').evaluate((e) => e.scrollWidth - e.clientWidth),
      `${name} at 150 %: sideways overflow`,
    ).toBe(0);
  } finally {
    await page.setViewportSize(before);
  }
}

/** The number a summary count shows (Succeeded, Running, Waiting, Failed). */
async function count(page: Page, key: string): Promise<number> {
  return Number(await page.locator(`[aria-label="Run summary"] [data-count="${key}"] .run-count-value`).textContent());
}

describe('a bulk run of 10 controllers: one wrong password, one offline', () => {
  let app: AppSession;
  const specs: ControllerSpec[] = Array.from({ length: 10 }, (_, i) => ({
    name: `AHU-${i + 1}`,
    site: i < 5 ? 'North' : 'South',
    password: i === 6 ? BOILER_PASSWORD : PASSWORD,
    jobDurationMs: 2500,
    backupBytes: 96 * 1024,
  }));

  beforeAll(async () => {
    app = await openApp({ controllers: specs });
    // AHU-7 logs in with its own profile, whose stored password is wrong.
    await setUpInventory(app, { 'AHU-7': 'Boiler room' }, { Site: PASSWORD, 'Boiler room': 'not-the-password' });
    // AHU-10 is switched off: nothing listens on its port any more.
    await app.sim.controllers[9]!.close();
    await app.page.reload({ waitUntil: 'load' });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('chooses all controllers and checks them: 8 ready, the offline one and the wrong password not ready', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Bulk run' }).click();
    await page.getByRole('checkbox', { name: 'Choose AHU-1', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Choose all 10' }).click();
    await lookAt(page, 'setup');
    await page.getByRole('button', { name: 'Check 10 controllers' }).click();
    const table = page.getByRole('table', { name: 'Pre-flight verdict per controller' });
    await table.waitFor({ timeout: 30_000 });
    const totals = page.locator('.preflight-totals');
    expect(await totals.textContent()).toContain('8Ready');
    expect(await totals.textContent()).toContain('2Not ready');
    // Problems come first, each with its reason in words.
    const first = table.locator('tbody tr[aria-rowindex="2"]');
    const second = table.locator('tbody tr[aria-rowindex="3"]');
    const problems = `${await first.textContent()} ${await second.textContent()}`;
    expect(problems).toContain('AHU-7');
    expect(problems).toContain('Sign-in refused');
    expect(problems).toContain('Check the password for profile Boiler room');
    expect(problems).toContain('AHU-10');
    expect(problems).toContain('Not reachable');
    // Pre-flight created nothing on any controller.
    expect(app.sim.controllers.slice(0, 9).map((c) => c.createdJobs)).toEqual(Array(9).fill(0));
    await lookAt(page, 'preflight');
  });

  it('runs them: 8 succeed, the two failures are grouped by cause with the fix', async () => {
    const { page } = app;
    // The default after the check is the 8 ready; the failures this test is about need the whole selection.
    await page.getByRole('button', { name: 'Back up the 8 ready' }).waitFor();
    await page.getByRole('button', { name: 'Start all 10 anyway' }).click();
    await page.getByRole('table', { name: 'Controllers of this run' }).waitFor();
    // Looked at mid-run: some saved, some building, the rest waiting or retrying.
    await expect.poll(() => count(page, 'succeeded'), { timeout: 20_000 }).toBeGreaterThanOrEqual(4);
    expect(await count(page, 'running')).toBeGreaterThan(0);
    await page
      .locator('.run-row', { hasText: 'Controller is building the backup' })
      .first()
      .waitFor({ timeout: 10_000 });
    await lookAt(page, 'running');
    await page.getByRole('heading', { name: '8 of 10 controllers backed up' }).waitFor({ timeout: RUN_TIMEOUT_MS });
    expect(await count(page, 'succeeded')).toBe(8);
    expect(await count(page, 'failed')).toBe(2);
    const auth = page.getByRole('article', { name: /Sign-in refused/ });
    expect(await auth.textContent()).toContain('Check the password for profile Boiler room');
    expect(await auth.locator('.failure-controllers').textContent()).toBe('AHU-7');
    const offline = page.getByRole('article', { name: /Not reachable/ });
    expect(await offline.textContent()).toContain('Check that AHU-10 is powered and on this network');
    await lookAt(page, 'finished');
  });

  it('after the password is fixed, "Retry failed" backs up AHU-7 in the same run: 9 succeeded', async () => {
    const { page } = app;
    const runsBefore = (await runsListed(page)).length;
    // The fix the group named: Settings → the profile's "Replace password…".
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('button', { name: 'Replace password of Boiler room' }).click();
    const form = page.getByRole('form', { name: 'Replace the password of Boiler room' });
    await form.getByLabel('New password').fill(BOILER_PASSWORD);
    await form.getByRole('button', { name: 'Replace password' }).click();
    await form.waitFor({ state: 'detached' });
    // Back on the Bulk run screen, the finished run is still in view.
    await page.getByRole('button', { name: 'Bulk run', exact: true }).click();
    await page.getByRole('button', { name: 'Retry failed (2)' }).click();
    await page.getByRole('heading', { name: '9 of 10 controllers backed up' }).waitFor({ timeout: RUN_TIMEOUT_MS });
    expect(await count(page, 'succeeded')).toBe(9);
    expect(await page.getByRole('article', { name: /Sign-in refused/ }).count()).toBe(0);
    expect(await page.getByRole('article', { name: /Not reachable/ }).count()).toBe(1);
    // The same run, retried: no new journal.
    expect(await runsListed(page)).toHaveLength(runsBefore);
    const saved = (await listTree(app.archive)).filter((f) => f.endsWith('.ecybackup'));
    expect(saved).toHaveLength(9);
    // The saved controllers were not asked again: one backup each, AHU-7 its first.
    expect(app.sim.controllers.slice(0, 9).map((c) => c.createdJobs)).toEqual(Array(9).fill(1));

    await page.getByRole('button', { name: 'Open report' }).click();
    await expect.poll(() => app.harness.desktop.opened.length).toBe(1);
    expect(app.harness.desktop.opened[0]).toMatch(/\.html$/);
    await fs.access(app.harness.desktop.opened[0]!);
    expect(app.problems).toEqual([]);
  });
});

describe('a run interrupted by closing the app', () => {
  let app: AppSession;
  let restarted: Harness | undefined;

  beforeAll(async () => {
    // The last two are slow: the app is "closed" while they are still being backed up, however loaded the machine.
    const specs: ControllerSpec[] = Array.from({ length: 6 }, (_, i) => ({
      name: `FCU-${i + 1}`,
      site: 'East',
      password: PASSWORD,
      jobDurationMs: i < 4 ? 1500 : 5000,
      backupBytes: 32 * 1024,
    }));
    app = await openApp({ controllers: specs });
    await setUpInventory(app);
    valueOf(await app.page.evaluate(`window.eclypse.settingsSet({ concurrency: 2 })`));
    await app.page.reload({ waitUntil: 'load' });
  });
  afterAll(async () => {
    await restarted?.close();
    await app?.close();
  });

  it('is offered for resume when the app opens again, and resuming backs up only the controllers not done', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Bulk run' }).click();
    await page.getByRole('button', { name: 'Choose all 6' }).click();
    await page.getByRole('button', { name: 'Start without checking' }).click();
    await expect.poll(() => count(page, 'succeeded'), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    // What a killed app leaves on disk: the data folder as it is in the middle of the run (journal unfinished).
    const left = path.join(app.work, 'data-after-crash');
    await fs.cp(app.dataDir, left, { recursive: true });
    await page.getByRole('heading', { name: 'All 6 controllers backed up' }).waitFor({ timeout: 30_000 });
    const jobsBefore = app.sim.controllers.map((c) => c.createdJobs);

    // The app starts again on that folder (a fresh keychain session: the profile's password is given again).
    restarted = await startHarness({ dataDir: left, home: app.work });
    const again = await app.browser.context.newPage();
    const problems: string[] = [];
    again.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await again.goto(restarted.url, { waitUntil: 'load' });
    await setProfile(again, 'Site', PASSWORD);
    await again.getByRole('button', { name: 'Bulk run' }).click();
    const banner = again.getByRole('region', { name: /^Interrupted run / });
    await banner.waitFor();
    const text = (await banner.textContent()) ?? '';
    const done = Number(/: (\d+) of 6 done/.exec(text)?.[1]);
    expect(text).toContain('A run was interrupted when the app closed');
    expect(done).toBeGreaterThanOrEqual(2);
    expect(done).toBeLessThan(6);
    expect(await seriousAccessibilityProblems(again)).toEqual([]);
    await screenshot(again, 'bulk-interrupted-light');

    const [interrupted] = (await runsListed(again)) as Array<{ runId: string }>;
    const before = valueOf(
      await again.evaluate(`window.eclypse.runsGet({ runId: ${JSON.stringify(interrupted!.runId)} })`),
    ) as { results: Array<{ port: number; status: string }> };
    const savedPorts = before.results.filter((r) => r.status === 'succeeded').map((r) => r.port);
    expect(savedPorts).toHaveLength(done);
    await banner.getByRole('button', { name: /Resume/ }).click();
    await again.getByRole('heading', { name: 'All 6 controllers backed up' }).waitFor({ timeout: 30_000 });
    expect(await again.getByRole('region', { name: /^Interrupted run / }).count()).toBe(0);
    // The controllers saved before the app closed were not asked again. (The others were, or, when their backup
    // had been asked for already, the resumed run fetched that one.)
    const asked = app.sim.controllers.filter((c, i) => c.createdJobs > jobsBefore[i]!);
    expect(asked.filter((c) => savedPorts.includes(c.port))).toEqual([]);
    expect(problems).toEqual([]);
    await again.close();
  }, 90_000);
});

describe('a 300-controller bulk run keeps the window responsive', () => {
  let app: AppSession;

  beforeAll(async () => {
    const specs: ControllerSpec[] = Array.from({ length: 300 }, (_, i) => ({
      name: `VAV-${String(i + 1).padStart(3, '0')}`,
      site: `Floor ${Math.floor(i / 50) + 1}`,
      password: PASSWORD,
      jobDurationMs: 40,
      backupBytes: 4 * 1024,
    }));
    app = await openApp({ controllers: specs });
    await setUpInventory(app);
    await app.page.reload({ waitUntil: 'load' });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('runs all 300 with no main-thread task over 200 ms', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Bulk run' }).click();
    await page.getByRole('checkbox', { name: 'Choose VAV-001' }).waitFor();
    const concurrency = page.getByRole('spinbutton', { name: 'Controllers at once' });
    await concurrency.fill('16');
    await expect
      .poll(
        async () =>
          (valueOf(await page.evaluate(`window.eclypse.settingsGet({})`)) as { concurrency: number }).concurrency,
      )
      .toBe(16);
    await page.getByRole('button', { name: 'Choose all 300' }).click();

    // Installed before the run starts: every task of the page over 50 ms from here on is recorded.
    await page.evaluate(() => {
      const w = globalThis as unknown as { longTasks: number[]; longTaskObserver: PerformanceObserver };
      w.longTasks = [];
      // Held by the page, so it lives as long as the page does.
      w.longTaskObserver = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longTasks.push(e.duration);
      });
      w.longTaskObserver.observe({ type: 'longtask' });
    });
    const started = Date.now();
    await page.getByRole('button', { name: 'Start without checking' }).click();
    const table = page.getByRole('table', { name: 'Controllers of this run' });
    await table.waitFor();
    // The technician scrolls through the rows while the run goes on.
    await expect.poll(() => count(page, 'succeeded'), { timeout: 20_000, interval: 500 }).toBeGreaterThan(30);
    await table.hover();
    for (let i = 0; i < 6; i++) {
      await page.mouse.wheel(0, 1200);
      await page.waitForTimeout(100);
    }
    expect(await table.locator('tbody tr[data-controller]').count()).toBeLessThan(40);
    // Waited for from here, not by polling the page: a locator's role queries would run on the page's main thread
    // and add tasks of the test's own to what is measured.
    const deadline = Date.now() + 55_000;
    while (!app.harness.emitted.some((e) => e.channel === 'run:finished') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 250));
    await page.waitForTimeout(500);
    const seconds = (Date.now() - started) / 1000;
    const longTasks = await page.evaluate(() => (globalThis as unknown as { longTasks: number[] }).longTasks);
    const longest = Math.max(0, ...longTasks);
    console.log(
      `300-controller run: ${seconds.toFixed(1)} s, ${longTasks.length} tasks over 50 ms, longest ${longest.toFixed(0)} ms`,
    );
    expect(longest).toBeLessThan(200);
    // The control: the observer does see a task of the page's that is too long (so "none over 200 ms" means it).
    // A task of the page's own (a timer), as the app's are: what the debugger itself evaluates is not counted.
    await page.evaluate(() => {
      setTimeout(() => {
        const start = performance.now();
        while (performance.now() - start < 250) {
          // busy on purpose
        }
      }, 0);
    });
    await expect
      .poll(async () =>
        Math.max(0, ...(await page.evaluate(() => (globalThis as unknown as { longTasks: number[] }).longTasks))),
      )
      .toBeGreaterThanOrEqual(250);
    await page.getByRole('heading', { name: 'All 300 controllers backed up' }).waitFor();
    expect(await count(page, 'succeeded')).toBe(300);
    expect(app.problems).toEqual([]);
  }, 90_000);
});
