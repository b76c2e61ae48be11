import type { RendererLogRecord } from '../../../preload/api';
import { eclypse } from './eclypse';

// The window's records are written by main's electron-log, through the contract's log:write (sender-checked,
// bounded, rate-limited). electron-log's own renderer module is not used: it needs a preload channel of its
// own outside the contract, and its logger is a Proxy that answers every property (even `then`).

/** Sends one record to the app's log through the contract (a log that cannot be sent is not worth a second error). */
function send(record: RendererLogRecord): void {
  try {
    void eclypse()
      .logWrite(record)
      .catch(() => undefined);
  } catch {
    // No window.eclypse (the page outside the app): nothing to log into.
  }
}

/** The fields of an exception for the log: its message and stack, bounded as the contract asks. */
function errorRecord(event: string, err: unknown, details?: Record<string, string>): RendererLogRecord {
  const e =
    err instanceof Error ? err : new Error(typeof err === 'string' ? err : (JSON.stringify(err) ?? String(err)));
  return {
    level: 'error',
    source: 'renderer',
    event: event.slice(0, 100),
    message: e.message.slice(0, 4000),
    ...(e.stack ? { stack: e.stack.slice(0, 20_000) } : {}),
    ...(details ? { details } : {}),
  };
}

/** Logs an exception of the window (a failed render, an unexpected rejection) in the app's log. */
export function logWindowError(event: string, err: unknown, details?: Record<string, string>): void {
  send(errorRecord(event, err, details));
}

/**
 * Starts logging the window's unexpected exceptions and unhandled rejections. They still reach the console as
 * well (nothing is prevented: the e2e tests watch the console for errors).
 */
export function startWindowLog(target: Pick<Window, 'addEventListener'> = window): void {
  target.addEventListener('error', (event: ErrorEvent) =>
    logWindowError('unexpected exception', event.error ?? event.message, {
      at: `${event.filename}:${event.lineno}:${event.colno}`,
    }),
  );
  target.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) =>
    logWindowError('unhandled rejection', event.reason),
  );
}
