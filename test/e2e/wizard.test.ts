import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { ControllerSpec } from '../simulator/types';
import { sha256File } from '../support/fixtures';
import { screenshot } from './browser';
import { openApp, partFiles, type AppSession } from './support/app-session';
import { seriousAccessibilityProblems } from './support/axe';

const PASSWORD = 'Wizard-Pa55word-unique';
const SCENARIO_TIMEOUT_MS = 120_000;
const RUN_TIMEOUT_MS = 45_000;

let app: AppSession | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function open(spec: Partial<ControllerSpec> = {}): Promise<AppSession> {
  app = await openApp({
    controllers: [{ name: 'AHU-1', site: 'North', password: PASSWORD, ...spec }],
    choices: { trust: true },
  });
  return app;
}

/** The full value a fingerprint or hash shows (grouped on screen, whole in data-value). */
function shown(page: Page, label: string): Promise<string | null> {
  return page.getByLabel(label, { exact: true }).getAttribute('data-value');
}

function stepHeading(page: Page, name: string | RegExp) {
  return page.getByRole('heading', { level: 2, name });
}

/** Texts of the screen drawn smaller than 12 px (UI.md: none). */
function textBelow12px(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('main *')]
      .filter((el) => [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== ''))
      .filter((el) => parseFloat(getComputedStyle(el).fontSize) < 12)
      .map((el) => el.textContent!.trim().slice(0, 40)),
  );
}

/**
 * The window as a 1280×820 laptop at 150 % display scaling lays it out (853×547 CSS pixels): saves the step so
 * and returns how many CSS pixels the content overflows sideways (0 when nothing needs a horizontal scroll).
 */
async function at150Percent(page: Page, name: string): Promise<number> {
  const before = page.viewportSize()!;
  await page.setViewportSize({ width: 853, height: 547 });
  try {
    await screenshot(page, `wizard-${name}-150pct-light`);
    return await page.locator('main.content').evaluate((el) => el.scrollWidth - el.clientWidth);
  } finally {
    await page.setViewportSize(before);
  }
}

/**
 * Checks the step with axe and saves it in both themes (wizard-<name>-light.png / -dark.png); the page is left
 * in the light theme. Axe runs in each theme: a contrast problem may be in one only.
 */
async function lookAtStep(page: Page, name: string, options: { andBottom?: boolean } = {}): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await seriousAccessibilityProblems(page), `${name} (${scheme})`).toEqual([]);
    expect(await textBelow12px(page), `${name}: text below 12 px`).toEqual([]);
    await screenshot(page, `wizard-${name}-${scheme}`);
    if (options.andBottom) {
      // The screen scrolls inside the window's content area, so a full-page shot shows only its top.
      await page.locator('main.content').evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await screenshot(page, `wizard-${name}-bottom-${scheme}`);
      await page.locator('main.content').evaluate((el) => el.scrollTo(0, 0));
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Address → probe → trust (the harness's native dialog says yes) → inventory → sign in → contents. */
async function throughToContents(a: AppSession, options: { shoot?: boolean; remember?: string } = {}): Promise<void> {
  const { page } = a;
  const ctrl = a.sim.controllers[0]!;
  await page.getByRole('button', { name: 'Back up one' }).click();
  await stepHeading(page, 'Which controller?').waitFor();
  await page.getByLabel('IP address or host name').fill(ctrl.host);
  await page.getByLabel('Port').fill(String(ctrl.port));
  await page.getByLabel('Name (optional)').fill('AHU-1');
  await page.getByLabel('Site (optional)').fill('North');
  if (options.shoot) await lookAtStep(page, '1-address');
  await page.getByRole('button', { name: 'Check certificate' }).click();

  await stepHeading(page, 'Check the certificate').waitFor();
  expect(await shown(page, 'Certificate fingerprint')).toBe(ctrl.fingerprint);
  if (options.shoot) await lookAtStep(page, '2-certificate');
  await page.getByRole('button', { name: 'Trust this certificate' }).click();
  await stepHeading(page, 'Certificate trusted').waitFor();
  expect(a.harness.desktop.trustQuestions.at(-1)?.detail).toContain(ctrl.fingerprint);
  await page.getByRole('button', { name: 'Continue' }).click();

  await stepHeading(page, 'Sign in to the controller').waitFor();
  await page.getByLabel('User name', { exact: true }).fill('admin');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  if (options.remember) {
    await page.getByLabel('Remember in keychain as').check();
    await page.getByLabel('Profile name to remember the login as').fill(options.remember);
  }
  if (options.shoot) await lookAtStep(page, '3-sign-in');
  // Enter continues, as everywhere in the wizard.
  await page.getByLabel('Password', { exact: true }).press('Enter');
  await stepHeading(page, 'What to back up').waitFor();
}

describe('the backup wizard in chromium against a simulated controller', () => {
  it(
    'first contact → trust → sign in → full backup: the result shows the SHA-256 of the file on disk',
    async () => {
      const a = await open({
        jobDurationMs: 3_000,
        backupBytes: 3 * 1024 * 1024,
        envysionProjects: ['Lobby', 'Roof plant'],
      });
      const { page } = a;
      await throughToContents(a, { shoot: true, remember: 'North' });
      // The projects come from the controller, with the login just given.
      await page.getByRole('checkbox', { name: 'Roof plant' }).waitFor();
      expect(await page.locator('.type-grid input[type=checkbox]:checked').count()).toBe(13);
      expect(await page.getByRole('button', { name: 'All', pressed: true }).count()).toBe(1);
      await lookAtStep(page, '4-contents', { andBottom: true });
      expect(await at150Percent(page, '4-contents')).toBe(0);
      await page.getByRole('button', { name: 'Start backup' }).click();

      await stepHeading(page, 'Backing up').waitFor();
      await page.getByText(/Controller is building the backup — [1-9]\d* %/).waitFor();
      await lookAtStep(page, '5-back-up');

      await stepHeading(page, 'Backup saved').waitFor({ timeout: RUN_TIMEOUT_MS });
      const file = (await page.getByTestId('backup-file').textContent())!;
      const hash = await shown(page, 'SHA-256 of the backup');
      expect(path.relative(a.archive, file).startsWith('..')).toBe(false);
      expect(hash).toBe(await sha256File(file));
      await page.getByText('Ready for upgrade').waitFor();
      await lookAtStep(page, '6-result');
      expect(await at150Percent(page, '6-result')).toBe(0);

      await page.getByRole('button', { name: 'Show in folder' }).click();
      await expect.poll(() => a.harness.desktop.revealed).toEqual([file]);
      // The login was remembered in the keychain under the name given.
      expect(a.harness.desktop.trustQuestions).toHaveLength(1);
      const profiles = await page.evaluate(async () =>
        (
          globalThis as unknown as { eclypse: { credentialsList(r: object): Promise<unknown> } }
        ).eclypse.credentialsList({}),
      );
      expect(profiles).toMatchObject({ ok: true, value: [{ name: 'North', username: 'admin', hasSecret: true }] });

      await page.getByRole('button', { name: 'Back up another' }).click();
      await stepHeading(page, 'Which controller?').waitFor();
      expect(await page.getByLabel('IP address or host name').inputValue()).toBe('');
      expect(a.problems).toEqual([]);
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    'certificate changed → the backup is blocked with both fingerprints → re-trust → success',
    async () => {
      const a = await open({ jobDurationMs: 300 });
      const { page } = a;
      const ctrl = a.sim.controllers[0]!;
      await throughToContents(a);
      // The projects are read with the old certificate first: the change comes between that and the backup.
      await page.getByText('This controller has no ENVYSION project.').waitFor();
      const before = ctrl.fingerprint;
      const after = await ctrl.rotateCertificate();
      expect(after).not.toBe(before);

      await page.getByRole('button', { name: 'Start backup' }).click();
      await stepHeading(page, 'Backup failed')
        .waitFor({ timeout: RUN_TIMEOUT_MS })
        .catch(async (err) => {
          throw new Error(`${String(err)}\n${await page.locator('main').innerText()}`);
        });
      await page
        .getByText('Trust the new one only if you know the controller was reset or upgraded', { exact: false })
        .first()
        .waitFor();
      expect(await shown(page, 'Trusted fingerprint')).toBe(before);
      expect(await shown(page, 'New fingerprint')).toBe(after);
      await lookAtStep(page, '6-result-cert-changed');

      await page.getByRole('button', { name: 'Check the certificate' }).click();
      await stepHeading(page, 'The certificate changed').waitFor();
      expect(await shown(page, 'Trusted fingerprint')).toBe(before);
      expect(await shown(page, 'New fingerprint')).toBe(after);
      // A new key: every group differs, which is said in words rather than painting all sixteen groups.
      expect(await page.locator('.cert-changed .fp-group.differs').count()).toBe(0);
      await page.getByText(/groups differ: this is another certificate/).waitFor();
      // Old and new side by side: what the trusted certificate said of itself was kept when it was trusted.
      const compare = page.getByRole('table', { name: 'The certificate trusted before and the one shown now' });
      expect(await compare.getByRole('row', { name: /^Valid until/ }).textContent()).not.toContain('not recorded');
      // Blocked: no way on to sign in from here but the explicit re-trust, and Enter does not re-trust.
      expect(await page.getByRole('button', { name: 'Continue' }).count()).toBe(0);
      await page.getByRole('heading', { name: 'The certificate changed' }).press('Enter');
      expect(a.harness.desktop.trustQuestions).toHaveLength(1);
      await lookAtStep(page, '2-certificate-changed');
      expect(await at150Percent(page, '2-certificate-changed')).toBe(0);

      await page.getByRole('button', { name: 'Trust the new certificate' }).click();
      await stepHeading(page, 'Certificate trusted').waitFor();
      expect(a.harness.desktop.trustQuestions.at(-1)?.detail).toContain(after);
      await page.getByRole('button', { name: 'Continue' }).click();
      await stepHeading(page, 'Sign in to the controller').waitFor();
      await page.getByRole('button', { name: 'Continue' }).click();
      await stepHeading(page, 'What to back up').waitFor();
      await page.getByRole('button', { name: 'Start backup' }).click();
      await stepHeading(page, 'Backup saved').waitFor({ timeout: RUN_TIMEOUT_MS });
      const file = (await page.getByTestId('backup-file').textContent())!;
      expect(await shown(page, 'SHA-256 of the backup')).toBe(await sha256File(file));
      expect(a.problems).toEqual([]);
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    'Esc while the controller builds the backup asks first, then cancels: the UI says cancelled and no *.part is left',
    async () => {
      const a = await open({ jobDurationMs: 60_000 });
      const { page } = a;
      await throughToContents(a);
      await page.getByRole('button', { name: 'Start backup' }).click();
      await page.getByText(/Controller is building the backup — \d+ %/).waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('alertdialog', { name: 'Stop this backup?' }).waitFor();
      await lookAtStep(page, '5-back-up-cancel');
      await page.getByRole('button', { name: 'Stop the backup' }).click();
      await stepHeading(page, 'Backup cancelled').waitFor({ timeout: RUN_TIMEOUT_MS });
      await page.getByText('Nothing partial was kept on this laptop.').waitFor();
      expect(await partFiles(a.archive)).toEqual([]);
      expect(a.problems).toEqual([]);
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    'Cancel in the middle of the download removes the partial file',
    async () => {
      const a = await open({
        jobDurationMs: 200,
        backupBytes: 2 * 1024 * 1024,
        faults: { stallDownloadAtByte: 300_000 },
      });
      const { page } = a;
      await throughToContents(a);
      await page.getByRole('button', { name: 'Start backup' }).click();
      await page.getByText(/^Downloading /).waitFor({ timeout: RUN_TIMEOUT_MS });
      // The download is under way: its partial file exists now, so the check after the cancel means something.
      await expect.poll(() => partFiles(a.archive)).toHaveLength(1);
      // The controller stopped sending: the screen says so rather than showing the last rate forever.
      await page.getByText(/^Downloading .* · no data for \d+ s$/).waitFor();
      await lookAtStep(page, '5-back-up-stalled');
      // The footer's Cancel asks too, its safe answer focused; the technician confirms.
      await page.getByRole('button', { name: 'Cancel backup…' }).click();
      await page.getByRole('alertdialog', { name: 'Stop this backup?' }).waitFor();
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Keep backing up');
      await page.getByRole('button', { name: 'Stop the backup' }).click();
      await stepHeading(page, 'Backup cancelled').waitFor({ timeout: RUN_TIMEOUT_MS });
      expect(await partFiles(a.archive)).toEqual([]);
      expect(a.problems).toEqual([]);
    },
    SCENARIO_TIMEOUT_MS,
  );
});
