import { createIntl, createIntlCache } from '@formatjs/intl';
import type { Locale } from '../../../shared/locale';
import type { CommonMessageKey } from '../../../shared/messages/common.en';
import type { CommonWords } from '../../../shared/warnings';
import { REPORT_MESSAGES, type ReportKey } from '../../../shared/messages/report';

/** The report's words in one language: plain text (escape it), or HTML where the message has <b>/<code> tags. */
export interface ReportWords {
  locale: Locale;
  text(key: ReportKey, values?: Record<string, string | number>): string;
  /** A message whose <b>…</b> and <code>…</code> become HTML; its values are escaped by `escape`. */
  html(key: ReportKey, values: Record<string, string | number>, escape: (v: unknown) => string): string;
  /** The same words as shared/warnings.ts wants them: verdict reasons and warnings in the report's language. */
  common: CommonWords;
}

const cache = createIntlCache();
const made = new Map<Locale, ReportWords>();

/** The report's words for a language (made once per language). */
export function reportWords(locale: Locale): ReportWords {
  const existing = made.get(locale);
  if (existing) return existing;
  const intl = createIntl({ locale, messages: REPORT_MESSAGES[locale], defaultLocale: 'en' }, cache);
  const text = (key: ReportKey, values?: Record<string, string | number>): string =>
    intl.formatMessage({ id: key }, values);
  const words: ReportWords = {
    locale,
    text,
    common: Object.assign((key: CommonMessageKey, values?: Record<string, string | number>) => text(key, values), {
      locale,
    }),
    html: (key, values, escape) => {
      const escaped = Object.fromEntries(
        Object.entries(values).map(([k, v]) => [k, typeof v === 'number' ? v : escape(v)]),
      );
      const b = (chunks: string[]) => `<strong>${chunks.join('')}</strong>`;
      const code = (chunks: string[]) => `<span class="mono">${chunks.join('')}</span>`;
      const parts = intl.formatMessage({ id: key }, { ...escaped, b, code } as never) as unknown;
      return Array.isArray(parts) ? parts.join('') : String(parts);
    },
  };
  made.set(locale, words);
  return words;
}
