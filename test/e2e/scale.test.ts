import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EclypseApi } from '../../preload/api';
import { screenshot } from './browser';
import { openApp, type AppSession } from './support/app-session';
import { playSyntheticRun, type SyntheticController } from './support/synthetic-run';

const COUNT = 2000;
const SITES = 20;
/** The brief's bound for any task of the window at campus scale. */
const LONGEST_MS = 100;

/** Starts recording every task of the page over 50 ms (from here on). */
async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = globalThis as unknown as { longTasks: number[]; longTaskObserver: PerformanceObserver };
    w.longTasks = [];
    // Held by the page, so it lives as long as the page does.
    w.longTaskObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push(e.duration);
    });
    w.longTaskObserver.observe({ type: 'longtask' });
  });
}

async function longestTask(page: Page): Promise<{ longest: number; count: number }> {
  const tasks = await page.evaluate(() => (globalThis as unknown as { longTasks: number[] }).longTasks.splice(0));
  return { longest: Math.max(0, ...tasks), count: tasks.length };
}

describe('2,000 controllers: the board, and a run of all of them, keep the window responsive', () => {
  let app: AppSession;
  let page: Page;
  const controllers: SyntheticController[] = Array.from({ length: COUNT }, (_, i) => ({
    id: `10.${60 + Math.floor(i / 250)}.${Math.floor((i % 250) / 250)}.${(i % 250) + 1}:443`,
    name: `VAV-${String(i + 1).padStart(4, '0')}`,
    site: `Building ${String(Math.floor(i / (COUNT / SITES)) + 1).padStart(2, '0')}`,
  }));

  beforeAll(async () => {
    app = await openApp({ controllers: [] });
    page = app.page;
    const csv = [
      'name,host,port,site',
      ...controllers.map((c) => `${c.name},${c.id.split(':')[0]},443,${c.site}`),
    ].join('\n');
    const imported = await page.evaluate(
      async (text) =>
        (globalThis as unknown as { eclypse: EclypseApi }).eclypse.inventoryImportCsv({ text, update: false }),
      csv,
    );
    expect(imported).toMatchObject({ ok: true, value: { added: COUNT } });
    await page.reload({ waitUntil: 'load' });
    await page.getByText(/^2,?000 controllers on 20 sites$/).waitFor();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('filtering, searching and scrolling the board: no task over 100 ms', async () => {
    await watchLongTasks(page);
    const counts = page.getByRole('group', { name: /^Readiness for the upgrade/ });
    await counts.getByRole('button', { name: /Never backed up/ }).click();
    await counts.getByRole('button', { name: /Never backed up/ }).click();
    await page.getByRole('searchbox', { name: 'Search controllers' }).pressSequentially('VAV-19', { delay: 40 });
    await page.getByText(/^100 of 2,?000 controllers shown$/).waitFor();
    await page.getByRole('searchbox', { name: 'Search controllers' }).fill('');
    await page.getByRole('combobox', { name: 'Site' }).selectOption('Building 07');
    await page.getByRole('combobox', { name: 'Site' }).selectOption('');
    const board = page.getByRole('region', { name: 'Controllers by site' });
    const box = (await board.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 40; i++) {
      await page.mouse.wheel(0, 1500);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
    }
    // Keyboard too: the one tab stop, then End jumps to the last controller.
    await board.locator('tr[tabindex="0"]').focus();
    await page.keyboard.press('End');
    await page.getByRole('checkbox', { name: `Select VAV-${COUNT}` }).waitFor();
    expect(await board.locator('tr.controller-row').count()).toBeLessThan(100);
    const { longest, count } = await longestTask(page);
    console.log(`2,000-controller board: ${count} tasks over 50 ms, longest ${longest.toFixed(0)} ms`);
    expect(longest).toBeLessThan(LONGEST_MS);
    expect(app.problems).toEqual([]);
  }, 60_000);

  it('a run of 2,000 updating while the technician scrolls and filters it: no task over 100 ms; the observer does see one', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Bulk run', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Bulk run' }).waitFor();
    await watchLongTasks(page);
    const started = Date.now();
    // 32 at once: the most Settings allows. Every controller goes through 12 phases; one in 40 fails.
    const playing = playSyntheticRun(app.harness, 'scale-run', controllers, {
      concurrency: 32,
      stepMs: 20,
      failEvery: 40,
    });
    await page.getByRole('region', { name: 'Run in progress' }).getByRole('button', { name: 'Show it' }).click();
    const table = page.getByRole('table', { name: 'Controllers of this run' });
    await table.waitFor();
    await page
      .locator('[aria-label="Run summary"] [data-count="succeeded"] .run-count-value')
      .filter({ hasText: /^[1-9]\d{2,}/ })
      .waitFor({ timeout: 30_000 });
    const scroller = page.getByRole('region', { name: 'Controllers of this run' });
    const box = (await scroller.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 12; i++) {
      await page.mouse.wheel(0, 1200);
      await page.waitForTimeout(120);
    }
    await page.locator('[aria-label="Run summary"] [data-count="failed"]').click();
    await page.waitForTimeout(400);
    await page.locator('[aria-label="Run summary"] [data-count="failed"]').click();
    await screenshot(page, 'bulk-2000-running-light');
    const record = await playing;
    await page
      .getByRole('heading', { name: `${record.totals.succeeded} of ${COUNT} controllers backed up` })
      .waitFor({ timeout: 20_000 });
    await page.waitForTimeout(300);
    const { longest, count } = await longestTask(page);
    console.log(
      `2,000-controller run: ${((Date.now() - started) / 1000).toFixed(1)} s, ${count} tasks over 50 ms, longest ${longest.toFixed(0)} ms`,
    );
    expect(longest).toBeLessThan(LONGEST_MS);
    expect(await table.locator('tbody tr[data-controller]').count()).toBeLessThan(60);
    // The control: a task of the page's own that is too long is seen, so "none over 100 ms" means it.
    await page.evaluate(() => {
      setTimeout(() => {
        const start = performance.now();
        while (performance.now() - start < 150) {
          // busy on purpose
        }
      }, 0);
    });
    await page.waitForTimeout(400);
    expect((await longestTask(page)).longest).toBeGreaterThanOrEqual(150);
    expect(app.problems).toEqual([]);
  }, 120_000);
});
