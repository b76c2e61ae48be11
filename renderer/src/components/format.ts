// Numbers for people in the language in force: thin wrappers over shared/format.ts (one implementation for
// the app, the reports and the command line). The window is rebuilt when the language changes (app.tsx), so a
// value formatted here is never left in the other language.
import * as shared from '../../../shared/format';
import { t } from '../i18n/language';

export { groupHex } from '../../../shared/format';

/** 1536 → "1.5 kB", 240_000_000 → "240 MB" ("1,5 ko", "240 Mo" in French). */
export function formatBytes(bytes: number | null | undefined): string {
  return shared.formatBytes(bytes, t().locale);
}

/** Seconds as "45 sec", "2 min 5 sec", "1 hr 4 min". */
export function formatDuration(seconds: number | null | undefined): string {
  return shared.formatDuration(seconds, t().locale);
}

/** An ISO date as the language shows dates and times (24 h in French). */
export function formatDateTime(iso: string | null | undefined): string {
  return shared.formatDateTime(iso, t().locale);
}

/** How long ago, in words ("5 minutes ago", "yesterday"); "never" without a date. */
export function formatAge(iso: string | null | undefined, now = Date.now()): string {
  return t().age(iso, now);
}
