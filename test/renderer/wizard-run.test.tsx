// @vitest-environment happy-dom
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ERROR_CODES } from '../../shared/errors';
import { useLanguage } from '../../renderer/src/i18n/language';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectEvents } from '../../renderer/src/bridge/events';
import { pathInArchive } from '../../renderer/src/screens/wizard/archive-path';
import { failureRoute } from '../../renderer/src/screens/wizard/failure-routes';
import { nextRate } from '../../renderer/src/screens/wizard/transfer-rate';
import { useNavigation } from '../../renderer/src/stores/navigation';
import { controllerIdOf, useWizard } from '../../renderer/src/stores/wizard';
import { installFakeEclypse, type FakeEclypse } from './support/fake-eclypse';
import { render } from '@testing-library/react';
import { ALL_DATA_TYPES } from '../../preload/api';
import { WizardScreen } from '../../renderer/src/screens/wizard/wizard-screen';
import { useInventory } from '../../renderer/src/stores/inventory';
import { useSettings } from '../../renderer/src/stores/settings';
import {
  CERT,
  controllerEvent,
  driveToContents,
  driveToRun,
  ID,
  OLD_FINGERPRINT,
  overviewRow,
  probed,
  programFirstContact,
  RUN_ID,
  runRecord,
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
  vi.restoreAllMocks();
  disconnect();
  cleanup();
});

const callsTo = (channel: string) => fake.calls.filter((c) => c.channel === channel).map((c) => c.request);
const MB = 1_000_000;
const SHA = '4f96c2f111a0d4b7d96025e363b813e12b7676464f1e9cc96b6cc40b91523ac4';
const ARCHIVE = '/home/tech/Documents/ECLYPSE Backups';
const FILE = `${ARCHIVE}/North/AHU-1/AHU-1_20261128_160100.ecybackup`;

/** Emits controller events of the wizard's run and waits for them to reach the screen (batched per frame). */
async function emit(...patches: Array<Parameters<typeof controllerEvent>[0]>): Promise<void> {
  for (const p of patches) act(() => fake.emit('run:controller', controllerEvent(p)));
  await act(() => new Promise((r) => setTimeout(r, 60)));
}

function finish(result: Parameters<typeof runRecord>[0]): void {
  act(() => fake.emit('run:finished', { runId: RUN_ID, record: runRecord(result) }));
}

describe('wizard step 5: the backup running', () => {
  it('says what it is doing in words, with a progress bar and the download rate from successive events', async () => {
    await driveToRun();
    expect(screen.getByRole('status').textContent).toBe('Connecting');
    await emit({ phase: 'waiting', progress: 0.42 });
    expect(screen.getByText('Controller is building the backup — 42 %')).toBeTruthy();
    // The bar says what the words say: the stage's own progress, not a blend of all of them.
    const bar = screen.getByRole('progressbar', { name: 'Controller is building the backup — 42 %' });
    expect(bar.getAttribute('aria-valuenow')).toBe('42');
    expect(
      screen.getByRole('list', { name: 'Stages of the backup' }).querySelector('[aria-current="step"]')?.textContent,
    ).toBe('Build');

    let now = 1_000_000;
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    await emit({ phase: 'downloading', progress: 0.25, bytes: 56 * MB, totalBytes: 240 * MB });
    expect(screen.getByText('Downloading 56 MB of 240 MB')).toBeTruthy();
    now += 2000;
    await emit({ phase: 'downloading', progress: 0.49, bytes: 118 * MB, totalBytes: 240 * MB });
    expect(screen.getByText('Downloading 118 MB of 240 MB · 31 MB/s')).toBeTruthy();
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('49');
    // No byte for a while: the last rate is not shown as if the download still went on.
    now += 4000;
    expect(
      await screen.findByText('Downloading 118 MB of 240 MB · no data for 4 s', undefined, { timeout: 2500 }),
    ).toBeTruthy();
    now += 500;
    await emit({ phase: 'downloading', progress: 0.5, bytes: 120 * MB, totalBytes: 240 * MB });
    expect(screen.getByText(/^Downloading 120 MB of 240 MB · \d+ MB\/s$/)).toBeTruthy();
    await emit({ phase: 'verifying', progress: 0 });
    expect(screen.getByText('Verifying')).toBeTruthy();
    await emit({ phase: 'done', progress: 1, status: 'succeeded' });
    expect(screen.getByText('Saved')).toBeTruthy();
  });

  it('a backup that fails before main has even answered the start still shows its result', async () => {
    fake.answer('backup:start', () => {
      // A changed certificate fails in milliseconds: the run's end reaches the window before the start's answer.
      fake.emit('run:finished', {
        runId: RUN_ID,
        record: runRecord({
          status: 'failed',
          verdict: 'not-ready',
          error: { code: 'CERT_CHANGED', message: 'Changed', hint: "The controller's certificate changed." },
        }),
      });
      return { runId: RUN_ID };
    });
    await driveToContents();
    await userEvent.click(screen.getByRole('button', { name: 'Start backup' }));
    await screen.findByRole('heading', { level: 2, name: 'Backup failed' });
    expect(screen.getByRole('button', { name: 'Check the certificate' })).toBeTruthy();
  });

  it('opening the wizard again while its backup runs keeps the live run on screen', async () => {
    await driveToRun();
    await emit({ phase: 'waiting', progress: 0.3 });
    act(() => useNavigation.getState().go('archive'));
    act(() => useNavigation.getState().openWizard(null));
    expect(stepHeading().textContent).toBe('Backing up');
    expect(screen.getByText('Controller is building the backup — 30 %')).toBeTruthy();
    finish({
      status: 'cancelled',
      verdict: 'not-ready',
      error: { code: 'CANCELLED', message: 'Cancelled.', hint: 'Cancelled.' },
    });
    await screen.findByRole('heading', { level: 2, name: 'Backup cancelled' });
    // Once it is over, opening the wizard starts afresh.
    act(() => useNavigation.getState().openWizard(null));
    await screen.findByRole('heading', { level: 2, name: 'Which controller?' });
  });

  it('the footer\'s "Cancel backup…" asks first too, with the safe answer focused', async () => {
    await driveToRun();
    await emit({ phase: 'waiting', progress: 0.1 });
    await userEvent.click(screen.getByRole('button', { name: 'Cancel backup…' }));
    const ask = screen.getByRole('alertdialog', { name: 'Stop this backup?' });
    expect(document.activeElement).toBe(within(ask).getByRole('button', { name: 'Keep backing up' }));
    expect(callsTo('run:cancel')).toEqual([]);
    // Enter on the focused button keeps the backup going: a slip of the finger stops nothing.
    await userEvent.keyboard('{Enter}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(callsTo('run:cancel')).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel backup…' }));
    await userEvent.click(screen.getByRole('button', { name: 'Stop the backup' }));
    expect(callsTo('run:cancel')).toEqual([{ runId: RUN_ID }]);
  });

  it('Esc asks first while the backup runs; Esc again keeps it going, "Stop the backup" cancels', async () => {
    await driveToRun();
    await emit({ phase: 'waiting', progress: 0.1 });
    await userEvent.keyboard('{Escape}');
    const ask = screen.getByRole('alertdialog', { name: 'Stop this backup?' });
    expect(document.activeElement).toBe(within(ask).getByRole('button', { name: 'Keep backing up' }));
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(callsTo('run:cancel')).toEqual([]);
    expect(stepHeading().textContent).toBe('Backing up');

    await userEvent.keyboard('{Escape}');
    await userEvent.click(screen.getByRole('button', { name: 'Stop the backup' }));
    expect(callsTo('run:cancel')).toEqual([{ runId: RUN_ID }]);
    finish({
      status: 'cancelled',
      verdict: 'not-ready',
      error: { code: 'CANCELLED', message: 'Cancelled.', hint: 'The backup was cancelled.' },
    });
    await screen.findByRole('heading', { level: 2, name: 'Backup cancelled' });
    expect(screen.getByText('The backup was cancelled. Nothing partial was kept on this laptop.')).toBeTruthy();
  });
});

describe('one click from a trusted controller with a saved profile', () => {
  it('"Back up" goes straight to the running backup: the certificate is checked, decided steps are shown as decided, nothing is asked', async () => {
    programFirstContact(fake);
    fake.answer('controller:probe', () => probed('pinned'));
    fake.answer('controllers:overview', () => [overviewRow({ credential: 'Site', target: 'Device' })]);
    fake.answer('credentials:list', () => [
      {
        name: 'Site',
        username: 'admin',
        createdAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-01-01T00:00:00Z',
        hasSecret: true,
      },
    ]);
    await act(async () => {
      await useInventory.getState().load();
      await useSettings.getState().loadProfiles();
    });
    useWizard.setState(useWizard.getInitialState(), true);
    act(() => useNavigation.getState().openWizard(ID, { express: true }));
    render(<WizardScreen />);
    await screen.findByRole('heading', { level: 2, name: 'Backing up' });
    expect(callsTo('backup:start')).toEqual([
      {
        controllerId: ID,
        credential: { profile: 'Site' },
        target: 'Device',
        fileName: 'AHU-1',
        dataTypes: ALL_DATA_TYPES,
        envysion: 'all',
      },
    ]);
    expect(callsTo('controller:probe')).toHaveLength(1);
    const steps = screen.getByRole('list', { name: 'Steps' });
    expect([...steps.querySelectorAll('li')].map((li) => li.className.replace('stepper-item ', ''))).toEqual([
      'skipped',
      'skipped',
      'skipped',
      'skipped',
      'current',
      'todo',
    ]);
    expect(within(steps).getByText('Sign in').textContent).toContain('(decided already)');
  });

  it('stops on the certificate when it changed (nothing is sent), and without a stored password asks for it', async () => {
    programFirstContact(fake);
    fake.answer('controller:probe', () => probed('changed'));
    fake.answer('controllers:overview', () => [overviewRow({ credential: 'Site' })]);
    fake.answer('credentials:list', () => [
      {
        name: 'Site',
        username: 'admin',
        createdAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-01-01T00:00:00Z',
        hasSecret: true,
      },
    ]);
    await act(async () => {
      await useInventory.getState().load();
      await useSettings.getState().loadProfiles();
    });
    useWizard.setState(useWizard.getInitialState(), true);
    act(() => useNavigation.getState().openWizard(ID, { express: true }));
    render(<WizardScreen />);
    await screen.findByRole('heading', { level: 2, name: 'The certificate changed' });
    expect(callsTo('backup:start')).toEqual([]);
  });

  it('a failed backup crosses its step out (never a green tick on something that did not work)', async () => {
    await driveToRun();
    finish({
      status: 'failed',
      verdict: 'not-ready',
      error: { code: 'JOB_FAILED', message: 'Job failed', hint: 'The controller could not build the backup.' },
    });
    await screen.findByRole('heading', { level: 2, name: 'Backup failed' });
    const item = screen.getByRole('list', { name: 'Steps' }).querySelector('[data-step="backup"]')!;
    expect(item.className).toContain('failed');
    expect(item.textContent).toContain('(failed)');
  });
});

describe('wizard step 6: the result', () => {
  it('a saved backup: file, size, SHA-256 grouped, verdict with reason; Show in folder reveals it relative to the archive', async () => {
    await driveToRun();
    finish({
      verdict: 'ready-with-warning',
      verdictReason: 'Compatibility: Partial',
      backup: {
        target: 'Device',
        deviceFileName: 'AHU-1_20261128_160100',
        file: FILE,
        sidecar: `${FILE}.json`,
        bytes: 3_200_000,
        sha256: SHA,
        dataTypes: [],
        envysionProjects: [],
        compatibility: 'Partial',
        jobId: '1',
      },
      warnings: ['Backups are piling up on the controller: it holds 14 backups.'],
    });
    const heading = await screen.findByRole('heading', { level: 2, name: 'Backup saved' });
    // What the technician should know although the backup is fine is on the result, not only in a report.
    expect(
      within(screen.getByRole('region', { name: 'Worth a look' })).getByText(/piling up.*14 backups/),
    ).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(screen.getByTestId('backup-file').textContent).toBe(FILE);
    expect(screen.getByText('3.2 MB')).toBeTruthy();
    const sha = screen.getByLabelText('SHA-256 of the backup');
    expect(sha.getAttribute('data-value')).toBe(SHA);
    expect(sha.querySelectorAll('.fp-group')).toHaveLength(16);
    expect(screen.getByText('Ready with warning')).toBeTruthy();
    expect(screen.getByText('Compatibility: Partial')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Show in folder' }));
    expect(callsTo('archive:reveal')).toEqual([{ path: 'North/AHU-1/AHU-1_20261128_160100.ecybackup' }]);

    // Enter on a focused button presses that button; from the heading it takes the step's main action.
    heading.focus();
    await userEvent.keyboard('{Enter}');
    await screen.findByRole('heading', { level: 2, name: 'Which controller?' });
    expect(callsTo('archive:reveal')).toHaveLength(1);
    expect(useWizard.getState().runId).toBeNull();
  });

  it('AUTH_FAILED: the hint first, the code folded, and "Back to sign in" as the way forward', async () => {
    await driveToRun();
    finish({
      status: 'failed',
      verdict: 'not-ready',
      error: {
        code: 'AUTH_FAILED',
        message: 'HTTP 401 from /api/rest/v1/info/device',
        hint: 'The user name or password was refused.',
      },
    });
    await screen.findByRole('heading', { level: 2, name: 'Backup failed' });
    const panel = screen.getByRole('alert');
    expect(panel.querySelector('.error-title')?.textContent).toBe('The user name or password was refused.');
    expect(within(panel).getByText('Details for support').closest('details')?.open).toBe(false);
    expect(within(panel).getByText('AUTH_FAILED')).toBeTruthy();
    await userEvent.click(within(panel).getByRole('button', { name: 'Back to sign in' }));
    await screen.findByRole('heading', { level: 2, name: 'Sign in to the controller' });
  });

  it('CERT_CHANGED: both fingerprints, and "Check the certificate" probes again and shows the change', async () => {
    await driveToRun();
    fake.answer('controller:probe', () => probed('changed'));
    finish({
      status: 'failed',
      verdict: 'not-ready',
      error: {
        code: 'CERT_CHANGED',
        message: 'Certificate changed',
        hint: "The controller's certificate changed.",
        expectedFingerprint: OLD_FINGERPRINT,
        actualFingerprint: CERT.fingerprint,
      },
    });
    await screen.findByRole('heading', { level: 2, name: 'Backup failed' });
    expect(screen.getByLabelText('Trusted fingerprint').getAttribute('data-value')).toBe(OLD_FINGERPRINT);
    expect(screen.getByLabelText('New fingerprint').getAttribute('data-value')).toBe(CERT.fingerprint);
    const probes = callsTo('controller:probe').length;
    // Enter takes the way forward the panel offers.
    await userEvent.keyboard('{Enter}');
    await screen.findByRole('heading', { level: 2, name: 'The certificate changed' });
    expect(callsTo('controller:probe')).toHaveLength(probes + 1);
  });

  it('a transient failure offers "Try again", which starts the same backup again', async () => {
    await driveToRun();
    finish({
      status: 'failed',
      verdict: 'not-ready',
      error: { code: 'TIMEOUT', message: 'No answer in 15 s', hint: 'The controller stopped answering in time.' },
    });
    await screen.findByRole('heading', { level: 2, name: 'Backup failed' });
    fake.answer('backup:start', () => ({ runId: 'run-2' }));
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByRole('heading', { level: 2, name: 'Backing up' });
    const starts = callsTo('backup:start');
    expect(starts).toHaveLength(2);
    expect(starts[1]).toEqual(starts[0]);
    expect(useWizard.getState().runId).toBe('run-2');
  });

  it('a remembered login is used as its profile on a retry (main refuses to create a profile twice)', async () => {
    fake.answer('credentials:list', () => []);
    await driveToRun();
    // driveToRun signs in without remembering: check the retry of a remembered one directly on the store.
    act(() =>
      useWizard.setState((s) => ({
        step: 'contents',
        signIn: { ...s.signIn, mode: 'password', remember: true, rememberAs: 'North' },
      })),
    );
    await act(() => useWizard.getState().start());
    expect(callsTo('backup:start').at(-1)).toMatchObject({
      credential: { username: 'admin', password: 'secret', remember: 'North' },
    });
    finish({
      status: 'failed',
      verdict: 'not-ready',
      error: { code: 'TIMEOUT', message: 'No answer', hint: 'Try again.' },
    });
    await screen.findByRole('heading', { level: 2, name: 'Backup failed' });
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(callsTo('backup:start').at(-1)).toMatchObject({ credential: { profile: 'North' } }));
  });
});

describe('wizard helpers', () => {
  it('nextRate: no rate from one reading, then bytes over time, smoothed; a restart forgets the old rate', () => {
    const first = nextRate(null, 0, 0);
    expect(first.rate).toBeNull();
    const second = nextRate(first, 10 * MB, 1000);
    expect(second.rate).toBe(10 * MB);
    const third = nextRate(second, 30 * MB, 2000);
    expect(third.rate).toBe(10 * MB + 0.3 * (20 * MB - 10 * MB));
    expect(nextRate(third, 30 * MB, 2000).rate).toBe(third.rate);
    expect(nextRate(third, 1 * MB, 3000).rate).toBeNull();
  });

  it('pathInArchive: relative to the archive folder, either separator, Windows drive letters in any case', () => {
    expect(pathInArchive('/a/archive/North/x.ecybackup', '/a/archive')).toBe('North/x.ecybackup');
    expect(pathInArchive('/a/archive/North/x.ecybackup', '/a/archive/')).toBe('North/x.ecybackup');
    expect(pathInArchive('C:\\Backups\\North\\x.ecybackup', 'c:\\backups')).toBe('North\\x.ecybackup');
    expect(pathInArchive('/a/archive-old/x.ecybackup', '/a/archive')).toBe('/a/archive-old/x.ecybackup');
    expect(pathInArchive('/a/archive/x', null)).toBe('/a/archive/x');
  });

  it('failureRoute: the step that fixes each kind of failure', () => {
    const t = useLanguage.getState().t;
    const said = (code: Parameters<typeof failureRoute>[0]) => ({
      label: t(failureRoute(code).label),
      step: failureRoute(code).step,
    });
    expect(said('AUTH_FAILED')).toEqual({ label: 'Back to sign in', step: 'signin' });
    expect(said('CERT_CHANGED')).toEqual({ label: 'Check the certificate', step: 'certificate' });
    expect(failureRoute('USB_KEY_MISSING').step).toBe('contents');
    expect(said('DOWNLOAD_INCOMPLETE')).toEqual({ label: 'Try again', step: 'retry' });
    // Every code the core has gets a way forward (the table is total: a new code does not compile without one).
    expect(ERROR_CODES.filter((c) => !failureRoute(c))).toEqual([]);
  });

  it('controllerIdOf: the inventory id, host lower-cased', () => {
    expect(controllerIdOf(' AHU-1.Plant.Local ', 8443)).toBe('ahu-1.plant.local:8443');
  });
});
