// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProfileSummary, Settings } from '../../preload/api';
import { App } from '../../renderer/src/app';
import { useLanguage } from '../../renderer/src/i18n/language';
import { SettingsScreen } from '../../renderer/src/screens/settings/settings-screen';
import { useNavigation } from '../../renderer/src/stores/navigation';
import { overview } from './support/bulk-fixtures';
import { fail, installFakeEclypse, type FakeEclypse } from './support/fake-eclypse';

const SETTINGS = {
  archiveFolder: '/home/tech/Documents/ECLYPSE Backups',
  concurrency: 4,
  perSite: null,
  connectTimeoutSeconds: 15,
  jobTimeoutMinutes: 30,
  format: 'json' as const,
  language: 'en' as const,
  density: 'comfortable' as const,
};

function profile(name: string, username: string, hasSecret = true): ProfileSummary {
  return { name, username, createdAt: '2026-11-01T08:00:00.000Z', updatedAt: '2026-11-02T08:00:00.000Z', hasSecret };
}

let fake: FakeEclypse;
let profiles: ProfileSummary[];

beforeEach(() => {
  profiles = [profile('Site default', 'admin'), profile('Plant room', 'tech', false)];
  fake = installFakeEclypse({
    'settings:get': () => ({ ...SETTINGS, warning: null }),
    'settings:set': (patch) => ({ ...SETTINGS, ...patch }),
    'credentials:list': () => profiles,
    'credentials:set': (r) => {
      profiles = [...profiles.filter((p) => p.name !== r.profile), profile(r.profile, r.username)];
      return profile(r.profile, r.username);
    },
    'credentials:delete': (r) => {
      profiles = profiles.filter((p) => p.name !== r.profile);
      return true;
    },
  });
});
afterEach(() => cleanup());

async function renderLoaded(): Promise<HTMLElement> {
  render(<SettingsScreen />);
  return (await screen.findByRole('heading', { name: 'Bulk runs and timeouts' })).closest('form')!;
}

describe('the Settings screen', () => {
  it('checks each number against its range, sends nothing while one is wrong, then saves and says so', async () => {
    const form = await renderLoaded();
    const user = userEvent.setup();
    const save = within(form).getByRole('button', { name: 'Save settings' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    const concurrency = within(form).getByLabelText('Controllers at once');
    expect((concurrency as HTMLInputElement).value).toBe('4');
    await user.clear(concurrency);
    await user.type(concurrency, '40');
    await user.type(within(form).getByLabelText('At most per site'), '0');
    await user.clear(within(form).getByLabelText('Backup timeout'));
    await user.type(within(form).getByLabelText('Backup timeout'), '1.5');
    expect(within(form).getByText('Unsaved changes')).toBeTruthy();
    await user.click(save);
    expect(within(form).getByText('Controllers at once is a whole number from 1 to 32.')).toBeTruthy();
    expect(within(form).getByText('Per site is empty (no limit) or a whole number from 1 to 32.')).toBeTruthy();
    expect(within(form).getByText('The backup timeout is from 1 to 720 minutes (12 hours).')).toBeTruthy();
    expect(concurrency.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(concurrency);
    expect(fake.mocks['settings:set']).not.toHaveBeenCalled();

    await user.clear(concurrency);
    await user.type(concurrency, '8');
    await user.clear(within(form).getByLabelText('At most per site'));
    await user.type(within(form).getByLabelText('At most per site'), '2');
    await user.clear(within(form).getByLabelText('Backup timeout'));
    await user.type(within(form).getByLabelText('Backup timeout'), '45');
    await user.click(within(form).getByRole('radio', { name: /XML/ }));
    await user.click(save);
    expect(fake.mocks['settings:set']).toHaveBeenCalledWith({
      concurrency: 8,
      perSite: 2,
      connectTimeoutSeconds: 15,
      jobTimeoutMinutes: 45,
      format: 'xml',
    });
    const saved = await screen.findByText('Saved');
    expect(saved.closest('[role="status"]')).toBeTruthy();
  });

  it('a value main refuses is shown with its hint, and the form keeps what was typed', async () => {
    fake.answer('settings:set', () =>
      fail('INVALID_INPUT', 'concurrency: too big', 'Choose at most 32 controllers at once.'),
    );
    const form = await renderLoaded();
    const user = userEvent.setup();
    await user.clear(within(form).getByLabelText('Connection timeout'));
    await user.type(within(form).getByLabelText('Connection timeout'), '30');
    await user.click(within(form).getByRole('button', { name: 'Save settings' }));
    expect(await within(form).findByText('The settings were not saved')).toBeTruthy();
    expect(within(form).getByText('Choose at most 32 controllers at once.')).toBeTruthy();
    expect((within(form).getByLabelText('Connection timeout') as HTMLInputElement).value).toBe('30');
    expect(within(form).queryByText('Saved')).toBeNull();
  });

  it('shows the archive folder and changes it only through the native dialog', async () => {
    fake.answer('settings:chooseArchiveFolder', () => ({ path: '/media/usb/Backups' }));
    await renderLoaded();
    expect(screen.getByLabelText('Current archive folder').textContent).toBe(SETTINGS.archiveFolder);
    fake.answer('settings:get', () => ({ ...SETTINGS, archiveFolder: '/media/usb/Backups', warning: null }));
    await userEvent.click(screen.getByRole('button', { name: 'Change…' }));
    await waitFor(() => expect(screen.getByLabelText('Current archive folder').textContent).toBe('/media/usb/Backups'));
    expect(fake.mocks['settings:chooseArchiveFolder']).toHaveBeenCalledWith({});
  });

  it('warns when the saved settings were damaged and the defaults are in use', async () => {
    fake.answer('settings:get', () => ({
      ...SETTINGS,
      warning: 'settings.json could not be read (line 1: unexpected end); it was kept as settings.damaged-1.json.',
    }));
    await renderLoaded();
    const alert = screen
      .getByText('The saved settings were damaged, so the defaults are in use')
      .closest('[role="alert"]')!;
    expect(alert.textContent).toMatch(/kept as settings.damaged-1.json/);
  });

  it('lists profiles by name and user name only, never a password, and adds one (with its checks)', async () => {
    await renderLoaded();
    const user = userEvent.setup();
    const table = screen.getByRole('table', { name: 'Credential profiles' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.textContent);
    expect(rows[0]).toMatch(/^Site defaultadminStored in keychain/);
    expect(rows[1]).toMatch(/^Plant roomtechMissing — replace it/);
    expect(document.querySelectorAll('input[type="password"]')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Add profile' }));
    const form = screen.getByRole('form', { name: 'New credential profile' });
    await user.type(within(form).getByLabelText('Profile name'), 'Site default');
    await user.click(within(form).getByRole('button', { name: 'Save profile' }));
    expect(within(form).getByText(/A profile named Site default exists/)).toBeTruthy();
    expect(within(form).getByText('Enter the user name the controllers know.')).toBeTruthy();
    expect(within(form).getByText('Enter the password.')).toBeTruthy();
    expect(fake.mocks['credentials:set']).not.toHaveBeenCalled();

    await user.clear(within(form).getByLabelText('Profile name'));
    await user.type(within(form).getByLabelText('Profile name'), 'Roof units');
    await user.type(within(form).getByLabelText('User name'), 'roof');
    await user.type(within(form).getByLabelText('Password'), 'S3cret-roof');
    await user.click(within(form).getByRole('button', { name: 'Save profile' }));
    expect(fake.mocks['credentials:set']).toHaveBeenCalledWith({
      profile: 'Roof units',
      username: 'roof',
      password: 'S3cret-roof',
    });
    await screen.findByRole('rowheader', { name: 'Roof units' });
    expect(document.body.textContent).not.toContain('S3cret-roof');
  });

  it('replaces a profile’s password without ever showing the old one', async () => {
    await renderLoaded();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Replace password of Plant room' }));
    const form = screen.getByRole('form', { name: 'Replace the password of Plant room' });
    expect((within(form).getByLabelText('User name') as HTMLInputElement).value).toBe('tech');
    expect((within(form).getByLabelText('New password') as HTMLInputElement).value).toBe('');
    await user.click(within(form).getByRole('button', { name: 'Replace password' }));
    expect(within(form).getByText('Enter the new password.')).toBeTruthy();
    await user.type(within(form).getByLabelText('New password'), 'N3w-pass');
    await user.click(within(form).getByRole('button', { name: 'Replace password' }));
    expect(fake.mocks['credentials:set']).toHaveBeenCalledWith({
      profile: 'Plant room',
      username: 'tech',
      password: 'N3w-pass',
    });
    await waitFor(() => expect(screen.queryByRole('form', { name: /Replace the password/ })).toBeNull());
    expect(
      within(screen.getByRole('rowheader', { name: 'Plant room' }).closest('tr')!).getByText('Stored in keychain'),
    ).toBeTruthy();
  });

  it('deletes a profile only after asking', async () => {
    await renderLoaded();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Delete Site default' }));
    const question = screen.getByRole('alertdialog', { name: 'Delete Site default?' });
    expect(question.textContent).toMatch(/Controllers that use Site default will ask for a password/);
    await user.click(within(question).getByRole('button', { name: 'Keep it' }));
    expect(fake.mocks['credentials:delete']).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Delete Site default' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete Site default' }));
    expect(fake.mocks['credentials:delete']).toHaveBeenCalledWith({ profile: 'Site default' });
    await waitFor(() => expect(screen.queryByRole('rowheader', { name: 'Site default' })).toBeNull());
  });

  it('without a keychain: says so plainly, offers no way to store a password, and can check again', async () => {
    fake.answer('credentials:list', () =>
      fail(
        'KEYCHAIN_UNAVAILABLE',
        'org.freedesktop.secrets was not provided by any .service files',
        'The keychain of this laptop cannot be reached: unlock it or sign in to the desktop again.',
      ),
    );
    await renderLoaded();
    const panel = await screen.findByText('The keychain is not available on this laptop');
    const alert = panel.closest('[role="alert"]')!;
    expect(alert.textContent).toMatch(/unlock it or sign in to the desktop again/);
    expect(alert.textContent).toMatch(
      /Passwords are not stored anywhere else: the backup wizard asks for the password each time/,
    );
    expect(alert.textContent).toMatch(/KEYCHAIN_UNAVAILABLE/);
    expect(screen.queryByRole('button', { name: 'Add profile' })).toBeNull();
    expect(document.querySelectorAll('input[type="password"]')).toHaveLength(0);

    fake.answer('credentials:list', () => [profile('Site default', 'admin')]);
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByRole('rowheader', { name: 'Site default' });
    expect(screen.queryByText('The keychain is not available on this laptop')).toBeNull();
  });

  it('a keychain that fails while saving says why, and keeps nothing', async () => {
    fake.answer('credentials:set', () =>
      fail('KEYCHAIN_UNAVAILABLE', 'locked', 'The keychain is locked: unlock it and try again.'),
    );
    await renderLoaded();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Add profile' }));
    const form = screen.getByRole('form', { name: 'New credential profile' });
    await user.type(within(form).getByLabelText('Profile name'), 'Roof');
    await user.type(within(form).getByLabelText('User name'), 'roof');
    await user.type(within(form).getByLabelText('Password'), 'pw');
    await user.click(within(form).getByRole('button', { name: 'Save profile' }));
    expect(await within(form).findByText('The keychain is locked: unlock it and try again.')).toBeTruthy();
    expect(screen.queryByRole('rowheader', { name: 'Roof' })).toBeNull();
  });
});

describe('Help → Export diagnostics', () => {
  it('offers only trusted controllers, asks a password only where there is no profile, and says where the capture went', async () => {
    const trusted = overview(1);
    const noProfile = {
      ...overview(2, 'North', null),
      controller: { ...overview(2, 'North', null).controller, username: 'tech' },
    };
    const stranger = { ...overview(3), pinnedFingerprint: null, certState: 'unknown' as const };
    fake.answer('controllers:overview', () => [trusted, noProfile, stranger]);
    fake.answer('diagnostics:capture', () => ({
      path: 'reports/diagnostics/AHU-2-20261206-101500.har',
      summary: ['14 of 16 read-only requests answered; API v1.'],
    }));
    render(<SettingsScreen />);
    const user = userEvent.setup();
    const section = (await screen.findByRole('heading', { name: 'Diagnostics for support' })).closest('section')!;
    const select = (await within(section).findByRole('combobox', { name: 'Controller' })) as HTMLSelectElement;
    await waitFor(() =>
      expect([...select.options].map((o) => o.textContent)).toEqual(['AHU-1 (10.0.0.2:443)', 'AHU-2 (10.0.0.3:443)']),
    );
    expect(within(section).queryByLabelText(/Password/)).toBeNull();
    await user.selectOptions(select, noProfile.controller.id);
    const capture = within(section).getByRole('button', { name: 'Capture diagnostics' }) as HTMLButtonElement;
    expect(capture.disabled).toBe(true);
    await user.type(within(section).getByLabelText(/Password of tech/), 'pw-typed');
    await user.click(within(section).getByRole('checkbox', { name: /Also make one full backup/ }));
    await user.click(capture);
    expect(await within(section).findByText('reports/diagnostics/AHU-2-20261206-101500.har')).toBeTruthy();
    expect(within(section).getByText(/14 of 16/)).toBeTruthy();
    expect(fake.calls.filter((c) => c.channel === 'diagnostics:capture').map((c) => c.request)).toEqual([
      { controllerId: noProfile.controller.id, withBackup: true, password: 'pw-typed' },
    ]);
    // The password is used once and forgotten.
    expect((within(section).getByLabelText(/Password of tech/) as HTMLInputElement).value).toBe('');
  });

  it('the menu item brings the section to the keyboard; a failure says why', async () => {
    fake.answer('controllers:overview', () => [overview(1)]);
    fake.answer('diagnostics:capture', () => fail('CERT_CHANGED', 'The certificate changed.'));
    render(<SettingsScreen />);
    await screen.findByRole('combobox', { name: 'Controller' });
    act(() => useNavigation.getState().requestDiagnostics());
    // The export first: it is what every bug report needs.
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Export diagnostics (zip)' })),
    );
    await userEvent.setup().click(screen.getByRole('button', { name: 'Capture diagnostics' }));
    expect(await screen.findByText('The capture could not be made')).toBeTruthy();
  });
});

describe('Help → Export diagnostics: the zip and the logs folder', () => {
  it('writes one zip through diagnostics:export and says where it is and what it holds', async () => {
    fake.answer('diagnostics:export', () => ({
      path: 'reports/eclypse-diagnostics-20261206-101500.zip',
      bytes: 48_213,
      logFiles: 3,
      captures: 1,
    }));
    fake.answer('archive:reveal', () => null);
    render(<SettingsScreen />);
    const user = userEvent.setup();
    const section = (await screen.findByRole('heading', { name: 'Diagnostics for support' })).closest('section')!;
    await user.click(within(section).getByRole('button', { name: 'Export diagnostics (zip)' }));
    const status = await within(section).findByText('reports/eclypse-diagnostics-20261206-101500.zip');
    expect(status.closest('[role="status"]')!.textContent).toMatch(/3 log files, 1 capture\)/);
    expect(fake.calls.filter((c) => c.channel === 'diagnostics:export')).toHaveLength(1);
    await user.click(within(section).getByRole('button', { name: 'Show in folder' }));
    expect(fake.calls.filter((c) => c.channel === 'archive:reveal').map((c) => c.request)).toEqual([
      { path: 'reports/eclypse-diagnostics-20261206-101500.zip' },
    ]);
  });

  it('says why when the zip cannot be written, and opens the logs folder on request', async () => {
    fake.answer('diagnostics:export', () =>
      fail('DISK_ERROR', 'No space left on device.', 'Free some space on the archive disk.'),
    );
    fake.answer('logs:openFolder', () => ({ path: '/home/tech/.config/ECLYPSE Field Backup/logs' }));
    render(<SettingsScreen />);
    const user = userEvent.setup();
    const section = (await screen.findByRole('heading', { name: 'Diagnostics for support' })).closest('section')!;
    await user.click(within(section).getByRole('button', { name: 'Export diagnostics (zip)' }));
    expect(await within(section).findByText('The diagnostics zip could not be written')).toBeTruthy();
    expect(within(section).getByText('Free some space on the archive disk.')).toBeTruthy();
    await user.click(within(section).getByRole('button', { name: 'Open logs folder' }));
    expect(fake.calls.filter((c) => c.channel === 'logs:openFolder')).toHaveLength(1);
  });
});

describe('the language setting', () => {
  afterEach(() => useLanguage.getState().apply('en'));

  it('follows the system by default, switches the whole window to French when chosen, and saves the choice', async () => {
    let saved: Settings = { ...SETTINGS, language: 'system' };
    fake.answer('settings:get', () => ({ ...saved, warning: null }));
    fake.answer('settings:set', (patch) => (saved = { ...saved, ...patch }));
    useNavigation.getState().go('settings');
    render(<App />);
    const language = (await screen.findByLabelText('Language')) as HTMLSelectElement;
    // happy-dom's system language is English: "As the system (English)".
    expect(language.value).toBe('system');
    expect(within(language).getByRole('option', { name: 'As the system (English)' })).toBeTruthy();
    await userEvent.selectOptions(language, 'fr-CA');
    await waitFor(() =>
      expect(fake.calls.filter((c) => c.channel === 'settings:set').map((c) => c.request)).toEqual([
        { language: 'fr-CA' },
      ]),
    );
    expect(await screen.findByRole('heading', { level: 1, name: 'Réglages' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Contrôleurs' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('fr-CA');
    // Numbers follow the language: the strip's status is French too.
    expect(screen.getByText('Aucune sauvegarde en cours')).toBeTruthy();
    await userEvent.selectOptions(screen.getByLabelText('Langue'), 'system');
    expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeTruthy();
  });
});
