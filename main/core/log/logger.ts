import { Redactor } from './redaction';

/** How much a record matters, most severe first. */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/** The levels, most severe first (a logger at `info` writes error, warn and info). */
const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug'];

/** Who a record is about: set once on a child logger, repeated on each of its records. */
export interface LogContext {
  runId?: string;
  controllerId?: string;
  /** The process part that wrote it in the app: main, preload or renderer. */
  source?: string;
}

/** What a record says beyond its event: plain values; an Error is written with its code and stack. */
type LogFields = Record<string, unknown>;

/** One line of the log, as written (secrets already removed). */
export interface LogRecord extends LogContext {
  time: string;
  level: LogLevel;
  /** A short stable name of what happened ("request", "retry", "pin check", "verdict"). */
  event: string;
  [field: string]: unknown;
}

/** Where records go (a JSON-lines file through electron-log, the terminal, a test's array). */
export interface LogSink {
  write(record: LogRecord): void;
}

/** The one logger interface of the core: levels, context, and the secrets it must never write. */
export interface Logger {
  error(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  debug(event: string, fields?: LogFields): void;
  /** Whether a record of `level` would be written (to skip building costly fields). */
  enabled(level: LogLevel): boolean;
  /** A logger whose records also carry `context`; it shares this one's sink and secrets. */
  child(context: LogContext): Logger;
  /** A password (and its Basic token for `username`) that no later record of any related logger may contain. */
  protectPassword(password: string, username?: string): void;
  /** A value (a session cookie) that no later record of this logger or its children may contain. */
  protectValue(value: string): void;
}

const MAX_STRING = 16 * 1024;
const MAX_ITEMS = 200;

/** A logger writing to `sink` at `level` and above, every record passed through the redactor first. */
export function createLogger(
  sink: LogSink,
  options: { level?: LogLevel; redactor?: Redactor; context?: LogContext } = {},
): Logger {
  const threshold = LOG_LEVELS.indexOf(options.level ?? 'info');
  return new SinkLogger(sink, threshold, options.redactor ?? new Redactor(), options.context ?? {});
}

class SinkLogger implements Logger {
  constructor(
    private readonly sink: LogSink,
    private readonly threshold: number,
    private readonly redactor: Redactor,
    private readonly context: LogContext,
  ) {}

  error(event: string, fields?: LogFields): void {
    this.write('error', event, fields);
  }
  warn(event: string, fields?: LogFields): void {
    this.write('warn', event, fields);
  }
  info(event: string, fields?: LogFields): void {
    this.write('info', event, fields);
  }
  debug(event: string, fields?: LogFields): void {
    this.write('debug', event, fields);
  }

  enabled(level: LogLevel): boolean {
    return LOG_LEVELS.indexOf(level) <= this.threshold;
  }

  child(context: LogContext): Logger {
    return new SinkLogger(this.sink, this.threshold, this.redactor.child(), { ...this.context, ...context });
  }

  protectPassword(password: string, username?: string): void {
    this.redactor.addPassword(password, username);
  }

  protectValue(value: string): void {
    this.redactor.addValue(value);
  }

  private write(level: LogLevel, event: string, fields?: LogFields): void {
    if (!this.enabled(level)) return;
    try {
      const record = { time: new Date().toISOString(), level, event, ...this.context, ...plainFields(fields) };
      this.sink.write(this.redactor.value(record) as LogRecord);
    } catch {
      // A log that cannot be written (disk full, a closed file) never stops a backup.
    }
  }
}

/** A logger that writes nothing (where no log was asked for). */
export const SILENT_LOGGER: Logger = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  enabled: () => false,
  child: () => SILENT_LOGGER,
  protectPassword: () => undefined,
  protectValue: () => undefined,
};

/** Fields as plain JSON values: errors with name, code, message and stack; bounded strings and lists. */
function plainFields(fields: LogFields | undefined): LogFields {
  if (!fields) return {};
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = plain(v, 0, new WeakSet());
  return out;
}

function plain(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string')
    return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}… (${value.length} chars)` : value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value !== 'object') return value === undefined ? null : String(value);
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (depth >= 6) return '[too deep]';
  if (value instanceof Error) return errorFields(value, depth, seen);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((v) => plain(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value).slice(0, MAX_ITEMS))
    if (v !== undefined) out[k] = plain(v, depth + 1, seen);
  return out;
}

function errorFields(err: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const e = err as Error & { code?: unknown; hint?: unknown; details?: unknown; cause?: unknown };
  return {
    name: e.name,
    ...(e.code !== undefined ? { code: plain(e.code, depth + 1, seen) } : {}),
    message: plain(e.message, depth + 1, seen),
    ...(typeof e.hint === 'string' ? { hint: e.hint } : {}),
    ...(e.details && typeof e.details === 'object' && Object.keys(e.details).length > 0
      ? { details: plain(e.details, depth + 1, seen) }
      : {}),
    ...(e.stack ? { stack: plain(e.stack, depth + 1, seen) } : {}),
    ...(e.cause !== undefined ? { cause: plain(e.cause, depth + 1, seen) } : {}),
  };
}
