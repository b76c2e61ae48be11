import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (apt-get install chromium); playwright-core downloads no browser of its own. */
const CHROMIUM_PATH = '/usr/bin/chromium';

/** The launch flags of shared/DESIGN.md ("How it is tested here"): no sandbox, GPU, network chatter or first-run UI. */
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-default-apps',
];

/** Where screenshots go, for a person to look at (ignored by git). */
const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));

/** A headless chromium with a user-data folder of its own, removed on close. */
export interface LaunchedBrowser {
  context: BrowserContext;
  version: string;
  close(): Promise<void>;
}

/** Launches headless chromium with the DESIGN.md flags and a fresh user-data folder (Bruno's rule: one per test). */
export async function launchBrowser(): Promise<LaunchedBrowser> {
  await fs.access(CHROMIUM_PATH).catch(() => {
    throw new Error(
      `No chromium at ${CHROMIUM_PATH}: apt-get install -y --no-install-recommends chromium (.ci/run does)`,
    );
  });
  const userDataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'eclypse-chromium-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1280, height: 820 },
    });
    const launched = context;
    return {
      context: launched,
      version: await browserVersion(launched),
      close: async () => {
        await launched.close();
        await fs.rm(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    // A browser that started but failed afterwards must not outlive the test run.
    await context?.close().catch(() => undefined);
    await fs.rm(userDataDir, { recursive: true, force: true });
    throw err;
  }
}

// A persistent context has no Browser object to ask (context.browser() is null): ask over CDP instead.
async function browserVersion(context: BrowserContext): Promise<string> {
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  try {
    return ((await cdp.send('Browser.getVersion')) as { product: string }).product;
  } finally {
    await cdp.detach();
  }
}

/** Saves a full-page screenshot as test/e2e/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`screenshot name ${name}: letters, digits, - and _ only`);
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await fs.mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
