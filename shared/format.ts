// Numbers, sizes, durations and dates for people, in their language: one implementation for the app, the
// reports and the command line, on the platform's Intl (so French gets "1,5 Mo", "il y a 5 minutes" and 24 h
// times). Imports nothing.
import type { Locale } from './locale';

const DASH = '—';
const formats = new Map<string, Intl.NumberFormat>();

/** A cached Intl.NumberFormat: building one costs far more than using it, and tables format thousands of cells. */
function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat(locale, options)));
  return f;
}

/** A whole or decimal number as the locale writes it ("1,234.5" / "1 234,5"). */
export function formatNumber(value: number, locale: Locale, fractionDigits = 0): string {
  return numberFormat(locale, { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(
    value,
  );
}

/** A fraction 0..1 as a whole percentage ("42 %" in French, "42%" in English). */
export function formatPercent(fraction: number, locale: Locale): string {
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(
    Math.min(1, Math.max(0, fraction)),
  );
}

const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/**
 * A size in decimal units, as file managers show them: one decimal below 10 ("1.5 kB", "2.0 MB"), none above
 * ("240 MB"); French "240 Mo", "1,5 ko". Null, undefined and non-numbers are a dash.
 */
export function formatBytes(bytes: number | null | undefined, locale: Locale): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return DASH;
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  // 999.96 kB would read "1000 kB" after rounding: call it the next unit instead.
  if (unit > 0 && value >= 999.5 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 9.95 ? 0 : 1;
  return numberFormat(locale, {
    style: 'unit',
    unit: BYTE_UNITS[unit],
    unitDisplay: 'short',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** Bytes per second ("31 MB/s"); a dash while nothing is known. */
export function formatRate(bytesPerSecond: number | null | undefined, locale: Locale): string {
  if (!bytesPerSecond || bytesPerSecond <= 0 || !Number.isFinite(bytesPerSecond)) return DASH;
  return `${formatBytes(bytesPerSecond, locale)}/s`;
}

function unit(value: number, name: 'hour' | 'minute' | 'second', locale: Locale): string {
  return numberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
}

/** Seconds as a person says them: "45 sec", "2 min 5 sec", "1 hr 4 min" (French "45 s", "2 min 5 s", "1 h 4 min"). */
export function formatDuration(seconds: number | null | undefined, locale: Locale): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return DASH;
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return unit(s, 'second', locale);
  if (s < 3600) return `${unit(Math.floor(s / 60), 'minute', locale)} ${unit(s % 60, 'second', locale)}`;
  return `${unit(Math.floor(s / 3600), 'hour', locale)} ${unit(Math.floor((s % 3600) / 60), 'minute', locale)}`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** An ISO date as the locale shows a date and a time ("Mar 4, 2026, 10:15 AM"; "4 mars 2026, 10 h 15"). */
export function formatDateTime(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return DASH;
  let f = dateFormats.get(locale);
  if (!f) dateFormats.set(locale, (f = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })));
  return f.format(d);
}

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

/**
 * How long ago, in words: "now", "5 minutes ago", "3 hours ago", "yesterday", "12 days ago" ("maintenant",
 * "il y a 5 minutes", "hier"). Null when there is no date: the caller says "never" in its own words.
 */
export function formatAge(iso: string | null | undefined, locale: Locale, now = Date.now()): string | null {
  if (!iso) return null;
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return DASH;
  let f = relativeFormats.get(locale);
  if (!f) relativeFormats.set(locale, (f = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })));
  const s = Math.max(0, (now - t) / 1000);
  if (s < 60) return f.format(0, 'second');
  if (s < 3600) return f.format(-Math.floor(s / 60), 'minute');
  if (s < 86_400) return f.format(-Math.floor(s / 3600), 'hour');
  return f.format(-Math.floor(s / 86_400), 'day');
}

/** Whole days since a date (for "backup older than N days"); null without a date. */
export function ageInDays(iso: string | null | undefined, now = Date.now()): number | null {
  if (!iso) return null;
  const t = new Date(iso).getTime();
  return Number.isNaN(t) ? null : Math.max(0, Math.floor((now - t) / 86_400_000));
}

/** A fingerprint ("AB:CD:…") or hash in groups a person can compare aloud: byte pairs, or 4 characters. */
export function groupHex(value: string): string[] {
  const v = value.trim();
  if (v.includes(':')) {
    const bytes = v.split(':');
    const groups: string[] = [];
    for (let i = 0; i < bytes.length; i += 2) groups.push(bytes.slice(i, i + 2).join(':'));
    return groups;
  }
  return v.match(/.{1,4}/g) ?? [v];
}
