// @vitest-environment happy-dom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { App } from '../../renderer/src/app';
import { connectEvents } from '../../renderer/src/bridge/events';
import { phaseWords } from '../../renderer/src/components/phase-words';
import { useRuns } from '../../renderer/src/stores/runs';
import { fleet, giveScrollBoxesHeight, record, result } from './support/bulk-fixtures';
import { fail, installFakeEclypse, type FakeEclypse } from './support/fake-eclypse';

let fake: FakeEclypse;
let disconnect: () => void;

beforeEach(() => {
  fake = installFakeEclypse();
  disconnect = connectEvents();
});
afterEach(() => {
  disconnect();
  cleanup();
});

describe('the window frame', () => {
  it('navigates with the left menu and marks the current screen', async () => {
    render(<App />);
    expect(screen.getByRole('heading', { level: 1, name: 'Controllers' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Archive' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Archive' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Archive' }).getAttribute('aria-current')).toBe('page');
  });

  it('the status strip shows the archive folder, the keychain state and the active run with its ETA', async () => {
    fake.answer('credentials:list', () => fail('KEYCHAIN_UNAVAILABLE', 'No Secret Service on this laptop.'));
    render(<App />);
    expect(await screen.findByText('/home/tech/Documents/ECLYPSE Backups')).toBeTruthy();
    expect(screen.getByText('No run in progress')).toBeTruthy();
    expect(screen.getByText('Keychain unavailable')).toBeTruthy();
    act(() =>
      fake.emit('run:progress', {
        type: 'run-progress',
        runId: 'r1',
        total: 10,
        done: 3,
        succeeded: 3,
        failed: 0,
        cancelled: 0,
        running: 2,
        bytes: 1000,
        bytesPerSecond: 500,
        etaSeconds: 125,
      }),
    );
    expect(screen.getByText('Backing up 3 / 10 · about 2 min 5 sec left')).toBeTruthy();
  });

  it('subscribes to main once, in the events module, and feeds controller events to the runs store in batches', async () => {
    expect(fake.listeners('run:controller')).toBe(1);
    for (let i = 0; i < 300; i++) {
      fake.emit('run:controller', {
        type: 'controller',
        runId: 'r1',
        controllerId: `c${i}`,
        status: 'running',
        phase: 'waiting',
        progress: 0.42,
        bytes: 0,
        totalBytes: null,
        message: '',
        attempt: 1,
      });
    }
    await new Promise((r) => setTimeout(r, 80));
    const run = useRuns.getState().live.r1!;
    expect(run.controllerIds).toHaveLength(300);
    expect(phaseWords(run.controllers.c7!)).toBe('Controller is building the backup — 42 %');
  });

  it('a finished run of an earlier session opens from the Archive in Bulk run: its rows, its failures, "Retry failed"', async () => {
    const rows = fleet(3);
    const past = record('r-old', [
      result(rows[0]!),
      result(rows[1]!),
      result(rows[2]!, 'AUTH_FAILED', 'Login refused for "admin"'),
    ]);
    fake.answer('controllers:overview', () => rows);
    fake.answer('runs:list', () => [
      {
        runId: 'r-old',
        sites: ['North'],
        startedAt: past.startedAt,
        finishedAt: past.finishedAt,
        finished: true,
        totals: past.totals,
      },
    ]);
    fake.answer('runs:get', () => past);
    const restoreHeight = giveScrollBoxesHeight(560);
    onTestFinished(restoreHeight);
    render(<App />);
    await userEvent.click(screen.getByRole('button', { name: 'Archive' }));
    await userEvent.click(await screen.findByRole('tab', { name: /^Runs/ }));
    await userEvent.click(
      await screen.findByRole('button', { name: /^Details of the run of .*, controller by controller$/ }),
    );
    expect(await screen.findByRole('heading', { level: 1, name: 'Bulk run' })).toBeTruthy();
    expect(fake.calls.filter((c) => c.channel === 'runs:get').map((c) => c.request)).toEqual([{ runId: 'r-old' }]);
    const failures = await screen.findByRole('article', { name: /Sign-in refused/ });
    expect(within(failures).getByText('AHU-3', { selector: 'li' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Retry failed (1)' })).toBeTruthy();
    // Each controller's row says how it ended, as it did when the run was live.
    const rowText = (name: string): string =>
      within(screen.getByRole('table', { name: 'Controllers of this run' }))
        .getByText(name)
        .closest('tr')?.textContent ?? '';
    expect(rowText('AHU-1')).toContain('Succeeded');
    expect(rowText('AHU-3')).toContain('Sign-in refused');
    // Nothing was started or resumed by looking.
    expect(fake.calls.some((c) => c.channel === 'runs:resume' || c.channel === 'bulk:start')).toBe(false);
  });

  it('looking at an earlier run while another is going on keeps one click back to the live one', async () => {
    const rows = fleet(3);
    const past = record(
      'r-old',
      rows.map((r) => result(r)),
    );
    fake.answer('controllers:overview', () => rows);
    fake.answer('runs:list', () => [
      {
        runId: 'r-old',
        sites: ['North'],
        startedAt: past.startedAt,
        finishedAt: past.finishedAt,
        finished: true,
        totals: past.totals,
      },
    ]);
    fake.answer('runs:get', () => past);
    const restoreHeight = giveScrollBoxesHeight(560);
    onTestFinished(restoreHeight);
    render(<App />);
    act(() => {
      fake.emit('run:progress', {
        type: 'run-progress',
        runId: 'r-live',
        total: 10,
        done: 3,
        succeeded: 3,
        failed: 0,
        cancelled: 0,
        running: 2,
        bytes: 1000,
        bytesPerSecond: 500,
        etaSeconds: 60,
      });
      fake.emit('run:controller', {
        type: 'controller',
        runId: 'r-live',
        controllerId: rows[0]!.controller.id,
        status: 'running',
        phase: 'waiting',
        progress: 0.5,
        bytes: 0,
        totalBytes: null,
        message: '',
        attempt: 1,
      });
    });
    await userEvent.click(screen.getByRole('button', { name: 'Archive' }));
    await userEvent.click(await screen.findByRole('tab', { name: /^Runs/ }));
    await userEvent.click(await screen.findByRole('button', { name: /^Details of the run of / }));
    const banner = await screen.findByRole('region', { name: 'Run in progress' });
    expect(banner.textContent).toContain('3 of 10 backed up');
    await userEvent.click(within(banner).getByRole('button', { name: 'Show it' }));
    expect(screen.queryByRole('region', { name: 'Run in progress' })).toBeNull();
    expect(screen.queryByRole('heading', { name: /controllers backed up/ })).toBeNull();
  });
});
