import fs from 'node:fs';
import path from 'node:path';
import electronLog from 'electron-log/node';
import type { LogLevel, LogRecord, LogSink } from './logger';

/** Size at which a log file is rotated (renamed with its date and time, and a new one begun). */
const LOG_ROTATE_BYTES = 5 * 1024 * 1024;
/** Rotated files kept beside the current one (about 50 MB of history in all). */
const LOG_KEEP_FILES = 9;

/** Where an electron-log sink writes: a JSON-lines file (rotated), and optionally a terminal. */
export interface ElectronLogTargets {
  file?: { path: string; maxBytes?: number; keep?: number };
  /** Every record at `level` and above also handed to `write` (the CLI's --verbose, as text on stderr). */
  console?: { level: LogLevel; write: (record: LogRecord) => void };
}

let instances = 0;

/**
 * A sink over electron-log (its plain-Node entry: no Electron needed, no IPC channel of its own): one record a
 * line, as JSON, in a private file (0600) rotated at `maxBytes` into `NAME-YYYYMMDD-HHMMSS.log` files of
 * which the newest `keep` are kept. Writes are synchronous, so the lines before a crash are on disk.
 */
export function electronLogSink(targets: ElectronLogTargets): LogSink {
  const log = electronLog.create({ logId: `eclypse-field-backup-${++instances}` });
  const file = log.transports.file;
  // Else electron-log looks for a package.json to name the app, and writes nothing where there is none.
  file.setAppName('ECLYPSE Field Backup');
  if (targets.file) {
    const { path: target, maxBytes = LOG_ROTATE_BYTES, keep = LOG_KEEP_FILES } = targets.file;
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    file.resolvePathFn = () => target;
    file.maxSize = maxBytes;
    file.sync = true;
    file.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' };
    file.level = 'silly';
    file.transforms = [({ data }) => jsonLine(data[0])];
    file.archiveLogFn = (old) => rotate(old.path, keep);
  } else {
    file.level = false;
  }
  const terminal = targets.console;
  const consoleTransport = log.transports.console;
  if (terminal) {
    consoleTransport.level = ELECTRON_LEVEL[terminal.level];
    consoleTransport.transforms = [({ data }) => data];
    consoleTransport.writeFn = ({ message }) => terminal.write(message.data[0] as LogRecord);
  } else {
    consoleTransport.level = false;
  }
  return {
    write(record) {
      log[ELECTRON_LEVEL[record.level]](record);
    },
  };
}

const ELECTRON_LEVEL = { error: 'error', warn: 'warn', info: 'info', debug: 'debug' } as const;

/** One record as one JSON line (a value that is not a record, from a library, is wrapped as one). */
function jsonLine(value: unknown): string {
  const record =
    value && typeof value === 'object' && 'event' in value
      ? value
      : { time: new Date().toISOString(), level: 'info', event: 'message', text: String(value) };
  return JSON.stringify(record);
}

/**
 * Renames the full log to `NAME-YYYYMMDD-HHMMSS-mmm.log` beside it, then removes the oldest rotated files of
 * that name beyond `keep`. Synchronous: electron-log starts the new file as soon as this returns.
 */
export function rotate(current: string, keep: number): void {
  const { dir, name, ext } = path.parse(current);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').replace('.', '-').slice(0, 19);
  try {
    fs.renameSync(current, path.join(dir, `${name}-${stamp}${ext}`));
  } catch {
    // Not renamed (held open elsewhere on Windows): the file goes on growing rather than losing lines.
    return;
  }
  const rotated = fs
    .readdirSync(dir)
    .filter(
      (f) =>
        f.startsWith(`${name}-`) &&
        f.endsWith(ext) &&
        /^\d{8}-\d{6}-\d{3}$/.test(f.slice(name.length + 1, -ext.length)),
    )
    .sort();
  for (const old of rotated.slice(0, Math.max(0, rotated.length - keep)))
    fs.rmSync(path.join(dir, old), { force: true });
}
