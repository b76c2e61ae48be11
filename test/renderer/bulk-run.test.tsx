// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../renderer/src/app';
import { connectEvents } from '../../renderer/src/bridge/events';
import { phaseWords } from '../../renderer/src/components/phase-words';
import { useBulk } from '../../renderer/src/stores/bulk';
import { useInventory } from '../../renderer/src/stores/inventory';
import { useNavigation } from '../../renderer/src/stores/navigation';
import {
  controllerEvent,
  fleet,
  giveScrollBoxesHeight,
  overview,
  progressEvent,
  record,
  resetBulk,
  result,
} from './support/bulk-fixtures';
import { fail, installFakeEclypse, type FakeEclypse } from './support/fake-eclypse';

// Counted, to prove that one controller's change renders one row, not the table.
vi.mock('../../renderer/src/components/phase-words', async (original) => {
  const real = await original<typeof import('../../renderer/src/components/phase-words')>();
  return { ...real, phaseWords: vi.fn(real.phaseWords) };
});

let fake: FakeEclypse;
let disconnect: () => void;
let restoreHeight: () => void;

beforeEach(() => {
  fake = installFakeEclypse();
  resetBulk();
  disconnect = connectEvents();
  restoreHeight = giveScrollBoxesHeight(560);
});
afterEach(() => {
  disconnect();
  cleanup();
  restoreHeight();
});

/** The app on the Bulk run screen with a run of `rows` started (bulk:start answered `runId`). */
async function startedRun(rows = fleet(10), runId = 'r1'): Promise<string[]> {
  const ids = rows.map((r) => r.controller.id);
  fake.answer('controllers:overview', () => rows);
  fake.answer('bulk:start', () => ({ runId }));
  fake.answer('run:cancel', () => null);
  render(<App />);
  act(() => useNavigation.getState().openBulk(ids));
  await screen.findByRole('button', { name: `Check ${ids.length} controllers` });
  await act(() => useBulk.getState().start());
  await screen.findByRole('table', { name: 'Controllers of this run' });
  return ids;
}

/** Lets the events module apply its batched controller events (it waits for an animation frame). */
const frame = () => act(() => new Promise((r) => setTimeout(r, 60)));
const rowOf = (name: string) =>
  within(screen.getByRole('table', { name: 'Controllers of this run' }))
    .getByText(name)
    .closest('tr') as HTMLElement;

describe('a bulk run as it goes', () => {
  it('shows each controller with its phase in words, a progress bar and attempts, and the summary bar on top', async () => {
    const ids = await startedRun();
    expect(rowOf('AHU-1').textContent).toContain('Waiting');
    act(() => {
      fake.emit('run:controller', controllerEvent('r1', ids[0]!, { phase: 'waiting', progress: 0.42 }));
      fake.emit(
        'run:controller',
        controllerEvent('r1', ids[1]!, {
          phase: 'downloading',
          progress: 0.5,
          bytes: 118_000_000,
          totalBytes: 240_000_000,
          attempt: 2,
        }),
      );
      fake.emit('run:controller', controllerEvent('r1', ids[2]!, { status: 'succeeded', phase: 'done', progress: 1 }));
      fake.emit(
        'run:progress',
        progressEvent('r1', {
          total: 10,
          done: 1,
          succeeded: 1,
          running: 2,
          bytes: 5_000_000,
          bytesPerSecond: 31_000_000,
          etaSeconds: 125,
        }),
      );
    });
    await frame();
    expect(rowOf('AHU-1').textContent).toContain('Controller is building the backup — 42 %');
    // The bar measures what the words say: the controller's building stage at 42 %.
    expect(within(rowOf('AHU-1')).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('42');
    expect(rowOf('AHU-2').textContent).toContain('Downloading 118 MB of 240 MB');
    expect(within(rowOf('AHU-2')).getByText('2', { selector: '.cell-num' })).toBeTruthy();
    expect(within(rowOf('AHU-3')).getByText('Succeeded')).toBeTruthy();
    const summary = screen.getByLabelText('Run summary');
    expect(within(summary).getByText('Succeeded', { selector: '.run-count-word' }).previousSibling!.textContent).toBe(
      '1',
    );
    expect(summary.querySelector('[data-count="running"]')!.textContent).toBe('2Running');
    expect(summary.querySelector('[data-count="waiting"]')!.textContent).toBe('7Waiting');
    expect(summary.querySelector('[data-count="failed"]')!.textContent).toBe('0Failed');
    // Failures are not "done": what is backed up, what failed and what runs are said apart.
    expect(summary.textContent).toContain('1 of 10 backed up');
    expect(summary.textContent).toContain('5.0 MB saved');
    expect(summary.textContent).toContain('31 MB/s');
    expect(summary.textContent).toContain('About 2 min 5 sec left');
    // The bar is split by outcome: 10 % saved, 20 % running, nothing failed.
    const bar = within(summary).getByRole('img', {
      name: /^Progress: 1 backed up, 0 failed, 0 cancelled, 2 running, 7 waiting$/,
    });
    expect((bar.querySelector('.seg-good') as HTMLElement).style.width).toBe('10%');
    expect((bar.querySelector('.seg-info') as HTMLElement).style.width).toBe('20%');
    expect((bar.querySelector('.seg-bad') as HTMLElement).style.width).toBe('0%');
  });

  it("shows a done controller's verdict or error code as soon as it is done, before the run ends", async () => {
    const ids = await startedRun();
    act(() => {
      fake.emit(
        'run:controller',
        controllerEvent('r1', ids[0]!, {
          status: 'succeeded',
          phase: 'done',
          progress: 1,
          outcome: {
            verdict: 'ready-with-warning',
            verdictReason: 'WARNING_MISSMATCH_FIRMWARE_NEWER',
            errorCode: null,
          },
        }),
      );
      fake.emit(
        'run:controller',
        controllerEvent('r1', ids[1]!, {
          status: 'failed',
          phase: null,
          progress: 1,
          message: 'Login refused',
          outcome: { verdict: 'not-ready', verdictReason: 'AUTH_FAILED: Login refused', errorCode: 'AUTH_FAILED' },
        }),
      );
    });
    await frame();
    expect(within(rowOf('AHU-1')).getByText('Ready with warning')).toBeTruthy();
    expect(rowOf('AHU-1').textContent).toContain('WARNING_MISSMATCH_FIRMWARE_NEWER');
    // In plain words (the code stays in the tooltip for support).
    expect(
      within(rowOf('AHU-2')).getByText('Sign-in refused', { selector: '.cell-result .badge' }).getAttribute('title'),
    ).toBe('AUTH_FAILED');
    expect(rowOf('AHU-3').querySelector('.cell-result')!.textContent).toBe('—');
  });

  it('renders only the rows in view of a 300-controller run, and the rest as the table scrolls', async () => {
    await startedRun(fleet(300), 'big');
    const table = screen.getByRole('table', { name: 'Controllers of this run' });
    const rendered = () => table.querySelectorAll('tbody tr[data-controller]');
    // 560 px of 56 px rows: 10 in view, and a few either side.
    expect(rendered().length).toBeGreaterThanOrEqual(10);
    expect(rendered().length).toBeLessThan(30);
    expect(within(table).queryByText('AHU-300')).toBeNull();
    expect(table.getAttribute('aria-rowcount')).toBe('301');
    const scroller = table.closest('.virtual-scroll') as HTMLElement;
    scroller.scrollTop = 56 * 290;
    fireEvent.scroll(scroller);
    await waitFor(() => expect(within(table).getByText('AHU-300')).toBeTruthy());
    // Only the table's one tab stop stays in the page out of view (Tab must still find it); its neighbours go.
    expect(within(table).getByText('AHU-1').closest('tr')!.tabIndex).toBe(0);
    expect(within(table).queryByText('AHU-2')).toBeNull();
    expect(rendered().length).toBeLessThan(30);
  });

  it('renders again only the row whose controller changed', async () => {
    const ids = await startedRun(fleet(300), 'big');
    act(() => {
      for (const id of ids.slice(0, 12)) fake.emit('run:controller', controllerEvent('big', id, { progress: 0.1 }));
    });
    await frame();
    const words = vi.mocked(phaseWords);
    words.mockClear();
    act(() => fake.emit('run:controller', controllerEvent('big', ids[4]!, { progress: 0.9 })));
    await frame();
    expect(rowOf('AHU-5').textContent).toContain('90 %');
    expect(new Set(words.mock.calls.map(([e]) => (e as unknown as { controllerId: string }).controllerId))).toEqual(
      new Set([ids[4]]),
    );
  });

  it('cancels one controller from its row, with the keyboard', async () => {
    const ids = await startedRun();
    act(() => fake.emit('run:controller', controllerEvent('r1', ids[1]!)));
    await frame();
    const cancel = within(rowOf('AHU-2')).getByRole('button', { name: 'Cancel backup of AHU-2' });
    cancel.focus();
    await userEvent.keyboard('{Enter}');
    expect(fake.calls.filter((c) => c.channel === 'run:cancel').map((c) => c.request)).toEqual([
      { runId: 'r1', controllerId: ids[1] },
    ]);
    act(() => fake.emit('run:controller', controllerEvent('r1', ids[1]!, { status: 'cancelled', phase: null })));
    await frame();
    expect(rowOf('AHU-2').querySelector('.badge')!.textContent).toBe('Cancelled');
    expect(within(rowOf('AHU-2')).queryByRole('button', { name: /Cancel backup/ })).toBeNull();
  });

  it('asks before cancelling the whole run; Escape keeps it running', async () => {
    await startedRun();
    act(() => fake.emit('run:progress', progressEvent('r1', { total: 10, done: 3, succeeded: 3, running: 4 })));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel run…' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Cancel the whole run?' });
    expect(dialog.textContent).toContain('7 controllers not finished yet will not be backed up');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Keep running' }));
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(fake.calls.some((c) => c.channel === 'run:cancel')).toBe(false);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel run…' }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel run' }));
    expect(fake.calls.filter((c) => c.channel === 'run:cancel').map((c) => c.request)).toEqual([{ runId: 'r1' }]);
  });
});

describe('the end of a run', () => {
  const rows = [...fleet(8), overview(9, 'North', 'Boiler room'), overview(10, 'South')];

  /** Finishes run r1: 8 saved, AHU-9 refused its password (profile Boiler room), AHU-10 unreachable. */
  async function finishedRun(): Promise<void> {
    await startedRun(rows);
    const rec = record('r1', [
      ...rows.slice(0, 8).map((r) => result(r)),
      result(rows[8]!, 'AUTH_FAILED', 'HTTP 401'),
      result(rows[9]!, 'UNREACHABLE', 'connect ECONNREFUSED'),
    ]);
    act(() => fake.emit('run:finished', { runId: 'r1', record: rec }));
    await screen.findByRole('heading', { name: '8 of 10 controllers backed up' });
  }

  it('groups the failures by cause, with the hint and the fix that names the profile', async () => {
    await finishedRun();
    const auth = screen.getByRole('article', { name: /Sign-in refused/ });
    expect(auth.textContent).toContain('The controller refused the login.');
    expect(auth.textContent).toContain('Check the password for profile Boiler room');
    expect(within(auth).getByText('AHU-9', { selector: 'li' })).toBeTruthy();
    const offline = screen.getByRole('article', { name: /Not reachable/ });
    expect(offline.textContent).toContain('Check that AHU-10 is powered and on this network');
    expect(within(offline).getByText('UNREACHABLE')).toBeTruthy();
    expect(rowOf('AHU-9').textContent).toContain('Sign-in refused');
    expect(within(rowOf('AHU-1')).getByText('Ready for upgrade')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cancel run…' })).toBeNull();
  });

  it('"Retry failed" resumes the same run: saved controllers stay saved, the failed ones wait again', async () => {
    fake.answer('runs:resume', () => ({ runId: 'r1' }));
    await finishedRun();
    await userEvent.click(screen.getByRole('button', { name: 'Retry failed (2)' }));
    expect(fake.calls.filter((c) => c.channel === 'runs:resume').map((c) => c.request)).toEqual([{ runId: 'r1' }]);
    await waitFor(() => expect(screen.queryByRole('heading', { name: /controllers backed up/ })).toBeNull());
    expect(within(rowOf('AHU-1')).getByText('Succeeded')).toBeTruthy();
    expect(rowOf('AHU-9').querySelector('.badge')!.textContent).toBe('Waiting');
    expect(screen.getByRole('button', { name: 'Cancel run…' })).toBeTruthy();
  });

  it('a retried run that ends before main answers the retry still shows its end', async () => {
    await finishedRun();
    const again = record('r1', [
      ...rows.slice(0, 8).map((r) => result(r)),
      result(rows[8]!),
      result(rows[9]!, 'UNREACHABLE', 'connect ECONNREFUSED'),
    ]);
    fake.answer('runs:resume', () => {
      // The events of the retried run overtake the answer to runs:resume.
      fake.emit(
        'run:controller',
        controllerEvent('r1', rows[8]!.controller.id, { status: 'succeeded', phase: 'done', progress: 1 }),
      );
      fake.emit('run:finished', { runId: 'r1', record: again });
      return { runId: 'r1' };
    });
    await userEvent.click(screen.getByRole('button', { name: 'Retry failed (2)' }));
    expect(await screen.findByRole('heading', { name: '9 of 10 controllers backed up' })).toBeTruthy();
    expect(screen.queryByRole('article', { name: /Sign-in refused/ })).toBeNull();
  });

  it('"Retry failed" asks again for a password that was typed, not stored, and retries with it', async () => {
    const typed = { ...rows[8]!, controller: { ...rows[8]!.controller, credential: null, username: 'svc' } };
    fake.answer('runs:resume', () => ({ runId: 'r1' }));
    await finishedRun();
    // Its inventory entry, as the Controllers screen saved it: a user name of its own, no profile.
    fake.answer('controllers:overview', () => [...rows.slice(0, 8), typed, rows[9]!]);
    await act(() => useInventory.getState().load());
    const retry = screen.getByRole('button', { name: 'Retry failed (2)' }) as HTMLButtonElement;
    const password = await screen.findByLabelText('Password for AHU-9 (user svc)');
    expect(retry.disabled).toBe(true);
    await userEvent.type(password, 'pw-again');
    expect(retry.disabled).toBe(false);
    await userEvent.click(retry);
    expect(fake.calls.filter((c) => c.channel === 'runs:resume').map((c) => c.request)).toEqual([
      { runId: 'r1', password: 'pw-again' },
    ]);
  });

  it('a retry main refuses brings the outcome back and says why', async () => {
    await finishedRun();
    fake.answer('runs:resume', () => fail('INVALID_INPUT', 'This run is still going.', 'Wait for it to finish.'));
    await userEvent.click(screen.getByRole('button', { name: 'Retry failed (2)' }));
    expect(await screen.findByText('The failed controllers were not retried')).toBeTruthy();
    expect(screen.getByRole('heading', { name: '8 of 10 controllers backed up' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Retry failed (2)' })).toBeTruthy();
  });

  it('opens and exports the report', async () => {
    fake.answer('report:open', () => ({
      html: '/a/reports/r1.html',
      csv: '/a/reports/r1.csv',
      json: '/a/reports/r1.json',
    }));
    fake.answer('report:export', () => ({
      html: '/a/reports/r1.html',
      csv: '/a/reports/r1.csv',
      json: '/a/reports/r1.json',
    }));
    await finishedRun();
    await userEvent.click(screen.getByRole('button', { name: 'Open report' }));
    await userEvent.click(screen.getByRole('button', { name: 'Export report' }));
    expect(fake.calls.filter((c) => c.channel.startsWith('report:')).map((c) => [c.channel, c.request])).toEqual([
      ['report:open', { runId: 'r1', language: 'en' }],
      ['report:export', { runId: 'r1', language: 'en' }],
    ]);
    expect(await screen.findByText('Report saved')).toBeTruthy();
  });
});

describe('a run readable at 300', () => {
  const names = () =>
    [
      ...screen
        .getByRole('table', { name: 'Controllers of this run' })
        .querySelectorAll('tr[data-controller] .cell-name'),
    ].map((e) => e.textContent);

  it('shows failures first, and each count filters the table', async () => {
    const ids = await startedRun();
    act(() => {
      fake.emit('run:controller', controllerEvent('r1', ids[0]!, { status: 'succeeded', phase: 'done', progress: 1 }));
      fake.emit('run:controller', controllerEvent('r1', ids[4]!, { phase: 'waiting', progress: 0.2 }));
      fake.emit(
        'run:controller',
        controllerEvent('r1', ids[7]!, {
          status: 'failed',
          phase: null,
          progress: 1,
          outcome: { verdict: 'not-ready', verdictReason: null, errorCode: 'UNREACHABLE' },
        }),
      );
      fake.emit('run:progress', progressEvent('r1', { total: 10, done: 2, succeeded: 1, failed: 1, running: 1 }));
    });
    await frame();
    expect(names().slice(0, 3)).toEqual(['AHU-8', 'AHU-5', 'AHU-2']);
    expect(names().at(-1)).toBe('AHU-1');
    const summary = screen.getByLabelText('Run summary');
    await userEvent.click(within(summary).getByRole('button', { name: /Failed/ }));
    expect(names()).toEqual(['AHU-8']);
    expect(screen.getByRole('heading', { name: 'Controllers (1 of 10 shown)' })).toBeTruthy();
    await userEvent.click(within(summary).getByRole('button', { name: /Failed/ }));
    expect(names()).toHaveLength(10);
  });

  it('a controller silent for 60 s while running reads "stalled"', async () => {
    let now = 1_000_000;
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    const ids = await startedRun();
    act(() => fake.emit('run:controller', controllerEvent('r1', ids[2]!, { phase: 'waiting', progress: 0.3 })));
    await frame();
    expect(rowOf('AHU-3').textContent).not.toContain('Stalled');
    now += 61_000;
    // The view's clock ticks every 5 s.
    await act(() => new Promise((r) => setTimeout(r, 5200)));
    expect(rowOf('AHU-3').textContent).toContain('Stalled');
    expect(rowOf('AHU-3').textContent).toContain('stalled — no progress for 61 s');
  }, 15_000);

  it('a row opens its details: start, end, attempts and a short log of what it did', async () => {
    const ids = await startedRun();
    act(() => fake.emit('run:controller', controllerEvent('r1', ids[1]!, { phase: 'connecting' })));
    await frame();
    act(() => fake.emit('run:controller', controllerEvent('r1', ids[1]!, { phase: 'waiting', progress: 0.1 })));
    await frame();
    // Progress within a phase is not a new line of the log.
    act(() => fake.emit('run:controller', controllerEvent('r1', ids[1]!, { phase: 'waiting', progress: 0.6 })));
    await frame();
    await userEvent.click(rowOf('AHU-2'));
    const details = screen.getByRole('region', { name: 'AHU-2 in this run' });
    const log = within(details).getByRole('list', { name: 'What it did' });
    expect(
      within(log)
        .getAllByRole('listitem')
        .map((li) => li.textContent!.replace(li.querySelector('time')!.textContent!, '').trim()),
    ).toEqual(['Connecting', 'Controller is building the backup — 10 %']);
    expect(within(details).getByText('not yet')).toBeTruthy();
  });
});
