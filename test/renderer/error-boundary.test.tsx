// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startWindowLog } from '../../renderer/src/bridge/log';
import { ErrorBoundary } from '../../renderer/src/components/error-boundary';
import { fail, installFakeEclypse, type FakeEclypse } from './support/fake-eclypse';

let fake: FakeEclypse;

beforeEach(() => {
  fake = installFakeEclypse({
    'log:write': () => null,
    'logs:openFolder': () => ({ path: '/home/tech/.config/ECLYPSE Field Backup/logs' }),
  });
  // React reports a caught render error on the console as well; that noise is not what is tested here.
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function Broken(): never {
  throw new TypeError("Cannot read properties of undefined (reading 'totals')");
}

describe('error boundary', () => {
  it('shows what happened instead of a blank window, and logs the error with both stacks through log:write', async () => {
    render(
      <ErrorBoundary where="The bulk screen" resetKey="bulk">
        <Broken />
      </ErrorBoundary>,
    );
    expect(await screen.findByRole('heading', { name: 'This part of the window stopped working' })).toBeTruthy();
    const details = screen.getByLabelText('Details for support') as HTMLTextAreaElement;
    expect(details.value).toContain("TypeError: Cannot read properties of undefined (reading 'totals')");
    await waitFor(() => expect(fake.calls.filter((c) => c.channel === 'log:write')).toHaveLength(1));
    const record = fake.calls.find((c) => c.channel === 'log:write')!.request as {
      level: string;
      source: string;
      event: string;
      message: string;
      stack: string;
      details: Record<string, string>;
    };
    expect(record).toMatchObject({
      level: 'error',
      source: 'renderer',
      event: 'render failed',
      message: "Cannot read properties of undefined (reading 'totals')",
    });
    expect(record.stack).toContain('Broken');
    expect(record.details.where).toBe('The bulk screen');
    expect(record.details.componentStack).toContain('Broken');
    await waitFor(() => expect(details.value).toContain('Component stack:'));
  });

  it('Copy details puts the details on the clipboard; without a clipboard they are selected to copy by hand', async () => {
    render(
      <ErrorBoundary where="The window">
        <Broken />
      </ErrorBoundary>,
    );
    const user = userEvent.setup();
    // After setup(): user-event installs a clipboard of its own.
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await user.click(await screen.findByRole('button', { name: 'Copy details' }));
    expect(writeText).toHaveBeenCalledWith(
      expect.stringContaining("TypeError: Cannot read properties of undefined (reading 'totals')"),
    );
    expect(await screen.findByText('Details copied.')).toBeTruthy();
    writeText.mockRejectedValueOnce(new Error('denied'));
    await user.click(screen.getByRole('button', { name: 'Copy details' }));
    expect(await screen.findByText(/press Ctrl\+C/)).toBeTruthy();
  });

  it('Open logs folder asks main to open it, and says so when it cannot', async () => {
    render(
      <ErrorBoundary where="The window">
        <Broken />
      </ErrorBoundary>,
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Open logs folder' }));
    expect(await screen.findByText('Opened /home/tech/.config/ECLYPSE Field Backup/logs.')).toBeTruthy();
    fake.answer('logs:openFolder', () => fail('DISK_ERROR', 'No file manager.'));
    await user.click(screen.getByRole('button', { name: 'Open logs folder' }));
    expect(await screen.findByText('The logs folder could not be opened: No file manager.')).toBeTruthy();
    expect(fake.calls.filter((c) => c.channel === 'logs:openFolder')).toHaveLength(2);
  });

  it('going to another screen clears it: the rest of the app stays usable', async () => {
    const { rerender } = render(
      <ErrorBoundary where="The bulk screen" resetKey="bulk">
        <Broken />
      </ErrorBoundary>,
    );
    await screen.findByRole('heading', { name: 'This part of the window stopped working' });
    rerender(
      <ErrorBoundary where="The archive screen" resetKey="archive">
        <p>Archive</p>
      </ErrorBoundary>,
    );
    expect(await screen.findByText('Archive')).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'This part of the window stopped working' })).toBeNull();
  });
});

describe('window log', () => {
  it("sends the window's unexpected exceptions and unhandled rejections to the app's log", async () => {
    const target = new EventTarget();
    startWindowLog(target as unknown as Window);
    const error = Object.assign(new Event('error'), {
      error: new RangeError('index 7 out of range'),
      message: 'Uncaught RangeError',
      filename: 'app://eclypse/assets/index.js',
      lineno: 3,
      colno: 14,
    });
    target.dispatchEvent(error);
    target.dispatchEvent(
      Object.assign(new Event('unhandledrejection'), { reason: new Error('runs:get answered nothing') }),
    );
    await waitFor(() => expect(fake.calls.filter((c) => c.channel === 'log:write')).toHaveLength(2));
    const [exception, rejection] = fake.calls
      .filter((c) => c.channel === 'log:write')
      .map((c) => c.request as Record<string, unknown>);
    expect(exception).toMatchObject({
      level: 'error',
      source: 'renderer',
      event: 'unexpected exception',
      message: 'index 7 out of range',
      details: { at: 'app://eclypse/assets/index.js:3:14' },
    });
    expect(String(exception!.stack)).toContain('RangeError');
    expect(rejection).toMatchObject({ event: 'unhandled rejection', message: 'runs:get answered nothing' });
  });
});
