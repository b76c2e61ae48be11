import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createElement } from 'react';
import type {
  CertificateInfo,
  ControllerEvent,
  ControllerOverview,
  ControllerRunResult,
  ProbeResult,
  RunRecord,
} from '../../../preload/api';
import { WizardScreen } from '../../../renderer/src/screens/wizard/wizard-screen';
import { useNavigation } from '../../../renderer/src/stores/navigation';
import { useWizard } from '../../../renderer/src/stores/wizard';
import type { FakeEclypse } from './fake-eclypse';

/** The certificate the fake controller shows. */
export const CERT: CertificateInfo = {
  fingerprint: 'AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99',
  subject: 'CN=AHU-1, O=Distech Controls Inc.',
  issuer: 'CN=AHU-1, O=Distech Controls Inc.',
  validFrom: '2020-01-01T00:00:00.000Z',
  validTo: '2023-01-01T00:00:00.000Z',
  expired: true,
  selfSigned: true,
  serialNumber: '01',
  caTrusted: false,
};

/** The fingerprint pinned before the controller was reset: differs from CERT in its first pair of bytes only. */
export const OLD_FINGERPRINT = `12:34:${CERT.fingerprint.slice(6)}`;

/** The fake controller's address. */
export const HOST = '10.0.0.5';
/** Its inventory id (`host:port`). */
export const ID = `${HOST}:443`;
/** The run id backup:start answers with. */
export const RUN_ID = 'run-1';

/** A probe answer in a given pin state. */
export function probed(pinState: ProbeResult['pinState']): ProbeResult {
  return {
    certificate: CERT,
    pinState,
    pinnedFingerprint: pinState === 'unknown' ? null : pinState === 'pinned' ? CERT.fingerprint : OLD_FINGERPRINT,
  };
}

/** An inventory row for the controller at HOST. */
export function overviewRow(patch: Partial<ControllerOverview['controller']> = {}): ControllerOverview {
  return {
    controller: {
      id: ID,
      name: 'AHU-1',
      host: HOST,
      port: 443,
      site: 'North',
      username: null,
      credential: null,
      fingerprint: null,
      target: null,
      notes: null,
      ...patch,
    },
    pinnedFingerprint: CERT.fingerprint,
    certState: 'pinned',
    lastBackup: null,
    lastRun: null,
  };
}

/** A controller event of the wizard's run. */
export function controllerEvent(patch: Partial<ControllerEvent>): ControllerEvent {
  return {
    type: 'controller',
    runId: RUN_ID,
    controllerId: ID,
    status: 'running',
    phase: 'connecting',
    progress: 0,
    bytes: 0,
    totalBytes: null,
    message: '',
    attempt: 1,
    ...patch,
  };
}

/** The finished run's record with one controller result. */
export function runRecord(result: Partial<ControllerRunResult>): RunRecord {
  const r: ControllerRunResult = {
    controllerId: ID,
    name: 'AHU-1',
    site: 'North',
    host: HOST,
    port: 443,
    status: 'succeeded',
    verdict: 'ready',
    verdictReason: null,
    attempts: 1,
    device: null,
    backup: null,
    error: null,
    startedAt: '2026-11-28T16:00:00.000Z',
    finishedAt: '2026-11-28T16:01:00.000Z',
    ...result,
  };
  const ok = r.status === 'succeeded' ? 1 : 0;
  return {
    runId: RUN_ID,
    sites: ['North'],
    technician: 'tech',
    laptop: 'laptop',
    toolVersion: '0.1.0',
    startedAt: r.startedAt!,
    finishedAt: r.finishedAt,
    options: { target: 'Device', dataTypes: [], concurrency: 1, perSite: null },
    totals: {
      total: 1,
      succeeded: ok,
      failed: r.status === 'failed' ? 1 : 0,
      cancelled: r.status === 'cancelled' ? 1 : 0,
      ready: ok,
      readyWithWarning: 0,
      notReady: 1 - ok,
      bytes: r.backup?.bytes ?? 0,
    },
    results: [r],
  };
}

/** Answers for a controller seen for the first time whose backup starts as RUN_ID. */
export function programFirstContact(fake: FakeEclypse): void {
  fake.answer('controller:probe', () => probed('unknown'));
  fake.answer('controller:trust', (r) => ({
    fingerprint: r.fingerprint,
    subject: CERT.subject,
    pinnedAt: '2026-11-28T16:00:00.000Z',
  }));
  fake.answer('inventory:add', (r) => ({
    id: `${r.host.toLowerCase()}:${r.port ?? 443}`,
    name: r.name,
    host: r.host,
    port: r.port ?? 443,
    site: r.site ?? null,
    username: null,
    credential: null,
    fingerprint: null,
    target: null,
    notes: null,
  }));
  fake.answer('controller:envysionProjects', () => ['Lobby', 'Roof']);
  fake.answer('backup:start', () => ({ runId: RUN_ID }));
  fake.answer('run:cancel', () => null);
  fake.answer('archive:reveal', () => null);
}

/** Opens the wizard afresh (as the navigation does) and renders it. */
export function renderWizard(controllerId: string | null = null): void {
  useWizard.setState(useWizard.getInitialState(), true);
  act(() => useNavigation.getState().openWizard(controllerId));
  render(createElement(WizardScreen));
}

/** The current step's heading (level 2). */
export function stepHeading(): HTMLElement {
  return screen.getByRole('heading', { level: 2 });
}

/** Address → trust → sign in with a password → the Contents step. */
export async function driveToContents(): Promise<void> {
  renderWizard();
  await userEvent.type(screen.getByLabelText('IP address or host name'), HOST);
  await userEvent.click(screen.getByRole('button', { name: 'Check certificate' }));
  await userEvent.click(await screen.findByRole('button', { name: 'Trust this certificate' }));
  await userEvent.click(await screen.findByRole('button', { name: 'Continue' }));
  await screen.findByRole('heading', { level: 2, name: 'Sign in to the controller' });
  await userEvent.type(screen.getByLabelText('User name', { exact: true }), 'admin');
  await userEvent.type(screen.getByLabelText('Password'), 'secret{Enter}');
  await screen.findByRole('heading', { level: 2, name: 'What to back up' });
}

/** Contents → Start backup → the Back up step. */
export async function driveToRun(): Promise<void> {
  await driveToContents();
  await userEvent.click(screen.getByRole('button', { name: 'Start backup' }));
  await screen.findByRole('heading', { level: 2, name: 'Backing up' });
}
