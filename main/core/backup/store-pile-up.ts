import type { ControllerStore } from '../archive/last-backup';
import type { DeviceFile } from '../device/controller-api';
import { formatBytes } from '../units';

/** More backups than this on one controller is worth a warning: each run adds one, and none is ever deleted. */
const PILE_UP_MAX_BACKUPS = 10;
/** Growth of the controller's backup bytes since the last run saw them that is worth a warning. */
const PILE_UP_MAX_GROWTH = 0.25;

/** What a controller's backup list holds. */
export function storeOf(files: readonly DeviceFile[]): ControllerStore {
  const sized = files.filter((f) => f.size !== undefined);
  return { backups: files.length, bytes: sized.length === 0 ? null : sized.reduce((a, f) => a + (f.size ?? 0), 0) };
}

/**
 * A warning when backups pile up in the controller's flash: no delete is published in its API, so every run
 * leaves one more file. Warns past PILE_UP_MAX_BACKUPS files, or when their bytes grew by more than a quarter
 * since the last run recorded them (that record already counts the last run's own file, so only growth from
 * elsewhere — other tools, the web page, scheduled backups — or much larger files count).
 */
export function pileUpWarning(now: ControllerStore, last: ControllerStore | null, address: string): string | undefined {
  const reasons: string[] = [];
  if (now.backups > PILE_UP_MAX_BACKUPS) reasons.push(`it holds ${now.backups} backups`);
  if (now.bytes !== null && last?.bytes && now.bytes > last.bytes * (1 + PILE_UP_MAX_GROWTH)) {
    const growth = Math.round(((now.bytes - last.bytes) / last.bytes) * 100);
    reasons.push(
      `its backups grew by ${growth} % since the last run (${formatBytes(last.bytes)} → ${formatBytes(now.bytes)})`,
    );
  }
  if (reasons.length === 0) return undefined;
  return (
    `Backups are piling up on the controller: ${reasons.join(', and ')}. Each backup stays in its flash memory and this tool ` +
    `cannot delete them (the API publishes no delete). Delete old ones on its web page (https://${address}/ → Backup & Restore), ` +
    'keeping the newest, once they are safe in this archive.'
  );
}
