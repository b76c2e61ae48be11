// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/app';
import { connectEvents } from '../../renderer/src/bridge/events';
import { phaseWords } from '../../renderer/src/components/phase-words';
import { useRuns } from '../../renderer/src/stores/runs';
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
    act(() => fake.emit('run:progress', { type: 'run-progress', runId: 'r1', total: 10, done: 3, succeeded: 3, failed: 0, cancelled: 0, running: 2, bytes: 1000, bytesPerSecond: 500, etaSeconds: 125 }));
    expect(screen.getByText('Backing up 3 / 10 · about 2 min 5 s left')).toBeTruthy();
  });

  it('subscribes to main once, in the events module, and feeds controller events to the runs store in batches', async () => {
    expect(fake.listeners('run:controller')).toBe(1);
    for (let i = 0; i < 300; i++) {
      fake.emit('run:controller', { type: 'controller', runId: 'r1', controllerId: `c${i}`, status: 'running', phase: 'waiting', progress: 0.42, bytes: 0, totalBytes: null, message: '', attempt: 1 });
    }
    await new Promise((r) => setTimeout(r, 80));
    const run = useRuns.getState().live.r1!;
    expect(run.controllerIds).toHaveLength(300);
    expect(phaseWords(run.controllers.c7!)).toBe('Controller is building the backup — 42 %');
  });
});
