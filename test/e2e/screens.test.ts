import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_MESSAGES } from '../../shared/messages/app';
import { ALL_DATA_TYPES, type EclypseApi, type EventPayload } from '../../preload/api';
import type { ControllerSpec } from '../simulator/types';
import { zipEntries } from '../support/fixtures';
import { screenshot } from './browser';
import { openApp, type AppSession } from './support/app-session';
import { seriousAccessibilityProblems } from './support/axe';

const PASSWORD = 'Screens-Pa55word-unique';
const RUN_TIMEOUT_MS = 60_000;
const MB = 1_000_000;

/** A dozen controllers on three sites, as a technician finds them; one restores with a warning, one not at all. */
const FLEET: ControllerSpec[] = [
  { name: 'AHU-1', site: 'North building', backupBytes: 2.4 * MB },
  { name: 'AHU-2', site: 'North building', backupBytes: 2.1 * MB },
  {
    name: 'VAV-101',
    site: 'North building',
    backupBytes: 0.9 * MB,
    modelName: 'ECY-VAV Rev 1.0A',
    softwareVersion: '1.17.3',
  },
  {
    name: 'VAV-102',
    site: 'North building',
    backupBytes: 0.9 * MB,
    modelName: 'ECY-VAV Rev 1.0A',
    softwareVersion: '1.17.3',
  },
  {
    name: 'VAV-103',
    site: 'North building',
    backupBytes: 0.9 * MB,
    modelName: 'ECY-VAV Rev 1.0A',
    softwareVersion: '1.17.3',
  },
  { name: 'Boiler-1', site: 'South plant room', backupBytes: 1.6 * MB },
  { name: 'Boiler-2', site: 'South plant room', backupBytes: 1.6 * MB },
  {
    name: 'Chiller-1',
    site: 'South plant room',
    backupBytes: 3.2 * MB,
    faults: { compatibility: 'WARNING: ENVYSION project saved without its images' },
  },
  {
    name: 'Pump-1',
    site: 'South plant room',
    backupBytes: 1.1 * MB,
    faults: { compatibility: 'Firmware 1.12 cannot restore this backup' },
  },
  { name: 'Exhaust-1', site: 'Parking', backupBytes: 0.7 * MB },
  { name: 'Exhaust-2', site: 'Parking', backupBytes: 0.7 * MB },
  { name: 'Lighting-1', site: 'Parking', backupBytes: 0.8 * MB },
].map((c) => ({ password: PASSWORD, jobDurationMs: 120, ...c }));

/** Every screen the technician can reach from the left navigation (the wizard at its first step). */
const SCREENS: ReadonlyArray<{ nav: string; heading: string }> = [
  { nav: 'Controllers', heading: 'Controllers' },
  { nav: 'Back up one', heading: 'Back up one controller' },
  { nav: 'Bulk run', heading: 'Bulk run' },
  { nav: 'Archive', heading: 'Archive' },
  { nav: 'Settings', heading: 'Settings' },
];

/** The same screens in French (the language setting). */
const SCREENS_FR: ReadonlyArray<{ nav: string; heading: string; file: string }> = [
  { nav: 'Contrôleurs', heading: 'Contrôleurs', file: 'controllers' },
  { nav: 'Sauvegarder un', heading: 'Sauvegarder un contrôleur', file: 'back-up-one' },
  { nav: 'Sauvegarde en lot', heading: 'Sauvegarde en lot', file: 'bulk-run' },
  { nav: 'Archive', heading: 'Archive', file: 'archive' },
  { nav: 'Réglages', heading: 'Réglages', file: 'settings' },
];

/** Runs of words of the English catalogue that the French message of the same key does not say. */
function englishOnly(): string[] {
  const out = new Set<string>();
  for (const [key, message] of Object.entries(APP_MESSAGES.en)) {
    const french = APP_MESSAGES['fr-CA'][key as keyof typeof APP_MESSAGES.en];
    for (const f of message.split(/[{}<>]/).map((x) => x.trim()))
      if (f.length >= 8 && /[a-z] [a-z]/i.test(f) && !french.includes(f) && !/[,#]/.test(f)) out.add(f);
  }
  return [...out];
}

let app: AppSession;
let page: Page;

/** The inventory CSV of the fleet: the Parking controllers without fingerprints (so they are not trusted yet). */
function fleetCsv(a: AppSession): string {
  const rows = a.sim.controllers.map((c) =>
    [c.spec.name, c.host, c.port, c.spec.site, c.spec.site === 'Parking' ? '' : c.fingerprint, 'Site default'].join(
      ',',
    ),
  );
  return `name,host,port,site,fingerprint,credential\n${rows.join('\n')}\n`;
}

async function go(screen: { nav: string; heading: string }): Promise<void> {
  await page.locator('nav.sidebar').getByRole('button', { name: screen.nav, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: screen.heading }).waitFor();
}

/**
 * Runs axe in both themes, checks no text is below 12 px and that at 150 % display scaling (1280×820 →
 * 853×547 CSS pixels) nothing makes the screen scroll sideways; saves <name>-light / -dark (and -150pct-light).
 */
async function lookAt(name: string, shoot = true): Promise<void> {
  // As the technician first sees the screen: from its top, with no hover left on a button.
  await page.mouse.move(1279, 500);
  await page.locator('main.content').evaluate((e) => e.scrollTo(0, 0));
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await seriousAccessibilityProblems(page), `${name} (${scheme})`).toEqual([]);
    if (shoot) await screenshot(page, `${name}-${scheme}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await textBelow12px(), `${name}: text below 12 px`).toEqual([]);
  const before = page.viewportSize()!;
  try {
    for (const [percent, width, height] of [
      [125, 1024, 656],
      [150, 853, 547],
    ] as const) {
      await page.setViewportSize({ width, height });
      if (shoot && percent === 150) await screenshot(page, `${name}-150pct-light`);
      expect(
        await page.locator('main.content').evaluate((e) => e.scrollWidth - e.clientWidth),
        `${name} at ${percent} %: sideways overflow`,
      ).toBe(0);
      expect(await verdictsOutOfView(), `${name} at ${percent} %: a verdict or status hidden or scrolled away`).toEqual(
        [],
      );
    }
  } finally {
    await page.setViewportSize(before);
  }
}

/**
 * Verdict and status badges of the rows drawn in a table that are not wholly inside the table's visible
 * width, or squeezed to nothing: at 125 % and 150 % the column that carries the verdict must stay in view.
 */
async function verdictsOutOfView(): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const badge of document.querySelectorAll<HTMLElement>('[data-verdict], [data-status]')) {
      const scroller = badge.closest<HTMLElement>('.data-table-scroll, .virtual-scroll');
      const row = badge.getBoundingClientRect();
      if (!scroller || row.height === 0) continue;
      const view = scroller.getBoundingClientRect();
      const words = badge.querySelector('span')?.getBoundingClientRect().width ?? 0;
      if (row.left < view.left - 1 || row.right > view.right + 1 || words < 16)
        out.push(
          `${badge.dataset.verdict ?? badge.dataset.status}: ${badge.textContent?.trim().slice(0, 30)} (${Math.round(row.left)}–${Math.round(row.right)} in ${Math.round(view.left)}–${Math.round(view.right)})`,
        );
    }
    return out;
  });
}

/** Visible texts drawn smaller than 12 px (UI.md: none), as "size: text". */
async function textBelow12px(): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || !node.textContent?.trim() || el.closest('.visually-hidden')) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 12 && el.getClientRects().length > 0) small.push(`${size}px: ${node.textContent.trim().slice(0, 40)}`);
    }
    return small;
  });
}

/** A bulk run started through window.eclypse, awaited to its end (the screens see its events like any run). */
async function bulkRun(p: Page): Promise<EventPayload<'run:finished'>> {
  return p.evaluate(
    async ({ timeoutMs, dataTypes }) => {
      const api = (globalThis as unknown as { eclypse: EclypseApi }).eclypse;
      const listed = await api.inventoryList({});
      if (!listed.ok) throw new Error(JSON.stringify(listed.error));
      let wake = (): void => undefined;
      const finished: Array<EventPayload<'run:finished'>> = [];
      const off = api.onRunFinished((e) => {
        finished.push(e);
        wake();
      });
      const started = await api.bulkStart({
        controllerIds: listed.value.map((c) => c.id),
        target: 'Device',
        dataTypes,
        trustNew: false,
      });
      if (!started.ok) throw new Error(JSON.stringify(started.error));
      try {
        return await new Promise<EventPayload<'run:finished'>>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('the run did not finish')), timeoutMs);
          wake = () => {
            const e = finished.find((x) => x.runId === started.value.runId);
            if (!e) return;
            clearTimeout(timer);
            resolve(e);
          };
          wake();
        });
      } finally {
        off();
      }
    },
    { timeoutMs: RUN_TIMEOUT_MS, dataTypes: [...ALL_DATA_TYPES] },
  );
}

beforeAll(async () => {
  app = await openApp({ controllers: FLEET });
  page = app.page;
  await page.getByRole('heading', { level: 1, name: 'Controllers' }).waitFor();
}, 120_000);
afterAll(async () => {
  await app?.close();
});

describe('the screens in chromium, against a dozen simulated controllers', () => {
  it('the axe check is not vacuous: it reports a button without a name', async () => {
    await page.evaluate(() => {
      const broken = document.createElement('button');
      broken.id = 'axe-sanity';
      broken.append(document.createElement('span'));
      document.querySelector('main')!.append(broken);
    });
    const problems = await seriousAccessibilityProblems(page);
    expect(problems).toContainEqual(expect.objectContaining({ id: 'button-name', targets: ['#axe-sanity'] }));
    await page.evaluate(() => document.getElementById('axe-sanity')!.remove());
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
  });

  it('a first start: the Controllers screen says what to do', async () => {
    await page.getByText('No controllers yet').waitFor();
    await page.getByRole('button', { name: 'Import a CSV…' }).waitFor();
    await lookAt('controllers-empty');
  });

  it('imports a CSV from a file: a bad line is shown with its line, column and reason and nothing is imported; fixed, it imports', async () => {
    const good = fleetCsv(app);
    const lines = good.split('\n');
    // A typo on line 13 (Lighting-1): the port has a stray letter.
    const typo = lines[12]!.replace(/,(\d+),Parking,/, ',$1x,Parking,');
    expect(typo).not.toBe(lines[12]);
    const bad = [...lines.slice(0, 12), typo, ...lines.slice(13)].join('\n');
    const file = path.join(app.work, 'north-campus.csv');
    await fs.writeFile(file, bad);
    app.harness.desktop.choices.openFile = file;

    await page.getByRole('button', { name: 'Import a CSV…' }).click();
    await page.getByRole('button', { name: 'Choose a file…' }).click();
    const problems = page.getByRole('alert').filter({ hasText: 'nothing has been imported' });
    await problems.waitFor();
    expect(await problems.textContent()).toMatch(/^1 problem — nothing has been imported/);
    const cells = await problems.getByRole('row').nth(1).getByRole('cell').allTextContents();
    expect(cells.slice(0, 2)).toEqual(['13', 'port']);
    expect(cells[2]).toMatch(/\S/);
    await page
      .getByText('These 11 lines are right; they are imported with the rest once every problem above is fixed.')
      .waitFor();
    expect(await page.getByRole('button', { name: /^Import \d+ controllers$/ }).count()).toBe(0);
    await lookAt('controllers-import-problem');
    const stored = await page.evaluate(async () =>
      (globalThis as unknown as { eclypse: EclypseApi }).eclypse.inventoryList({}),
    );
    expect(stored).toEqual({ ok: true, value: [] });

    // Fixed in the text the file filled in, checked again, then imported.
    await page.getByLabel(/CSV text/).fill(good);
    await page.getByRole('button', { name: 'Check again' }).click();
    await page.getByText('Every line is right: 12 controllers ready to import.').waitFor();
    await page.getByRole('button', { name: 'Import 12 controllers' }).click();
    await page.getByRole('heading', { name: 'Inventory imported' }).waitFor();
    const summary = page.getByRole('heading', { name: 'Inventory imported' }).locator('xpath=ancestor::section[1]');
    expect(await summary.locator('.count').allTextContents()).toEqual([
      'Added12',
      'Updated0',
      'Unchanged0',
      'Already there, left as they were0',
      'Fingerprints to confirm on first contact9',
      'Certificate conflicts0',
    ]);
    await lookAt('controllers-import-summary');
    await page.getByRole('button', { name: 'Done' }).click();
    expect(app.problems).toEqual([]);
  });

  it('the controllers table after a bulk run: by site, certificate states, last backups with verdicts; search and selection', async () => {
    const set = await page.evaluate(
      async (password) =>
        (globalThis as unknown as { eclypse: EclypseApi }).eclypse.credentialsSet({
          profile: 'Site default',
          username: 'admin',
          password,
        }),
      PASSWORD,
    );
    expect(set.ok).toBe(true);
    const done = await bulkRun(page);
    // The Parking controllers are not trusted yet: a bulk run without "trust new" does not contact them.
    expect(done.record.totals).toMatchObject({ total: 12, succeeded: 9 });

    const table = page.getByRole('table', { name: 'Controllers by site' });
    await table.getByText('Not ready', { exact: true }).first().waitFor();
    const headings = await table.getByRole('columnheader').filter({ hasText: 'controllers' }).allTextContents();
    expect(headings.map((h) => h.replace(/ ?[✓⚠✗○].*$/, ''))).toEqual([
      'North building · 5 controllers',
      'Parking · 3 controllers',
      'South plant room · 4 controllers',
    ]);
    // Each site's rollup is in its heading.
    expect(headings[1]).toMatch(/○ 3 never backed up/);
    const ahu1 = table.getByRole('row').filter({ hasText: 'AHU-1' });
    expect(await ahu1.textContent()).toMatch(/Trusted.*Site default.*Ready for upgrade.*now/);
    expect(await ahu1.textContent()).toMatch(/ECY-S1000 · \d/);
    // The counts on top answer "which controllers are safe to upgrade" before any scrolling.
    const counts = page.getByRole('group', { name: /^Readiness for the upgrade/ });
    expect(await counts.getByRole('button', { name: /Never backed up/ }).textContent()).toMatch(/^3/);
    expect(await table.getByRole('row').filter({ hasText: 'Chiller-1' }).textContent()).toMatch(/Ready with warning/);
    expect(await table.getByRole('row').filter({ hasText: 'Exhaust-1' }).textContent()).toMatch(
      /Not trusted yet.*Never backed up/,
    );
    await lookAt('controllers');
    // The whole dozen in one picture (for the README): a taller window, then back to the laptop's.
    await page.setViewportSize({ width: 1280, height: 1180 });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await screenshot(page, `controllers-all-${scheme}`);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 820 });

    await page.getByRole('searchbox', { name: 'Search controllers' }).fill('vav');
    await page.getByText('3 of 12 controllers shown').waitFor();
    await page.getByRole('searchbox', { name: 'Search controllers' }).fill('');
    await page.getByRole('checkbox', { name: 'Select all in Parking' }).check();
    await page.getByRole('button', { name: 'Bulk back up 3 controllers' }).waitFor();
    await lookAt('controllers-selected');
    await page.getByRole('button', { name: 'Clear selection' }).click();
    await page.getByRole('button', { name: 'More actions for Boiler-2' }).click();
    await page.getByRole('menuitem', { name: 'Edit…' }).click();
    await page.getByRole('heading', { name: 'Edit Boiler-2' }).waitFor();
    await page.getByLabel('Address').fill('10.0.0.9/admin');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(/without a path/).waitFor();
    await lookAt('controllers-edit');
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(app.problems).toEqual([]);
  });

  it('the archive lists the backups; "Verify all" reports every one verified', async () => {
    await go(SCREENS[3]!);
    await page.getByRole('columnheader', { name: 'North building · 5 controllers' }).waitFor();
    expect(await page.getByText('9 backups of 9 controllers', { exact: false }).count()).toBe(1);
    await page.getByRole('button', { name: 'Verify all' }).click();
    await page.getByRole('heading', { name: /^All 9 backups verified · \d+(\.\d)? [KMG]?B$/ }).waitFor();
    const onDisk = await page.evaluate(async () =>
      (globalThis as unknown as { eclypse: EclypseApi }).eclypse.archiveVerify({}),
    );
    expect(onDisk).toMatchObject({
      ok: true,
      value: { ok: true, totals: { ok: 9, changed: 0, missing: 0, orphaned: 0, invalidSidecar: 0 } },
    });
    await lookAt('archive');
    await page.getByRole('tab', { name: /^Runs/ }).click();
    const runs = page.getByRole('tabpanel', { name: /^Runs/ });
    expect(await runs.getByRole('row').nth(1).textContent()).toMatch(/9 of 12 backed up · 3 failed/);
    await runs
      .getByRole('button', { name: /Open report/ })
      .first()
      .click();
    await expect.poll(() => app.harness.desktop.opened.length).toBe(1);
    expect(app.harness.desktop.opened[0]).toMatch(/\.html$/);
    await lookAt('archive-runs');
    await page.getByRole('tab', { name: /^Backups/ }).click();
    expect(app.problems).toEqual([]);
  });

  it('settings: a wrong value is refused on the spot, a right one is saved; the archive folder changes through the dialog', async () => {
    await go(SCREENS[4]!);
    await page.getByRole('rowheader', { name: 'Site default' }).waitFor();
    await page.getByLabel('Controllers at once').fill('64');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Controllers at once is a whole number from 1 to 32.').waitFor();
    await page.getByLabel('Controllers at once').fill('6');
    await page.getByLabel('At most per site').fill('2');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').getByText('Saved').waitFor();
    const saved = await page.evaluate(async () =>
      (globalThis as unknown as { eclypse: EclypseApi }).eclypse.settingsGet({}),
    );
    expect(saved).toMatchObject({ ok: true, value: { concurrency: 6, perSite: 2 } });

    const usb = path.join(app.work, 'usb-key', 'Backups');
    await fs.mkdir(usb, { recursive: true });
    app.harness.desktop.choices.folder = usb;
    await page.getByRole('button', { name: 'Change…' }).click();
    await page.getByLabel('Current archive folder').filter({ hasText: usb }).waitFor();
    app.harness.desktop.choices.folder = app.archive;
    await page.getByRole('button', { name: 'Change…' }).click();
    await page.getByLabel('Current archive folder').filter({ hasText: app.archive }).waitFor();
    await lookAt('settings');
    await page.setViewportSize({ width: 1280, height: 1100 });
    await screenshot(page, 'settings-all-light');
    await page.setViewportSize({ width: 1280, height: 820 });
    expect(app.problems).toEqual([]);
  });

  it("Help → Export diagnostics: one private zip in the archive's reports folder with the app's log (no password in it); Open logs folder", async () => {
    await go(SCREENS[4]!);
    await page.getByRole('button', { name: 'Export diagnostics (zip)' }).click();
    const status = page.getByRole('status').filter({ hasText: 'eclypse-diagnostics-' });
    await status.waitFor();
    const relative = (await status.locator('code').textContent())!;
    expect(relative).toMatch(/^reports[\\/]eclypse-diagnostics-\d{8}-\d{6}\.zip$/);
    const zip = path.join(app.archive, relative);
    if (process.platform !== 'win32') expect((await fs.stat(zip)).mode & 0o777).toBe(0o600);
    const entries = await zipEntries(zip);
    expect(Object.keys(entries)).toContain('about.json');
    expect(Object.keys(entries)).toContain('logs/eclypse-field-backup.log');
    const log = entries['logs/eclypse-field-backup.log']!;
    // The runs of this file are in it, request by request, and the password in none of its forms.
    expect(log).toContain('"event":"request"');
    expect(log).toContain('"event":"verdict"');
    for (const form of [PASSWORD, encodeURIComponent(PASSWORD), Buffer.from(`admin:${PASSWORD}`).toString('base64')])
      expect(log).not.toContain(form);
    await page.getByRole('button', { name: 'Open logs folder' }).click();
    await expect.poll(() => app.harness.desktop.opened).toContain(app.harness.logsFolder);
    await screenshot(page, 'settings-diagnostics-exported-light');
    expect(app.problems).toEqual([]);
  });

  it('no serious or critical accessibility problem on any screen, light or dark', async () => {
    for (const screen of SCREENS) {
      await go(screen);
      await lookAt(`screen-${screen.nav.toLowerCase().replace(/\s+/g, '-')}`, false);
    }
    expect(app.problems).toEqual([]);
  });

  it('every screen in French: axe-clean in both themes, no text under 12 px, no sideways scroll at 150 %, no English left', async () => {
    const set = await page.evaluate(async () =>
      (globalThis as unknown as { eclypse: EclypseApi }).eclypse.settingsSet({ language: 'fr-CA' }),
    );
    expect(set.ok).toBe(true);
    await page.reload({ waitUntil: 'load' });
    await page.getByRole('heading', { level: 1, name: 'Contrôleurs' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr-CA');
    const english = englishOnly();
    // What the controllers and the inventory say of themselves (names, sites, a controller's compatibility words)
    // is data, shown as it is in any language.
    const data = [
      ...new Set(
        app.sim.controllers
          .flatMap((c) => [c.spec.name, c.spec.site ?? '', c.spec.faults?.compatibility ?? ''])
          .filter(Boolean),
      ),
    ];
    try {
      for (const screen of SCREENS_FR) {
        await go(screen);
        await lookAt(`fr-${screen.file}`);
        let said = await page.evaluate(() => {
          const attrs = [...document.body.querySelectorAll('[aria-label], [title], [placeholder]')].flatMap((e) =>
            ['aria-label', 'title', 'placeholder'].map((a) => e.getAttribute(a) ?? ''),
          );
          return `${document.body.innerText}\n${attrs.join('\n')}`;
        });
        for (const d of data) said = said.split(d).join(' ');
        expect(
          english.filter((f) => said.includes(f)),
          `${screen.file} in French`,
        ).toEqual([]);
      }
      // Sizes in French: a decimal comma, French units.
      await go(SCREENS_FR[3]!);
      expect(await page.locator('main.content').innerText()).toMatch(/\d+(,\d)?\s?Mo/);
    } finally {
      await page.evaluate(async () =>
        (globalThis as unknown as { eclypse: EclypseApi }).eclypse.settingsSet({ language: 'en' }),
      );
      await page.reload({ waitUntil: 'load' });
      await page.getByRole('heading', { level: 1, name: 'Controllers' }).waitFor();
    }
    expect(app.problems).toEqual([]);
  });

  it('400 more controllers: the list is virtualised, and searching and scrolling keep every task under 200 ms', async () => {
    const csv = [
      'name,host,port,site',
      ...Array.from(
        { length: 400 },
        (_, i) => `VAV-${1000 + i},10.50.${Math.floor(i / 200)}.${(i % 200) + 1},443,Tower ${'ABCD'[i % 4]}`,
      ),
    ].join('\n');
    const imported = await page.evaluate(
      async (text) =>
        (globalThis as unknown as { eclypse: EclypseApi }).eclypse.inventoryImportCsv({ text, update: false }),
      csv,
    );
    expect(imported).toMatchObject({ ok: true, value: { added: 400 } });
    await go(SCREENS[1]!);
    await go(SCREENS[0]!);
    await page.getByText('412 controllers on 7 sites').waitFor();
    expect(await page.locator('tr.controller-row').count()).toBeLessThan(100);

    await page.evaluate(() => {
      const w = globalThis as unknown as { longestTask: number };
      w.longestTask = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longestTask = Math.max(w.longestTask, e.duration);
      }).observe({ type: 'longtask' });
    });
    await page.getByRole('searchbox', { name: 'Search controllers' }).pressSequentially('VAV-13', { delay: 30 });
    await page.getByText('100 of 412 controllers shown').waitFor();
    await page.getByRole('searchbox', { name: 'Search controllers' }).fill('');
    await page.getByText('100 of 412 controllers shown').waitFor({ state: 'detached' });
    // Scrolled as a technician does, a wheel notch after another, to the end of the list.
    const scroller = page.getByRole('region', { name: 'Controllers by site' });
    const box = (await scroller.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    while (!(await scroller.evaluate((e) => e.scrollTop + e.clientHeight >= e.scrollHeight - 2))) {
      await page.mouse.wheel(0, 400);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
    }
    // The last site's last controller is drawn once scrolled to (the rows follow the scroll).
    await page.getByRole('checkbox', { name: 'Select VAV-1399' }).waitFor();
    await screenshot(page, 'controllers-long-light');
    expect(await page.locator('tr.controller-row').count()).toBeLessThan(100);
    expect(await page.evaluate(() => (globalThis as unknown as { longestTask: number }).longestTask)).toBeLessThan(200);
    expect(app.problems).toEqual([]);
  });
});
