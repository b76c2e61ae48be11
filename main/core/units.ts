import { formatBytes as formatBytesIn } from '../../shared/format';
import type { Locale } from '../../shared/locale';

/** Formats a byte count for people: "118 MB", "1.6 MB" (shared/format.ts, the one rule of app, reports and CLI). */
export function formatBytes(bytes: number, locale: Locale = 'en'): string {
  return formatBytesIn(bytes, locale);
}
