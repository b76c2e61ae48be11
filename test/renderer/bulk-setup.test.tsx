// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/app';
import { useSettings } from '../../renderer/src/stores/settings';
import { connectEvents } from '../../renderer/src/bridge/events';
import { useNavigation } from '../../renderer/src/stores/navigation';
import {
  fleet,
  giveScrollBoxesHeight,
  preflightOf,
  progressEvent,
  record,
  resetBulk,
  result,
} from './support/bulk-fixtures';
import { fail, installFakeEclypse, type FakeEclypse } from './support/fake-eclypse';

let fake: FakeEclypse;
let disconnect: () => void;
let restoreHeight: () => void;
const rows = fleet(6, ['North', 'South']);
const ids = rows.map((r) => r.controller.id);

beforeEach(() => {
  fake = installFakeEclypse({
    'controllers:overview': () => rows,
    'settings:set': (patch) => ({
      archiveFolder: '/a',
      concurrency: 4,
      perSite: null,
      connectTimeoutSeconds: 15,
      jobTimeoutMinutes: 30,
      format: 'json',
      language: 'en',
      density: 'comfortable',
      ...patch,
    }),
  });
  resetBulk();
  disconnect = connectEvents();
  restoreHeight = giveScrollBoxesHeight();
});
afterEach(() => {
  disconnect();
  cleanup();
  restoreHeight();
});

/** Opens the app on the Bulk run screen, as "Bulk back up" on the Controllers screen does. */
async function openBulk(selection: string[] = []): Promise<void> {
  render(<App />);
  act(() => useNavigation.getState().openBulk(selection));
  await screen.findByRole('checkbox', { name: 'Choose AHU-1' });
}

const chosen = (name: string) => (screen.getByRole('checkbox', { name: `Choose ${name}` }) as HTMLInputElement).checked;

describe('choosing the controllers of a bulk run', () => {
  it('starts from the Controllers screen selection and offers to check exactly those', async () => {
    await openBulk([ids[0]!, ids[2]!]);
    expect(chosen('AHU-1')).toBe(true);
    expect(chosen('AHU-2')).toBe(false);
    expect(chosen('AHU-3')).toBe(true);
    expect(screen.getByRole('button', { name: 'Check 2 controllers' })).toBeTruthy();
  });

  it('chooses by site, by search and all; clears; a site box is half-checked when part of the site is chosen', async () => {
    await openBulk();
    expect((screen.getByRole('button', { name: 'Choose controllers to check' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    const north = screen.getByRole('checkbox', { name: /^North/ }) as HTMLInputElement;
    await userEvent.click(north);
    // North holds AHU-1, 3 and 5 (sites alternate).
    expect(['AHU-1', 'AHU-2', 'AHU-3', 'AHU-4', 'AHU-5', 'AHU-6'].map(chosen)).toEqual([
      true,
      false,
      true,
      false,
      true,
      false,
    ]);
    await userEvent.click(screen.getByRole('checkbox', { name: 'Choose AHU-3' }));
    expect(north.checked).toBe(false);
    expect(north.indeterminate).toBe(true);

    await userEvent.type(screen.getByRole('searchbox', { name: 'Search controllers' }), 'AHU-6');
    expect(screen.queryByRole('checkbox', { name: 'Choose AHU-1' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Choose the 1 shown' }));
    await userEvent.clear(screen.getByRole('searchbox', { name: 'Search controllers' }));
    expect(screen.getByRole('button', { name: 'Check 3 controllers' })).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Choose all 6' }));
    expect(screen.getByRole('button', { name: 'Check 6 controllers' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(ids.map((_, i) => chosen(`AHU-${i + 1}`)).some(Boolean)).toBe(false);
  });

  it('saves the concurrency and the per-site limit in the settings as they are typed', async () => {
    await openBulk();
    const concurrency = screen.getByRole('spinbutton', { name: 'Controllers at once' }) as HTMLInputElement;
    await waitFor(() => expect(concurrency.value).toBe('4'));
    await userEvent.clear(concurrency);
    await userEvent.type(concurrency, '8');
    await userEvent.type(screen.getByRole('spinbutton', { name: 'At once per site' }), '2');
    expect(fake.calls.filter((c) => c.channel === 'settings:set').map((c) => c.request)).toEqual([
      { concurrency: 8 },
      { perSite: 2 },
    ]);
    await userEvent.clear(concurrency);
    await userEvent.type(concurrency, '0');
    expect(screen.getByText('A number from 1 to 32.')).toBeTruthy();
    expect(fake.calls.filter((c) => c.channel === 'settings:set')).toHaveLength(2);
  });
});

describe('the pre-flight check', () => {
  it('shows a verdict per controller with the reason, problems first, and the totals; starts the whole selection', async () => {
    fake.answer('bulk:preflight', (r) =>
      preflightOf(
        rows.filter((x) => r.controllerIds.includes(x.controller.id)),
        { [ids[3]!]: 'AUTH_FAILED' },
      ),
    );
    fake.answer('bulk:start', () => ({ runId: 'run-1' }));
    await openBulk(ids);
    await userEvent.click(screen.getByRole('radio', { name: /Configuration only/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Check 6 controllers' }));
    const table = await screen.findByRole('table', { name: 'Pre-flight verdict per controller' });
    expect(fake.calls.find((c) => c.channel === 'bulk:preflight')!.request).toEqual({
      controllerIds: ids,
      trustNew: false,
    });
    // Nothing was started, nothing created: pre-flight only reads.
    expect(fake.calls.some((c) => c.channel === 'bulk:start')).toBe(false);
    const body = within(table).getAllByRole('row').slice(1);
    expect(within(body[0]!).getByText('AHU-4')).toBeTruthy();
    expect(within(body[0]!).getByText('Not ready')).toBeTruthy();
    // The cause in words and what fixes it, naming the controller's profile.
    expect(within(body[0]!).getByText('Sign-in refused')).toBeTruthy();
    expect(body[0]!.textContent).toContain('Check the password for profile Site default');
    expect(within(body[1]!).getByText('Ready')).toBeTruthy();
    const totals = screen
      .getByText('Ready', { selector: '.run-count-word' })
      .closest('.preflight-totals') as HTMLElement;
    expect(totals.textContent).toContain('5Ready');
    expect(totals.textContent).toContain('1Not ready');
    expect(totals.textContent).toContain('About 12 MB to download · 50 GB free on this laptop');

    // One not ready: the default is to back up the ready ones; the whole selection is a deliberate second choice.
    expect(screen.getByRole('button', { name: 'Start all 6 anyway' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Back up the 5 ready' }));
    const start = fake.calls.find((c) => c.channel === 'bulk:start')!.request as {
      controllerIds: string[];
      target: string;
      dataTypes: string[];
      trustNew: boolean;
    };
    expect(start.controllerIds.sort()).toEqual(ids.filter((id) => id !== ids[3]).sort());
    expect(start.target).toBe('Device');
    expect(start.dataTypes).not.toContain('TRENDLOG');
    expect(await screen.findByRole('table', { name: 'Controllers of this run' })).toBeTruthy();
  });

  it('can start the whole selection anyway, not-ready included, as a deliberate second choice', async () => {
    fake.answer('bulk:preflight', () => preflightOf(rows, { [ids[1]!]: 'UNREACHABLE', [ids[4]!]: 'CERT_CHANGED' }));
    fake.answer('bulk:start', () => ({ runId: 'run-2' }));
    await openBulk(ids);
    await userEvent.click(screen.getByRole('button', { name: 'Check 6 controllers' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Start all 6 anyway' }));
    expect(
      (fake.calls.find((c) => c.channel === 'bulk:start')!.request as { controllerIds: string[] }).controllerIds.sort(),
    ).toEqual([...ids].sort());
  });

  it("each problem has a button that fixes it, then checks those controllers again: a profile's password", async () => {
    let fixed = false;
    fake.answer('bulk:preflight', (r) =>
      preflightOf(
        rows.filter((x) => r.controllerIds.includes(x.controller.id)),
        fixed ? {} : { [ids[3]!]: 'AUTH_FAILED' },
      ),
    );
    fake.answer('credentials:list', () => [
      {
        name: 'Site default',
        username: 'admin',
        createdAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-01-01T00:00:00Z',
        hasSecret: true,
      },
    ]);
    fake.answer('credentials:set', (r) => {
      fixed = true;
      return {
        name: r.profile,
        username: r.username,
        createdAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-01-02T00:00:00Z',
        hasSecret: true,
      };
    });
    await act(() => useSettings.getState().loadProfiles());
    await openBulk(ids);
    await userEvent.click(screen.getByRole('button', { name: 'Check 6 controllers' }));
    const fix = await screen.findByRole('group', { name: 'Sign-in refused' });
    await userEvent.click(within(fix).getByRole('button', { name: 'Update the password of Site default…' }));
    await userEvent.type(within(fix).getByLabelText('New password of profile Site default (user admin)'), 'n3w-pa55');
    await userEvent.click(within(fix).getByRole('button', { name: 'Check it again with the new password' }));
    await waitFor(() =>
      expect(fake.calls.filter((c) => c.channel === 'credentials:set').map((c) => c.request)).toEqual([
        { profile: 'Site default', username: 'admin', password: 'n3w-pa55' },
      ]),
    );
    // Only that controller is checked again, and the verdict follows.
    await waitFor(() =>
      expect(
        fake.calls
          .filter((c) => c.channel === 'bulk:preflight')
          .map((c) => (c.request as { controllerIds: string[] }).controllerIds),
      ).toEqual([ids, [ids[3]]]),
    );
    expect(await screen.findByRole('button', { name: 'Start backup of 6 controllers' })).toBeTruthy();
    expect(screen.queryByRole('group', { name: 'Sign-in refused' })).toBeNull();
  });

  it('says why a run did not start (the trust question answered no) and stays on the check', async () => {
    fake.answer('bulk:preflight', () => preflightOf(rows));
    fake.answer('bulk:start', () => fail('CANCELLED', 'The run was not started.', 'The backup was cancelled.'));
    await openBulk(ids);
    await userEvent.click(screen.getByRole('checkbox', { name: /Trust controllers seen for the first time/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Check 6 controllers' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Start backup of 6 controllers' }));
    expect(await screen.findByText('The run did not start')).toBeTruthy();
    expect((fake.calls.find((c) => c.channel === 'bulk:start')!.request as { trustNew: boolean }).trustNew).toBe(true);
    expect(screen.getByRole('table', { name: 'Pre-flight verdict per controller' })).toBeTruthy();
  });
});

describe('runs interrupted by closing the app', () => {
  it('offers to resume an unfinished run found in the journals, and shows a damaged journal instead of hiding it', async () => {
    const interrupted = record('run-old', [
      ...rows.slice(0, 4).map((r) => result(r)),
      ...rows
        .slice(4)
        .map((r) => ({ ...result(r), status: 'pending' as const, backup: null, verdict: 'not-ready' as const })),
    ]);
    fake.answer('runs:list', () => [
      {
        runId: 'run-old',
        sites: ['North', 'South'],
        startedAt: '2026-11-28T15:00:00Z',
        finishedAt: null,
        finished: false,
        totals: { ...interrupted.totals, total: 120, succeeded: 37 },
      },
      {
        runId: 'run-done',
        sites: ['North'],
        startedAt: '2026-11-27T15:00:00Z',
        finishedAt: '2026-11-27T15:30:00Z',
        finished: true,
        totals: interrupted.totals,
      },
      {
        runId: 'run-bad',
        sites: [],
        startedAt: '',
        finishedAt: null,
        finished: false,
        totals: { ...interrupted.totals, total: 0 },
        damaged: 'Unexpected end of JSON input',
      },
    ]);
    fake.answer('runs:get', () => interrupted);
    fake.answer('runs:resume', () => ({ runId: 'run-old' }));
    await openBulk();
    const banner = await screen.findByRole('region', { name: 'Interrupted run run-old' });
    expect(banner.textContent).toContain('A run was interrupted when the app closed: 37 of 120 done');
    expect(screen.queryByRole('region', { name: 'Interrupted run run-done' })).toBeNull();
    expect(screen.getByRole('region', { name: 'Damaged run run-bad' }).textContent).toContain(
      'Unexpected end of JSON input',
    );

    await userEvent.click(within(banner).getByRole('button', { name: /Resume/ }));
    expect(fake.calls.find((c) => c.channel === 'runs:resume')!.request).toEqual({ runId: 'run-old' });
    const table = await screen.findByRole('table', { name: 'Controllers of this run' });
    // Backed up before the app closed: shown as saved; the rest wait for their turn.
    expect(within(table).getByText('AHU-1').closest('tr')!.textContent).toContain('Succeeded');
    expect(within(table).getByText('AHU-5').closest('tr')!.textContent).toContain('Waiting');
    act(() => fake.emit('run:progress', progressEvent('run-old', { total: 6, done: 4, succeeded: 4, running: 2 })));
    // The resumed run is going on now: it is no longer offered for resume.
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Interrupted run run-old' })).toBeNull());
  });

  it('a wizard backup interrupted with a typed password asks for it again, and resumes with it', async () => {
    // AHU-6 logs in as "admin" with a password typed in the wizard: no credential profile holds it.
    const typed = { ...rows[5]!, controller: { ...rows[5]!.controller, credential: null, username: 'admin' } };
    fake.answer('controllers:overview', () => [...rows.slice(0, 5), typed]);
    const interrupted = record('run-wiz', [
      { ...result(typed), status: 'pending' as const, backup: null, verdict: 'not-ready' as const },
    ]);
    fake.answer('runs:list', () => [
      {
        runId: 'run-wiz',
        sites: ['South'],
        startedAt: '2026-11-28T15:00:00Z',
        finishedAt: null,
        finished: false,
        totals: interrupted.totals,
      },
    ]);
    fake.answer('runs:get', () => interrupted);
    fake.answer('runs:resume', () => ({ runId: 'run-wiz' }));
    await openBulk();
    const banner = await screen.findByRole('region', { name: 'Interrupted run run-wiz' });
    await userEvent.click(within(banner).getByRole('button', { name: /Resume/ }));
    const password = await within(banner).findByLabelText('Password for AHU-6 (user admin)');
    expect(within(banner).getByText(/never stored/)).toBeTruthy();
    expect(fake.calls.some((c) => c.channel === 'runs:resume')).toBe(false);
    expect((within(banner).getByRole('button', { name: /Resume/ }) as HTMLButtonElement).disabled).toBe(true);
    // The field has the focus (the button that asked for it is waiting), and Enter resumes.
    expect(document.activeElement).toBe(password);
    await userEvent.keyboard('s3cret{Enter}');
    expect(fake.calls.filter((c) => c.channel === 'runs:resume').map((c) => c.request)).toEqual([
      { runId: 'run-wiz', password: 's3cret' },
    ]);
    expect(await screen.findByRole('table', { name: 'Controllers of this run' })).toBeTruthy();
  });
});
