// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ControllerOverview, InventoryController } from '../../preload/api';
import { ControllersScreen } from '../../renderer/src/screens/controllers/controllers-screen';
import { useNavigation } from '../../renderer/src/stores/navigation';
import { useNotices } from '../../renderer/src/stores/notices';
import { useSettings } from '../../renderer/src/stores/settings';
import { fail, installFakeEclypse, type FakeEclypse } from './support/fake-eclypse';

const HOUR = 3600_000;

function controller(
  name: string,
  host: string,
  site: string | null,
  extra: Partial<InventoryController> = {},
): InventoryController {
  return {
    id: `${host}:443`,
    name,
    host,
    port: 443,
    site,
    username: null,
    credential: 'Site default',
    fingerprint: null,
    target: null,
    notes: null,
    ...extra,
  };
}

function row(c: InventoryController, extra: Partial<ControllerOverview> = {}): ControllerOverview {
  return { controller: c, pinnedFingerprint: null, certState: 'unknown', lastBackup: null, lastRun: null, ...extra };
}

function backup(verdict: 'ready' | 'ready-with-warning' | 'not-ready', hoursAgo: number) {
  const verdictReason = verdict === 'ready' ? null : `Reason for ${verdict}`;
  return {
    path: 'x.ecybackup',
    finishedAt: new Date(Date.now() - hoursAgo * HOUR).toISOString(),
    bytes: 1000,
    sha256: 'ab'.repeat(32),
    verdict,
    verdictReason,
    modelName: 'ECY-S1000 Rev 1.0A',
    softwareVersion: '1.18.2',
  };
}

const ROWS: ControllerOverview[] = [
  row(controller('AHU-1', '10.0.1.11', 'North'), {
    certState: 'pinned',
    pinnedFingerprint: 'AA:BB',
    lastBackup: backup('ready', 3),
  }),
  row(controller('AHU-2', '10.0.1.12', 'North'), {
    certState: 'changed',
    pinnedFingerprint: 'AA:CC',
    lastBackup: backup('not-ready', 30),
  }),
  row(controller('VAV-10', '10.0.1.20', 'North')),
  row(controller('Boiler-1', '10.0.2.5', 'South'), {
    certState: 'pinned',
    lastBackup: backup('ready-with-warning', 50),
  }),
  row(controller('Chiller-1', '10.0.2.6', 'South', { credential: null, username: 'admin' }), {
    lastRun: {
      runId: 'r1',
      at: new Date(Date.now() - HOUR).toISOString(),
      status: 'failed',
      errorCode: 'AUTH_FAILED',
      message: 'The controller refused the login.',
    },
  }),
];

let fake: FakeEclypse;

beforeEach(() => {
  fake = installFakeEclypse({
    'controllers:overview': () => ROWS,
    'credentials:list': () => [
      {
        name: 'Site default',
        username: 'admin',
        createdAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-01-01T00:00:00Z',
        hasSecret: true,
      },
    ],
  });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** The names of the controllers shown, in order. */
function shownNames(): string[] {
  return screen
    .queryAllByRole('checkbox', { name: /^Select (?!all)/ })
    .map((b) => b.getAttribute('aria-label')!.replace(/^Select /, ''));
}

async function renderLoaded(): Promise<void> {
  render(<ControllersScreen />);
  await screen.findByText('AHU-1');
}

describe('the Controllers screen', () => {
  it("orders each site's controllers by a column: a click on its header, again to reverse, said by aria-sort", async () => {
    await renderLoaded();
    expect(shownNames()).toEqual(['AHU-1', 'AHU-2', 'VAV-10', 'Boiler-1', 'Chiller-1']);
    const header = (name: string) => screen.getByRole('button', { name }).closest('th')!;
    expect(header('Name').getAttribute('aria-sort')).toBe('ascending');
    await userEvent.click(screen.getByRole('button', { name: 'Last backup' }));
    // Oldest (never backed up first) at the top of each site: those need a backup most.
    expect(shownNames()).toEqual(['VAV-10', 'AHU-2', 'AHU-1', 'Chiller-1', 'Boiler-1']);
    expect(header('Last backup').getAttribute('aria-sort')).toBe('ascending');
    expect(header('Name').getAttribute('aria-sort')).toBe('none');
    await userEvent.click(screen.getByRole('button', { name: 'Last backup' }));
    expect(shownNames()).toEqual(['AHU-1', 'AHU-2', 'VAV-10', 'Boiler-1', 'Chiller-1']);
    expect(header('Last backup').getAttribute('aria-sort')).toBe('descending');
    await userEvent.click(screen.getByRole('button', { name: 'Certificate' }));
    // A changed certificate first, then the untrusted ones, then the trusted.
    expect(shownNames()).toEqual(['AHU-2', 'VAV-10', 'AHU-1', 'Chiller-1', 'Boiler-1']);
  });

  it('shows the inventory grouped by site with certificate, profile, model and last backup (age + verdict)', async () => {
    await renderLoaded();
    // Each site heading carries its rollup: what is ready, what is not, what was never backed up.
    expect(
      screen.getByRole('columnheader', { name: 'North · 3 controllers ✓ 1 ready ✗ 1 not ready ○ 1 never backed up' }),
    ).toBeTruthy();
    expect(
      screen.getByRole('columnheader', { name: 'South · 2 controllers ⚠ 1 with warning ○ 1 never backed up' }),
    ).toBeTruthy();
    expect(shownNames()).toEqual(['AHU-1', 'AHU-2', 'VAV-10', 'Boiler-1', 'Chiller-1']);
    const ahu1 = screen.getByText('AHU-1').closest('tr')!;
    expect(within(ahu1).getByText('Trusted')).toBeTruthy();
    expect(within(ahu1).getByText('3 hours ago')).toBeTruthy();
    expect(within(ahu1).getByText('Ready for upgrade')).toBeTruthy();
    expect(ahu1.querySelector('.model-cell')!.textContent).toBe('ECY-S1000 · 1.18.2');
    expect(within(ahu1).getByText('Site default')).toBeTruthy();
    const vav = screen.getByText('VAV-10').closest('tr')!;
    expect(within(vav).getByText('Not trusted yet')).toBeTruthy();
    expect(within(vav).getByText('Never backed up')).toBeTruthy();
    expect(within(vav).getByText('—')).toBeTruthy();
    const ahu2 = screen.getByText('AHU-2').closest('tr')!;
    expect(within(ahu2).getByText('Certificate changed')).toBeTruthy();
    expect(within(ahu2).getByText('Not ready')).toBeTruthy();
    expect(within(ahu2).getByText('Reason for not-ready')).toBeTruthy();
    expect(within(screen.getByText('Boiler-1').closest('tr')!).getByText('Reason for ready-with-warning')).toBeTruthy();
    const chiller = screen.getByText('Chiller-1').closest('tr')!;
    // The failure in plain words (the code's title), visible on the row, not in a tooltip.
    expect(chiller.textContent).toMatch(/Never backed upLast try failed: Sign-in refused/);
    expect(within(chiller).getByText('user admin')).toBeTruthy();
    expect(within(ahu1).queryByText('Last try failed')).toBeNull();
  });

  it('searches and filters by site, certificate and verdict, and says how many are shown', async () => {
    await renderLoaded();
    const user = userEvent.setup();
    await user.type(screen.getByRole('searchbox', { name: 'Search controllers' }), 'ahu');
    expect(shownNames()).toEqual(['AHU-1', 'AHU-2']);
    expect(screen.getByText('2 of 5 controllers shown')).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(shownNames()).toHaveLength(5);
    await user.type(screen.getByRole('searchbox'), '10.0.2.');
    expect(shownNames()).toEqual(['Boiler-1', 'Chiller-1']);
    await user.clear(screen.getByRole('searchbox'));

    await user.selectOptions(screen.getByRole('combobox', { name: 'Site' }), 'South');
    expect(shownNames()).toEqual(['Boiler-1', 'Chiller-1']);
    expect(screen.queryByRole('columnheader', { name: /North/ })).toBeNull();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Site' }), '');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Certificate' }), 'changed');
    expect(shownNames()).toEqual(['AHU-2']);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Certificate' }), '');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Last backup' }), 'never');
    expect(shownNames()).toEqual(['VAV-10', 'Chiller-1']);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Last backup' }), 'ready-with-warning');
    expect(shownNames()).toEqual(['Boiler-1']);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Certificate' }), 'unknown');
    expect(shownNames()).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Show all controllers' }));
    expect(shownNames()).toHaveLength(5);
  });

  it('a row’s "Back up" opens the wizard on that controller; selected rows and whole sites go to a bulk run', async () => {
    await renderLoaded();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'More actions for VAV-10' }));
    await user.click(screen.getByRole('menuitem', { name: 'Back up' }));
    expect(useNavigation.getState()).toMatchObject({
      screen: 'wizard',
      wizardController: '10.0.1.20:443',
      wizardExpress: true,
    });

    act(() => useNavigation.getState().go('controllers'));
    expect(screen.queryByRole('button', { name: /^Bulk back up/ })).toBeNull();
    await user.click(screen.getByRole('checkbox', { name: 'Select all in South' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select AHU-2' }));
    expect(screen.getByText(/3 selected/)).toBeTruthy();
    const northAll = screen.getByRole('checkbox', { name: 'Select all in North' }) as HTMLInputElement;
    expect(northAll.checked).toBe(false);
    expect(northAll.indeterminate).toBe(true);
    await user.click(screen.getByRole('checkbox', { name: 'Select all in South' }));
    expect(screen.getByText(/1 selected/)).toBeTruthy();
    await user.click(screen.getByRole('checkbox', { name: 'Select all in South' }));
    await user.click(screen.getByRole('button', { name: 'Bulk back up 3 controllers' }));
    expect(useNavigation.getState().screen).toBe('bulk');
    // In inventory order, whatever order they were ticked in.
    expect(useNavigation.getState().bulkSelection).toEqual(['10.0.1.12:443', '10.0.2.5:443', '10.0.2.6:443']);
  });

  it('adding a controller: clear errors for each bad field, nothing sent until they are fixed, then main’s refusal shown', async () => {
    await renderLoaded();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Add controller' }));
    const form = screen.getByRole('form', { name: 'Add a controller' });
    await user.click(within(form).getByRole('button', { name: 'Add controller' }));
    expect(within(form).getByText(/Give the controller a name/)).toBeTruthy();
    expect(within(form).getByText(/Enter the controller’s IP address/)).toBeTruthy();
    expect(within(form).getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(within(form).getByLabelText('Name'));

    await user.type(within(form).getByLabelText('Name'), 'AHU-3');
    await user.type(within(form).getByLabelText('Address'), 'admin@10.0.1.13');
    await user.clear(within(form).getByLabelText('Port'));
    await user.type(within(form).getByLabelText('Port'), '70000');
    await user.click(within(form).getByRole('button', { name: 'Add controller' }));
    expect(within(form).getByText(/An address has no “@”/)).toBeTruthy();
    expect(within(form).getByText(/The port is a whole number from 1 to 65535/)).toBeTruthy();
    expect(fake.mocks['inventory:add']).not.toHaveBeenCalled();

    fake.answer('inventory:add', () =>
      fail(
        'INVALID_INPUT',
        'A controller at 10.0.1.13:8443 exists.',
        'That address is already in the inventory: edit the controller instead.',
      ),
    );
    await user.clear(within(form).getByLabelText('Address'));
    // The address with its port, as a technician copies it from a sheet: host and port go to their own fields.
    await user.type(within(form).getByLabelText('Address'), '10.0.1.13:8443');
    await user.clear(within(form).getByLabelText('Port'));
    await user.type(within(form).getByLabelText('Port'), '443');
    await user.type(within(form).getByLabelText('Site'), 'North');
    await user.click(within(form).getByRole('button', { name: 'Add controller' }));
    expect(
      await within(form).findByText('That address is already in the inventory: edit the controller instead.'),
    ).toBeTruthy();
    expect(fake.mocks['inventory:add']).toHaveBeenCalledWith({
      name: 'AHU-3',
      host: '10.0.1.13',
      port: 8443,
      site: 'North',
      credential: null,
      username: null,
      notes: null,
    });

    fake.answer('inventory:add', (r) => controller(r.name, r.host, r.site ?? null));
    await user.click(within(form).getByRole('button', { name: 'Add controller' }));
    await waitFor(() => expect(useNotices.getState().notices.map((n) => n.title)).toContain('AHU-3 added'));
    expect(screen.queryByRole('form', { name: 'Add a controller' })).toBeNull();
  });

  it('editing a controller sends the changed fields; removing it asks first', async () => {
    await renderLoaded();
    const user = userEvent.setup();
    fake.answer('inventory:update', (r) => ({ ...ROWS[2]!.controller, ...r.patch }));
    await user.click(screen.getByRole('button', { name: 'More actions for VAV-10' }));
    await user.click(screen.getByRole('menuitem', { name: 'Edit…' }));
    const form = screen.getByRole('form', { name: 'Edit VAV-10' });
    expect((within(form).getByLabelText('Address') as HTMLInputElement).value).toBe('10.0.1.20');
    await user.clear(within(form).getByLabelText('Name'));
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(within(form).getByText(/Give the controller a name/)).toBeTruthy();
    await user.type(within(form).getByLabelText('Name'), 'VAV-10 (roof)');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(useNotices.getState().notices.map((n) => n.title)).toContain('VAV-10 (roof) saved'));
    expect(fake.mocks['inventory:update']).toHaveBeenCalledWith({
      id: '10.0.1.20:443',
      patch: expect.objectContaining({ name: 'VAV-10 (roof)', host: '10.0.1.20', port: 443, site: 'North' }),
    });

    fake.answer('inventory:remove', () => ROWS[4]!.controller);
    await user.click(screen.getByRole('button', { name: 'More actions for Chiller-1' }));
    await user.click(screen.getByRole('menuitem', { name: 'Edit…' }));
    // The drawer opens beside the board: the row stays in view.
    expect(screen.getByRole('complementary', { name: 'Edit Chiller-1' })).toBeTruthy();
    expect(screen.getByText('Chiller-1', { selector: 'td' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Remove…' }));
    expect(fake.mocks['inventory:remove']).not.toHaveBeenCalled();
    const ask = screen.getByRole('alertdialog', { name: 'Remove Chiller-1?' });
    expect(ask.textContent).toMatch(/Its backups stay in the archive/);
    expect(document.activeElement).toBe(within(ask).getByRole('button', { name: 'Keep it' }));
    await user.click(screen.getByRole('button', { name: 'Keep it' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Remove…' }));
    await user.click(screen.getByRole('button', { name: 'Remove Chiller-1' }));
    expect(fake.mocks['inventory:remove']).toHaveBeenCalledWith({ id: '10.0.2.6:443' });
  });

  it('keyboard: Esc closes the form and the import; Enter in a field submits the form', async () => {
    await renderLoaded();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Add controller' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('form', { name: 'Add a controller' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Add controller' }));
    await user.type(screen.getByLabelText('Name'), 'AHU-9{Enter}');
    expect(screen.getByText(/Enter the controller’s IP address/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Import CSV…' }));
    await user.click(screen.getByLabelText(/CSV text/));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('heading', { name: 'Import an inventory CSV' })).toBeNull();
  });

  it('a first start says what to do: import a CSV or add a controller', async () => {
    fake.answer('controllers:overview', () => []);
    render(<ControllersScreen />);
    expect(await screen.findByText('No controllers yet')).toBeTruthy();
    expect(
      screen.getByText(
        /Import the site's controller list from a CSV file \(start from the template\), add a controller by its address, or try the app on simulated controllers/,
      ),
    ).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try with simulated controllers' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Import a CSV…' }));
    expect(screen.getByRole('heading', { name: 'Import an inventory CSV' })).toBeTruthy();
  });

  it('keeps a long inventory virtualised: 600 controllers put only a window of rows in the page', async () => {
    const many = Array.from({ length: 600 }, (_, i) =>
      row(
        controller(
          `VAV-${i + 1}`,
          `10.1.${Math.floor(i / 200)}.${(i % 200) + 1}`,
          `Building ${Math.floor(i / 200) + 1}`,
        ),
      ),
    );
    fake.answer('controllers:overview', () => many);
    // happy-dom lays nothing out: give the scroller the size of a laptop window, as chromium would.
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(700);
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1200);
    render(<ControllersScreen />);
    await screen.findByText('VAV-1');
    const rendered = screen.getAllByRole('checkbox', { name: /^Select VAV-/ }).length;
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(80);
    // The search still looks at every controller, not only the rendered ones.
    await userEvent.type(screen.getByRole('searchbox'), 'VAV-599');
    expect(shownNames()).toEqual(['VAV-599']);
  });

  it('the app menu’s "Import inventory…" opens the import', async () => {
    await renderLoaded();
    expect(screen.queryByRole('heading', { name: 'Import an inventory CSV' })).toBeNull();
    act(() => useNavigation.getState().requestImport());
    expect(screen.getByRole('heading', { name: 'Import an inventory CSV' })).toBeTruthy();
  });
});

describe('the readiness board', () => {
  it('counts what is ready, with a warning, not ready, never backed up and too old; each count filters the board', async () => {
    const old = row(controller('FCU-1', '10.0.3.1', 'East'), { lastBackup: backup('ready', 24 * 45) });
    fake.answer('controllers:overview', () => [...ROWS, old]);
    render(<ControllersScreen />);
    await screen.findByText('FCU-1');
    const counts = screen.getByRole('group', { name: /^Readiness for the upgrade/ });
    const count = (name: RegExp) => within(counts).getByRole('button', { name });
    expect(count(/Ready for upgrade/).textContent).toBe('2Ready for upgrade');
    expect(count(/Ready with warning/).textContent).toBe('1Ready with warning');
    expect(count(/Not ready/).textContent).toBe('1Not ready');
    expect(count(/Never backed up/).textContent).toBe('2Never backed up');
    expect(count(/older than 30 days/).textContent).toBe('1Backup older than 30 days');
    await userEvent.click(count(/Never backed up/));
    expect(count(/Never backed up/).getAttribute('aria-pressed')).toBe('true');
    expect(shownNames()).toEqual(['VAV-10', 'Chiller-1']);
    expect(screen.getByText('2 of 6 controllers shown')).toBeTruthy();
    await userEvent.click(count(/older than 30 days/));
    expect(shownNames()).toEqual(['FCU-1']);
    expect(within(screen.getByText('FCU-1').closest('tr')!).getByText(/^old: /)).toBeTruthy();
    await userEvent.click(count(/older than 30 days/));
    expect(shownNames()).toHaveLength(6);
  });

  it('is one tab stop: arrows move between rows, Space ticks, Enter opens the row’s actions, Esc comes back to the row', async () => {
    await renderLoaded();
    const user = userEvent.setup();
    const table = screen.getByRole('table', { name: 'Controllers by site' });
    // 5 controllers and 2 sites: a single row takes Tab, the checkboxes and menu buttons do not.
    const tabbable = [...table.querySelectorAll<HTMLElement>('tr[tabindex], input, button')].filter(
      (e) => e.tabIndex >= 0 && !e.closest('thead'),
    );
    expect(tabbable).toHaveLength(1);
    tabbable[0]!.focus();
    expect(document.activeElement?.textContent).toContain('AHU-1');
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement?.textContent).toContain('AHU-2');
    await user.keyboard(' ');
    expect((screen.getByRole('checkbox', { name: 'Select AHU-2' }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText(/1 selected/)).toBeTruthy();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    // The site heading is on the way: Space on it ticks the whole site.
    expect(document.activeElement?.textContent).toMatch(/^South/);
    await user.keyboard('{ArrowDown}{Enter}');
    const menu = screen.getByRole('menu', { name: 'More actions for Boiler-1' });
    expect(document.activeElement).toBe(within(menu).getByRole('menuitem', { name: 'Back up' }));
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(within(menu).getByRole('menuitem', { name: 'Edit…' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement?.textContent).toContain('Boiler-1');
    await user.keyboard('{Home}');
    expect(document.activeElement?.textContent).toMatch(/^North/);
  });

  it('the density setting makes rows compact', async () => {
    fake.answer('settings:get', () => ({
      archiveFolder: '/a',
      concurrency: 4,
      perSite: null,
      connectTimeoutSeconds: 15,
      jobTimeoutMinutes: 30,
      format: 'json',
      language: 'en',
      density: 'compact',
      warning: null,
    }));
    await act(() => useSettings.getState().load());
    await renderLoaded();
    expect(screen.getByRole('region', { name: 'Controllers by site' }).className).toContain('density-compact');
  });

  it('a first start can try the app on simulated controllers', async () => {
    let rows: ControllerOverview[] = [];
    fake.answer('controllers:overview', () => rows);
    fake.answer('demo:start', () => {
      rows = ROWS;
      return { added: 12 };
    });
    render(<ControllersScreen />);
    await userEvent.click(await screen.findByRole('button', { name: 'Try with simulated controllers' }));
    expect(await screen.findByText('AHU-1')).toBeTruthy();
    expect(useNotices.getState().notices.map((n) => n.title)).toContain('12 simulated controllers added');
  });
});
