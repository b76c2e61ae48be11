// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectEvents } from '../../renderer/src/bridge/events';
import { useNavigation } from '../../renderer/src/stores/navigation';
import { fail, installFakeEclypse, type FakeEclypse } from './support/fake-eclypse';
import {
  CERT,
  driveToContents,
  HOST,
  ID,
  OLD_FINGERPRINT,
  overviewRow,
  probed,
  programFirstContact,
  renderWizard,
  stepHeading,
} from './support/wizard-fixtures';

let fake: FakeEclypse;
let disconnect: () => void;

beforeEach(() => {
  fake = installFakeEclypse();
  programFirstContact(fake);
  disconnect = connectEvents();
});
afterEach(() => {
  disconnect();
  cleanup();
});

const callsTo = (channel: string) => fake.calls.filter((c) => c.channel === channel).map((c) => c.request);

describe('wizard step 1: the address', () => {
  it('does not probe an empty or malformed address, and says what to fix', async () => {
    renderWizard();
    expect(stepHeading().textContent).toBe('Which controller?');
    expect((screen.getByLabelText('Port') as HTMLInputElement).value).toBe('443');
    await userEvent.click(screen.getByRole('button', { name: 'Check certificate' }));
    expect(screen.getByRole('alert').textContent).toContain('Enter the controller’s IP address or host name.');
    await userEvent.type(screen.getByLabelText('IP address or host name'), '10.0.0.5/admin');
    await userEvent.keyboard('{Enter}');
    expect(screen.getByRole('alert').textContent).toContain('without a path');
    // Two ports that disagree: the technician keeps one, nothing is guessed.
    await userEvent.clear(screen.getByLabelText('IP address or host name'));
    await userEvent.type(screen.getByLabelText('IP address or host name'), '10.0.0.5:8443');
    await userEvent.clear(screen.getByLabelText('Port'));
    await userEvent.type(screen.getByLabelText('Port'), '9443{Enter}');
    expect(screen.getByRole('alert').textContent).toContain('The address says port 8443 but the port field says 9443');
    expect(callsTo('controller:probe')).toEqual([]);
  });

  it('takes an address typed with its port, or pasted as a URL, as host and port (the rules main and the core apply)', async () => {
    fake.answer('controller:probe', () =>
      fail('UNREACHABLE', 'connect ECONNREFUSED', 'The controller did not answer.'),
    );
    renderWizard();
    await userEvent.type(screen.getByLabelText('IP address or host name'), '10.0.0.1:8443{Enter}');
    await screen.findByRole('alert');
    await userEvent.clear(screen.getByLabelText('IP address or host name'));
    await userEvent.type(screen.getByLabelText('IP address or host name'), 'https://[[fe80::1]:9443/{Enter}');
    await waitFor(() => expect(callsTo('controller:probe')).toHaveLength(2));
    expect(callsTo('controller:probe')).toEqual([
      { host: '10.0.0.1', port: 8443 },
      { host: 'fe80::1', port: 9443 },
    ]);
  });

  it('shows an unreachable controller with its hint and the way forward, and stays on the address', async () => {
    fake.answer('controller:probe', () =>
      fail('UNREACHABLE', 'connect ECONNREFUSED 10.0.0.5:443', 'The controller did not answer. Check the address.'),
    );
    renderWizard();
    await userEvent.type(screen.getByLabelText('IP address or host name'), `${HOST}{Enter}`);
    const panel = await screen.findByRole('alert');
    expect(panel.textContent).toContain('The controller did not answer. Check the address.');
    expect(panel.textContent).toContain('Check the address and port below, then check the certificate again.');
    expect(within(panel).getByText('UNREACHABLE')).toBeTruthy();
    expect(stepHeading().textContent).toBe('Which controller?');
    expect(callsTo('controller:probe')).toEqual([{ host: HOST, port: 443 }]);
  });

  it('is prefilled when opened for an inventory controller', async () => {
    fake.answer('controllers:overview', () => [overviewRow({ port: 8443, host: '10.0.0.9', id: '10.0.0.9:8443' })]);
    renderWizard('10.0.0.9:8443');
    await waitFor(() =>
      expect((screen.getByLabelText('IP address or host name') as HTMLInputElement).value).toBe('10.0.0.9'),
    );
    expect((screen.getByLabelText('Port') as HTMLInputElement).value).toBe('8443');
    expect((screen.getByLabelText('Name (optional)') as HTMLInputElement).value).toBe('AHU-1');
    expect((screen.getByLabelText('Site (optional)') as HTMLInputElement).value).toBe('North');
  });

  it('Esc leaves the wizard when nothing is running', async () => {
    renderWizard();
    await userEvent.keyboard('{Escape}');
    expect(useNavigation.getState().screen).toBe('controllers');
  });
});

describe('wizard step 2: the certificate', () => {
  it('a new certificate: shows it, trusts it only through controller:trust, then adds the controller to the inventory', async () => {
    renderWizard();
    await userEvent.type(screen.getByLabelText('IP address or host name'), HOST);
    await userEvent.type(screen.getByLabelText('Name (optional)'), 'AHU-1');
    await userEvent.type(screen.getByLabelText('Site (optional)'), 'North{Enter}');
    const heading = await screen.findByRole('heading', { level: 2, name: 'Check the certificate' });
    expect(document.activeElement).toBe(heading);
    expect(screen.getByLabelText('Certificate fingerprint').getAttribute('data-value')).toBe(CERT.fingerprint);
    // Grouped two bytes at a time, so it can be compared aloud.
    expect(
      [...screen.getByLabelText('Certificate fingerprint').querySelectorAll('.fp-group')]
        .map((g) => g.textContent)
        .slice(0, 3),
    ).toEqual(['AA:BB', 'CC:DD', 'EE:FF']);
    expect(screen.getByText('Self-signed')).toBeTruthy();
    expect(screen.getByText('Expired')).toBeTruthy();
    expect(screen.getByText('Not trusted yet')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Continue' })).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Trust this certificate' }));
    await screen.findByRole('heading', { level: 2, name: 'Certificate trusted' });
    expect(callsTo('controller:trust')).toEqual([{ host: HOST, port: 443, fingerprint: CERT.fingerprint }]);
    expect(callsTo('inventory:add')).toEqual([]);

    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await screen.findByRole('heading', { level: 2, name: 'Sign in to the controller' });
    expect(callsTo('inventory:add')).toEqual([{ name: 'AHU-1', host: HOST, port: 443, site: 'North' }]);
  });

  it('a certificate with markup in its subject shows it as text, never as page content', async () => {
    const hostile = 'CN=<img src=x onerror="alert(1)">, O=<script>bad()</script>\\x1b[31m';
    fake.answer('controller:probe', () => ({
      ...probed('unknown'),
      certificate: { ...CERT, subject: hostile, issuer: hostile },
    }));
    renderWizard();
    await userEvent.type(screen.getByLabelText('IP address or host name'), `${HOST}{Enter}`);
    await screen.findByRole('heading', { level: 2, name: 'Check the certificate' });
    expect(screen.getAllByText(hostile, { exact: false }).length).toBeGreaterThan(0);
    expect(document.querySelector('img[src="x"], script')).toBeNull();
  });

  it('trust declined in the native dialog: says nothing was trusted and stays', async () => {
    fake.answer('controller:trust', () => fail('CANCELLED', 'The certificate was not trusted.'));
    renderWizard();
    await userEvent.type(screen.getByLabelText('IP address or host name'), `${HOST}{Enter}`);
    await userEvent.click(await screen.findByRole('button', { name: 'Trust this certificate' }));
    expect(await screen.findByText(/The certificate was not trusted; nothing was saved/)).toBeTruthy();
    expect(stepHeading().textContent).toBe('Check the certificate');
    expect(screen.getByRole('button', { name: 'Trust this certificate' })).toBeTruthy();
  });

  it('an already trusted controller of the inventory continues without trusting or adding again', async () => {
    fake.answer('controller:probe', () => probed('pinned'));
    fake.answer('controllers:overview', () => [overviewRow()]);
    renderWizard(ID);
    await waitFor(() =>
      expect((screen.getByLabelText('IP address or host name') as HTMLInputElement).value).toBe(HOST),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Check certificate' }));
    expect(await screen.findByText('This is the certificate you trusted before. Continue to sign in.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await screen.findByRole('heading', { level: 2, name: 'Sign in to the controller' });
    expect(callsTo('controller:trust')).toEqual([]);
    expect(callsTo('inventory:add')).toEqual([]);
  });

  it('a changed certificate: both fingerprints with the differing group highlighted, a warning, and only an explicit re-trust', async () => {
    fake.answer('controller:probe', () => probed('changed'));
    renderWizard();
    await userEvent.type(screen.getByLabelText('IP address or host name'), `${HOST}{Enter}`);
    await screen.findByRole('heading', { level: 2, name: 'The certificate changed' });
    expect(
      screen.getByText(/Trust the new certificate only if you know the controller was reset or upgraded/),
    ).toBeTruthy();
    const before = screen.getByLabelText('Trusted fingerprint');
    const now = screen.getByLabelText('New fingerprint');
    expect(before.getAttribute('data-value')).toBe(OLD_FINGERPRINT);
    expect(now.getAttribute('data-value')).toBe(CERT.fingerprint);
    // Only the first pair of bytes differs: exactly that group is highlighted on each side.
    expect([...now.querySelectorAll('.differs')].map((g) => g.textContent)).toEqual(['AA:BB']);
    expect([...before.querySelectorAll('.differs')].map((g) => g.textContent)).toEqual(['12:34']);
    expect(screen.queryByRole('button', { name: 'Continue' })).toBeNull();

    // Enter never re-trusts a changed certificate: it takes a click on the button that says so.
    await userEvent.keyboard('{Enter}');
    expect(callsTo('controller:trust')).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Trust the new certificate' }));
    await screen.findByRole('heading', { level: 2, name: 'Certificate trusted' });
    expect(callsTo('controller:trust')).toEqual([{ host: HOST, port: 443, fingerprint: CERT.fingerprint }]);
  });
});

describe('wizard step 2: a certificate replaced by another', () => {
  it('shows old and new validity, subject and issuer side by side; an entirely different fingerprint is said, not painted group by group', async () => {
    const other: typeof CERT = {
      ...CERT,
      fingerprint: CERT.fingerprint
        .split(':')
        .map((b) => (b === 'AA' ? '0F' : 'F0'))
        .join(':'),
      issuer: 'CN=Site CA',
      validFrom: '2026-01-01T00:00:00.000Z',
      validTo: '2031-01-01T00:00:00.000Z',
    };
    fake.answer('controller:probe', () => ({
      certificate: other,
      pinState: 'changed',
      pinnedFingerprint: CERT.fingerprint,
      pinned: {
        subject: CERT.subject,
        issuer: CERT.issuer,
        validFrom: CERT.validFrom,
        validTo: CERT.validTo,
        pinnedAt: '2025-05-01T08:00:00.000Z',
      },
    }));
    renderWizard();
    await userEvent.type(screen.getByLabelText('IP address or host name'), `${HOST}{Enter}`);
    await screen.findByRole('heading', { level: 2, name: 'The certificate changed' });
    expect(screen.getByLabelText('New fingerprint').querySelectorAll('.differs')).toHaveLength(0);
    expect(
      screen.getByText('16 of 16 groups differ: this is another certificate, not a misread character.'),
    ).toBeTruthy();
    const table = screen.getByRole('table', { name: 'The certificate trusted before and the one shown now' });
    const row = (name: string) => within(table).getByRole('row', { name: new RegExp(`^${name}`) });
    expect(row('Issuer').textContent).toContain(CERT.issuer);
    expect(row('Issuer').textContent).toContain('CN=Site CA');
    expect(row('Valid until').textContent).toContain('2031');
    expect(row('Valid until').textContent).toContain('2023');
    expect(row('Valid until').className).toBe('differs');
  });
});

describe('wizard step 2: a fingerprint the inventory expects', () => {
  it("a certificate other than the expected one is shown against the inventory's fingerprint, not as one trusted before", async () => {
    fake.answer('controller:probe', () => ({ ...probed('changed'), expectedFingerprint: OLD_FINGERPRINT }));
    renderWizard();
    await userEvent.type(screen.getByLabelText('IP address or host name'), `${HOST}{Enter}`);
    await screen.findByRole('heading', { level: 2, name: 'The certificate changed' });
    expect(
      screen.getByText('This controller shows a different certificate from the one the inventory expects.'),
    ).toBeTruthy();
    expect(screen.getByLabelText('Expected fingerprint').getAttribute('data-value')).toBe(OLD_FINGERPRINT);
    expect(screen.queryByLabelText('Trusted fingerprint')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Continue' })).toBeNull();
  });
});

describe('wizard step 3: sign in', () => {
  it('says so when the keychain is unavailable: no profile, nothing remembered, the password asked', async () => {
    fake.answer('credentials:list', () =>
      fail('KEYCHAIN_UNAVAILABLE', 'No Secret Service.', 'The system keychain is locked or missing.'),
    );
    renderWizard();
    await userEvent.type(screen.getByLabelText('IP address or host name'), `${HOST}{Enter}`);
    await userEvent.click(await screen.findByRole('button', { name: 'Trust this certificate' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Continue' }));
    await screen.findByRole('heading', { level: 2, name: 'Sign in to the controller' });
    expect(await screen.findByText(/The keychain is unavailable on this laptop/)).toBeTruthy();
    expect((screen.getByRole('radio', { name: /Saved credential profile/ }) as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByRole('checkbox', { name: 'Remember in keychain as' }) as HTMLInputElement).disabled).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(screen.getByRole('alert').textContent).toBe('Enter the user name.');
  });

  it('offers the saved profiles, and refuses to remember a login under a name already taken', async () => {
    fake.answer('credentials:list', () => [
      { name: 'Site default', username: 'tech', createdAt: '', updatedAt: '', hasSecret: true },
    ]);
    await driveToContents();
    await userEvent.click(screen.getByRole('button', { name: 'Back' }));
    await screen.findByRole('heading', { level: 2, name: 'Sign in to the controller' });
    await userEvent.click(screen.getByRole('checkbox', { name: 'Remember in keychain as' }));
    const name = screen.getByLabelText('Profile name to remember the login as');
    await userEvent.clear(name);
    await userEvent.type(name, 'Site default');
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(screen.getByRole('alert').textContent).toContain('A profile "Site default" already exists');

    fake.answer('inventory:update', (r) => ({
      id: ID,
      name: HOST,
      host: HOST,
      port: 443,
      site: null,
      username: null,
      credential: r.patch.credential ?? null,
      fingerprint: null,
      target: null,
      notes: null,
    }));
    await userEvent.click(screen.getByRole('radio', { name: /Saved credential profile/ }));
    expect((screen.getByLabelText('Profile') as HTMLSelectElement).value).toBe('Site default');
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await screen.findByRole('heading', { level: 2, name: 'What to back up' });
    // Choosing a profile for this controller gives it that profile in the inventory (main sends a profile's
    // password only to the controllers the inventory assigns it to).
    expect(callsTo('inventory:update')).toEqual([{ id: ID, patch: { credential: 'Site default' } }]);
    // The projects are read again with the new login, and never with a `remember` that would store a profile.
    await waitFor(() =>
      expect(callsTo('controller:envysionProjects').at(-1)).toEqual({
        controllerId: ID,
        credential: { profile: 'Site default' },
      }),
    );
  });
});

describe('wizard step 4: contents', () => {
  it('validates the file name as it is typed, with the rules main applies', async () => {
    await driveToContents();
    const input = screen.getByLabelText('File name') as HTMLInputElement;
    expect(input.value).toBe(HOST.replace(/\./g, '-'));
    await userEvent.clear(input);
    await userEvent.type(input, 'plant/room');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('The file name may not contain ".", "/" or "\\".')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Start backup' }));
    expect(callsTo('backup:start')).toEqual([]);
    await userEvent.clear(input);
    await userEvent.type(input, 'x'.repeat(65));
    expect(screen.getByText('The file name is longer than 64 characters.')).toBeTruthy();
    await userEvent.clear(input);
    expect(input.getAttribute('aria-invalid')).toBeNull();
  });

  it('presets select all or configuration only; each type is shown with its meaning', async () => {
    await driveToContents();
    const checked = () =>
      screen.getAllByRole('checkbox').filter((c) => (c as HTMLInputElement).checked && c.closest('.type-grid'));
    expect(checked()).toHaveLength(13);
    expect(screen.getByText('BACnet trend log data')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'All' }).getAttribute('aria-pressed')).toBe('true');
    await userEvent.click(screen.getByRole('button', { name: 'Configuration only' }));
    expect(checked()).toHaveLength(10);
    expect(screen.getByRole('button', { name: 'Configuration only' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: 'All' }).getAttribute('aria-pressed')).toBe('false');
    expect((screen.getByRole('checkbox', { name: /TRENDLOG/ }) as HTMLInputElement).checked).toBe(false);
    for (const c of checked()) await userEvent.click(c);
    expect(screen.getByText('Choose at least one data type.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Start backup' }));
    expect(callsTo('backup:start')).toEqual([]);
  });

  it('starts with the choices made: target, file name, data types and the ENVYSION projects kept', async () => {
    await driveToContents();
    await userEvent.click(await screen.findByRole('checkbox', { name: 'Roof' }));
    await userEvent.click(screen.getByRole('button', { name: 'Configuration only' }));
    await userEvent.click(screen.getByRole('radio', { name: /USB key/ }));
    expect(screen.getByText(/The backup stays on the USB key/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Start backup' }));
    await screen.findByRole('heading', { level: 2, name: 'Backing up' });
    expect(callsTo('backup:start')).toEqual([
      {
        controllerId: ID,
        credential: { username: 'admin', password: 'secret' },
        target: 'UsbKey',
        fileName: '10-0-0-5',
        dataTypes: [
          'TIMEZONE',
          'WEB_SERVER_CONFIGURATION',
          'WEATHER',
          'NETWORK_CONFIGURATION',
          'USER_MANAGEMENT',
          'CERTIFICATE',
          'HOSTNAME',
          'GFX',
          'BACNET_CONFIGURATION',
          'OPENADR',
        ],
        envysion: ['Lobby'],
      },
    ]);
  });

  it('ENVYSION projects that cannot be read are not fatal: it says why, and the backup takes every project', async () => {
    fake.answer('controller:envysionProjects', () =>
      fail('AUTH_FAILED', 'HTTP 401 from /system/backup', 'The user name or password was refused.'),
    );
    await driveToContents();
    expect(await screen.findByText(/The ENVYSION projects could not be read/)).toBeTruthy();
    expect(screen.getByText(/The user name or password was refused/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Back to sign in' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Start backup' }));
    await screen.findByRole('heading', { level: 2, name: 'Backing up' });
    expect(callsTo('backup:start')).toMatchObject([{ envysion: 'all' }]);
  });

  it('a start refused by main stays on the contents with the reason', async () => {
    fake.answer('backup:start', () =>
      fail(
        'INVALID_INPUT',
        'The controller is already being backed up by another run.',
        'A value given to the tool is not valid.',
      ),
    );
    await driveToContents();
    await userEvent.click(screen.getByRole('button', { name: 'Start backup' }));
    expect(await screen.findByText('A value given to the tool is not valid.')).toBeTruthy();
    expect(stepHeading().textContent).toBe('What to back up');
  });
});
