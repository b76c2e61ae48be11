import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from '../../harness/server';
import type { DesktopChoices } from '../../harness/fake-desktop';
import { startSimulator } from '../../simulator/index';
import type { ControllerSpec, Simulator } from '../../simulator/types';
import { tempDir } from '../../support/fixtures';
import { launchBrowser, type LaunchedBrowser } from '../browser';

/** The app in chromium over the harness, with its own simulated site, data dir, archive and browser profile. */
export interface AppSession {
  work: string;
  dataDir: string;
  archive: string;
  sim: Simulator;
  harness: Harness;
  browser: LaunchedBrowser;
  page: Page;
  /** Console errors (CSP violations are logged there) and uncaught exceptions of the page. */
  problems: string[];
  close(): Promise<void>;
}

/** Records console errors and uncaught exceptions of a page into `into`. */
function watchProblems(page: Page, into: string[]): void {
  page.on('console', (m) => {
    if (m.type() === 'error') into.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => into.push(`pageerror: ${e.message}`));
}

/**
 * Starts simulated controllers, the harness (fresh data dir and archive) and chromium, and opens the app.
 * `colorScheme` picks the OS theme the page sees.
 */
export async function openApp(options: {
  controllers: ControllerSpec[];
  choices?: Partial<DesktopChoices>;
  colorScheme?: 'light' | 'dark';
}): Promise<AppSession> {
  const work = await tempDir('eclypse-e2e-');
  const dataDir = path.join(work, 'data');
  const archive = path.join(work, 'archive');
  const problems: string[] = [];
  const sim = await startSimulator(options.controllers);
  let harness: Harness | undefined;
  let browser: LaunchedBrowser | undefined;
  try {
    [harness, browser] = await Promise.all([
      startHarness({
        dataDir,
        home: work,
        archiveFolder: archive,
        ...(options.choices ? { choices: options.choices } : {}),
      }),
      launchBrowser(),
    ]);
    const page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme: options.colorScheme ?? 'light' });
    watchProblems(page, problems);
    await page.goto(harness.url, { waitUntil: 'load' });
    const h = harness;
    const b = browser;
    return {
      work,
      dataDir,
      archive,
      sim,
      harness: h,
      browser: b,
      page,
      problems,
      close: async () => {
        await b.close();
        await h.close();
        await sim.close();
        await fs.rm(work, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await browser?.close().catch(() => undefined);
    await harness?.close().catch(() => undefined);
    await sim.close();
    await fs.rm(work, { recursive: true, force: true });
    throw err;
  }
}

/** Finds files named *.part anywhere under a folder (a partial download left behind is a bug). */
export async function partFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const e of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name.endsWith('.part')) out.push(p);
    }
  };
  await walk(root);
  return out;
}
