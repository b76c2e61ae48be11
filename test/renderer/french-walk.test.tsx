// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ControllerOverview } from '../../preload/api';
import { APP_MESSAGES } from '../../shared/messages/app';
import { App } from '../../renderer/src/app';
import { connectEvents } from '../../renderer/src/bridge/events';
import { useLanguage } from '../../renderer/src/i18n/language';
import { useNavigation } from '../../renderer/src/stores/navigation';
import {
  controllerEvent,
  fleet,
  giveScrollBoxesHeight,
  preflightOf,
  progressEvent,
  record,
  resetBulk,
  result,
} from './support/bulk-fixtures';
import { installFakeEclypse, type FakeEclypse } from './support/fake-eclypse';
import { CERT, OLD_FINGERPRINT } from './support/wizard-fixtures';
import { englishOnlyRuns } from '../support/english-runs';

const ENGLISH_ONLY = englishOnlyRuns(APP_MESSAGES.en, APP_MESSAGES['fr-CA']);

/** Everything the screen says: text, and the names and hints of controls (aria-label, title, placeholder). */
function everythingSaid(): string {
  const attributes = [...document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt]')].flatMap((e) =>
    ['aria-label', 'title', 'placeholder', 'alt'].map((a) => e.getAttribute(a) ?? ''),
  );
  return `${document.body.textContent ?? ''}\n${attributes.join('\n')}`;
}

/** Fails with the English left on the screen, naming where the walk was. */
function expectFrench(where: string): void {
  const said = everythingSaid();
  expect(
    ENGLISH_ONLY.filter((f) => said.includes(f)),
    where,
  ).toEqual([]);
}

const HOUR = 3600_000;
let fake: FakeEclypse;
let disconnect: () => void;
let restoreHeight: () => void;
const rows: ControllerOverview[] = fleet(6, ['North', 'South']).map((r, i) => ({
  ...r,
  certState: i === 1 ? 'changed' : i === 2 ? 'unknown' : 'pinned',
  lastBackup:
    i < 3
      ? {
          path: `North/${r.controller.name}/x.ecybackup`,
          finishedAt: new Date(Date.now() - (i + 1) * 40 * 24 * HOUR).toISOString(),
          bytes: 2_400_000,
          sha256: 'ab'.repeat(32),
          verdict: i === 0 ? 'ready' : i === 1 ? 'ready-with-warning' : 'not-ready',
          verdictReason:
            i === 1
              ? 'The controller did not report whether this backup can be restored.'
              : i === 2
                ? 'The controller says this backup cannot be restored: ERROR_MISSMATCH'
                : null,
          modelName: 'ECY-S1000 Rev 1.0A',
          softwareVersion: '1.18.2',
        }
      : null,
  lastRun:
    i === 4
      ? { runId: 'r0', at: new Date().toISOString(), status: 'failed', errorCode: 'AUTH_FAILED', message: 'refused' }
      : null,
}));

beforeEach(() => {
  fake = installFakeEclypse({
    'settings:get': () => ({
      archiveFolder: '/home/tech/Documents/ECLYPSE Backups',
      concurrency: 4,
      perSite: null,
      connectTimeoutSeconds: 15,
      jobTimeoutMinutes: 30,
      format: 'json',
      language: 'fr-CA',
      density: 'comfortable',
      warning: null,
    }),
    'controllers:overview': () => rows,
    'credentials:list': () => [
      {
        name: 'Site default',
        username: 'admin',
        createdAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-01-01T00:00:00Z',
        hasSecret: true,
      },
    ],
    'archive:list': () =>
      rows
        .filter((r) => r.lastBackup)
        .map((r) => ({
          path: r.lastBackup!.path,
          site: r.controller.site,
          controller: r.controller.name,
          deviceFileName: r.controller.name,
          bytes: 2_400_000,
          sha256: 'ab'.repeat(32),
          compatibility: 'OK',
          finishedAt: r.lastBackup!.finishedAt,
          verdict: r.lastBackup!.verdict,
          verdictReason: r.lastBackup!.verdictReason,
        })),
    'runs:list': () => [
      {
        runId: 'r0',
        sites: ['North'],
        startedAt: '2026-11-20T09:58:00.000Z',
        finishedAt: '2026-11-20T10:04:00.000Z',
        finished: true,
        totals: {
          total: 6,
          succeeded: 4,
          failed: 2,
          cancelled: 0,
          ready: 3,
          readyWithWarning: 1,
          notReady: 0,
          bytes: 9_600_000,
        },
      },
    ],
    'controller:probe': () => ({
      certificate: CERT,
      pinState: 'changed',
      pinnedFingerprint: OLD_FINGERPRINT,
      pinned: {
        subject: CERT.subject,
        issuer: CERT.issuer,
        validFrom: CERT.validFrom,
        validTo: CERT.validTo,
        pinnedAt: '2026-01-01T00:00:00Z',
      },
    }),
    'bulk:preflight': (r) =>
      preflightOf(
        rows.filter((x) => r.controllerIds.includes(x.controller.id)),
        { [rows[3]!.controller.id]: 'AUTH_FAILED', [rows[5]!.controller.id]: 'UNREACHABLE' },
      ),
    'bulk:start': () => ({ runId: 'r1' }),
    'archive:verify': () =>
      ({
        archiveRoot: '/a',
        checkedAt: new Date().toISOString(),
        ok: false,
        totals: { entries: 3, ok: 2, changed: 1, missing: 0, orphaned: 0, invalidSidecar: 0, okBytes: 4_800_000 },
        entries: [],
      }) as never,
    'archive:prune': () => ({
      archiveRoot: '/a',
      keep: 3,
      dryRun: true,
      folders: [],
      totals: { folders: 3, kept: 3, deleted: 0, failed: 0, bytesFreed: 0, untouched: 0 },
    }),
  });
  resetBulk();
  disconnect = connectEvents();
  restoreHeight = giveScrollBoxesHeight(560);
});
afterEach(() => {
  disconnect();
  cleanup();
  restoreHeight();
  useLanguage.getState().apply('en');
});

const nav = (name: string) => userEvent.click(within(screen.getByRole('navigation')).getByRole('button', { name }));

describe('every screen in French', () => {
  it('the walk finds English when it is left (the check is not vacuous)', () => {
    expect(ENGLISH_ONLY.length).toBeGreaterThan(300);
    expect(ENGLISH_ONLY).toContain('Check the certificate');
  });

  it('says nothing from the English catalogue on any screen, state or dialog', async () => {
    useNavigation.getState().go('controllers');
    render(<App />);
    await screen.findByRole('heading', { level: 1, name: 'Contrôleurs' });
    await screen.findByText('AHU-1');
    expectFrench('controllers board');
    await userEvent.click(screen.getByRole('button', { name: 'Autres actions pour AHU-2' }));
    expectFrench('row menu');
    await userEvent.click(screen.getByRole('menuitem', { name: 'Modifier…' }));
    expectFrench('edit drawer');
    await userEvent.click(screen.getByRole('button', { name: 'Retirer…' }));
    expectFrench('remove dialog');
    await userEvent.click(screen.getByRole('button', { name: 'Le garder' }));
    await userEvent.click(screen.getByRole('button', { name: 'Importer un CSV…' }));
    expectFrench('import');

    // The wizard, through a changed certificate.
    await nav('Sauvegarder un');
    expectFrench('wizard address');
    await userEvent.type(screen.getByLabelText('Adresse IP ou nom d’hôte'), '10.0.0.5{Enter}');
    await screen.findByRole('heading', { level: 2, name: 'Le certificat a changé' });
    expectFrench('wizard certificate changed');

    // Bulk: choose, check, run, outcome.
    await nav('Sauvegarde en lot');
    await userEvent.click(await screen.findByRole('button', { name: 'Tout choisir (6)' }));
    expectFrench('bulk setup');
    await userEvent.click(screen.getByRole('button', { name: 'Vérifier 6 contrôleurs' }));
    await screen.findByRole('group', { name: 'Connexion refusée' });
    expectFrench('pre-flight');
    await userEvent.click(screen.getByRole('button', { name: 'Lancer quand même les 6' }));
    const ids = rows.map((r) => r.controller.id);
    act(() => {
      fake.emit(
        'run:controller',
        controllerEvent('r1', ids[0]!, {
          phase: 'downloading',
          progress: 0.5,
          bytes: 1_200_000,
          totalBytes: 2_400_000,
        }),
      );
      fake.emit('run:controller', controllerEvent('r1', ids[1]!, { phase: 'waiting', progress: 0.4 }));
      fake.emit('run:controller', controllerEvent('r1', ids[2]!, { status: 'retry-wait', phase: null, attempt: 1 }));
      fake.emit(
        'run:progress',
        progressEvent('r1', {
          total: 6,
          done: 1,
          succeeded: 1,
          running: 2,
          bytes: 2_400_000,
          bytesPerSecond: 1_000_000,
          etaSeconds: 90,
        }),
      );
    });
    await act(() => new Promise((r) => setTimeout(r, 60)));
    expectFrench('run under way');
    await userEvent.click(screen.getByRole('button', { name: 'Annuler la sauvegarde en lot…' }));
    expectFrench('cancel run dialog');
    await userEvent.click(screen.getByRole('button', { name: 'Continuer' }));
    const results = [
      result(rows[0]!),
      result(rows[1]!),
      {
        ...result(rows[2]!),
        verdict: 'not-ready' as const,
        verdictReason: 'The controller says this backup cannot be restored: ERROR_X',
      },
      result(rows[3]!, 'AUTH_FAILED'),
      result(rows[4]!, 'CERT_CHANGED'),
      result(rows[5]!, 'UNREACHABLE'),
    ];
    act(() => fake.emit('run:finished', { runId: 'r1', record: record('r1', results) }));
    await screen.findByRole('heading', { name: '3 contrôleurs sur 6 sauvegardés' });
    await userEvent.click(
      within(screen.getByRole('table', { name: 'Contrôleurs de cette sauvegarde en lot' })).getByText('AHU-4'),
    );
    expectFrench('run outcome and a row’s details');

    // Archive: backups, verify, retention, runs.
    await nav('Archive');
    await screen.findByRole('table', { name: 'Sauvegardes par site et par contrôleur' });
    await userEvent.click(screen.getByRole('button', { name: 'Tout vérifier' }));
    await screen.findByRole('heading', { name: /votre attention/ });
    await userEvent.click(screen.getByRole('button', { name: 'Aperçu (rien n’est supprimé)' }));
    await screen.findByText(/Rien ne serait supprimé/);
    expectFrench('archive backups');
    await userEvent.click(screen.getByRole('tab', { name: 'Sauvegardes en lot (1)' }));
    expectFrench('archive runs');

    // Settings.
    await nav('Réglages');
    await screen.findByRole('heading', { name: 'Sauvegardes en lot et délais' });
    await waitFor(() => expectFrench('settings'));
  }, 30_000);
});
