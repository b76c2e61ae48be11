import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './browser';
import { openApp, type AppSession } from './support/app-session';
import { seriousAccessibilityProblems } from './support/axe';

let app: AppSession;

beforeAll(async () => {
  app = await openApp({ controllers: [{ name: 'AHU-1', site: 'North' }] });
});
afterAll(async () => {
  await app?.close();
});

describe('the window frame in chromium', () => {
  it('has no serious accessibility problem and no console error', async () => {
    await app.page.getByRole('heading', { name: 'Controllers', level: 1 }).waitFor();
    expect(await seriousAccessibilityProblems(app.page)).toEqual([]);
    expect(app.problems).toEqual([]);
    await screenshot(app.page, 'frame-light');
  });
});
