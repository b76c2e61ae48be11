import fs from 'node:fs/promises';
import path from 'node:path';
import { electronLogSink } from '../core/log/electron-log-sink';
import { createLogger, type Logger, type LogLevel } from '../core/log/logger';

/** The app's log file in its log folder (rotated beside it as `eclypse-field-backup-YYYYMMDD-HHMMSS-mmm.log`). */
export const APP_LOG_FILE = 'eclypse-field-backup.log';

/** The app's log: where it is, and the logger that writes it (main's records, and the window's through log:write). */
export interface AppLogs {
  folder: string;
  logger: Logger;
}

/** Opens the app's JSON-lines log in `folder` (the OS log folder: Electron's app.getPath('logs')). */
export function openAppLogs(folder: string, level: LogLevel = 'info'): AppLogs {
  const logger = createLogger(electronLogSink({ file: { path: path.join(folder, APP_LOG_FILE) } }), {
    level,
    context: { source: 'main' },
  });
  return { folder, logger };
}

/** The `.log` files of `folder` (current and rotated) written to in the last `days` days, oldest first. */
export async function recentLogFiles(folder: string, days: number, now = Date.now()): Promise<string[]> {
  const names = await fs.readdir(folder).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [] as string[];
    throw err;
  });
  const found: Array<{ file: string; mtime: number }> = [];
  for (const name of names.filter((n) => n.endsWith('.log'))) {
    const file = path.join(folder, name);
    const st = await fs.lstat(file).catch(() => null);
    // Only plain files of the folder itself: a link placed there could point at anything on the disk.
    if (st?.isFile() && now - st.mtimeMs <= days * 24 * 60 * 60 * 1000) found.push({ file, mtime: st.mtimeMs });
  }
  return found.sort((a, b) => a.mtime - b.mtime).map((f) => f.file);
}

/** Window records per minute the log accepts; beyond that a broken page's flood is counted, not written. */
const RENDERER_RECORDS_PER_MINUTE = 120;

/** A gate for records from the window: at most RENDERER_RECORDS_PER_MINUTE a minute, with a count of what was dropped. */
export function rendererLogGate(
  logger: Logger,
  clock: () => number = Date.now,
): (write: (log: Logger) => void) => void {
  let windowStart = 0;
  let count = 0;
  let dropped = 0;
  return (write) => {
    const now = clock();
    if (now - windowStart >= 60_000) {
      if (dropped > 0) logger.warn('window records dropped', { dropped, perMinute: RENDERER_RECORDS_PER_MINUTE });
      windowStart = now;
      count = 0;
      dropped = 0;
    }
    if (++count > RENDERER_RECORDS_PER_MINUTE) {
      dropped++;
      return;
    }
    write(logger);
  };
}
