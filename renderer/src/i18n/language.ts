import type { ReactNode } from 'react';
import { createIntl, createIntlCache, type IntlShape } from 'react-intl';
import { create } from 'zustand';
import { logWindowError } from '../bridge/log';
import {
  formatAge,
  formatBytes,
  formatDateTime,
  formatDuration,
  formatNumber,
  formatPercent,
  formatRate,
} from '../../../shared/format';
import { localeOf, type LanguageSetting, type Locale } from '../../../shared/locale';
import { APP_MESSAGES, type AppMessageKey } from '../../../shared/messages/app';

/** Plain values a message takes (ICU: {name}, {count, plural, …}, {n, number}). */
type MessageValues = Record<string, string | number | Date | null | undefined>;
/** Values of a rich message: also React parts, and tags (`<b>…</b>`) as functions of their content. */
type RichValues = Record<string, string | number | Date | ReactNode | ((chunks: ReactNode[]) => ReactNode)>;

/** The app's words and numbers in the chosen language. Components get it from useT(); other code from t(). */
export interface Translator {
  readonly locale: Locale;
  /** A message as text. */
  (key: AppMessageKey, values?: MessageValues): string;
  /** A message with React parts: `<b>{name}</b>` in the catalogue becomes what `b` makes of its content. */
  rich(key: AppMessageKey, values: RichValues): ReactNode;
  bytes(bytes: number | null | undefined): string;
  rate(bytesPerSecond: number | null | undefined): string;
  duration(seconds: number | null | undefined): string;
  dateTime(iso: string | null | undefined): string;
  /** "5 minutes ago", or "never" without a date. */
  age(iso: string | null | undefined, now?: number): string;
  number(value: number, fractionDigits?: number): string;
  percent(fraction: number): string;
}

const cache = createIntlCache();

function translatorFor(locale: Locale): Translator {
  const intl: IntlShape = createIntl(
    { locale, messages: APP_MESSAGES[locale], defaultLocale: 'en', onError: reportMissing },
    cache,
  );
  const clean = (values?: MessageValues): Record<string, string | number | Date> | undefined => {
    if (!values) return undefined;
    const out: Record<string, string | number | Date> = {};
    for (const [k, v] of Object.entries(values)) out[k] = v ?? '—';
    return out;
  };
  const t = ((key: AppMessageKey, values?: MessageValues) =>
    intl.formatMessage({ id: key }, clean(values))) as Translator;
  Object.assign(t, {
    locale,
    rich: (key: AppMessageKey, values: RichValues) => intl.formatMessage({ id: key }, values as never) as ReactNode,
    bytes: (n: number | null | undefined) => formatBytes(n, locale),
    rate: (n: number | null | undefined) => formatRate(n, locale),
    duration: (s: number | null | undefined) => formatDuration(s, locale),
    dateTime: (iso: string | null | undefined) => formatDateTime(iso, locale),
    age: (iso: string | null | undefined, now?: number) =>
      formatAge(iso, locale, now) ?? intl.formatMessage({ id: 'common.never' }),
    number: (n: number, digits?: number) => formatNumber(n, locale, digits),
    percent: (f: number) => formatPercent(f, locale),
  });
  return t;
}

/**
 * A catalogue problem is a bug to fix, never a blank on screen: it goes to the app's log (keys and ICU syntax
 * are also checked before it can ship: the catalogues' types and test/unit/catalogues.test.ts).
 */
function reportMissing(err: { message: string }): void {
  logWindowError('message failed', err);
}

/** The languages the system asks for (navigator.languages in the window; English where there is none). */
function systemLanguages(): readonly string[] {
  return typeof navigator !== 'undefined' && navigator.languages?.length
    ? navigator.languages
    : [typeof navigator !== 'undefined' ? navigator.language : 'en'];
}

interface LanguageState {
  setting: LanguageSetting;
  locale: Locale;
  t: Translator;
  /** Applies the language setting (from Settings, or the settings read at start). */
  apply(setting: LanguageSetting): void;
}

const initial = localeOf('system', systemLanguages());

/** The language in force, following the setting (the system's language by default). */
export const useLanguage = create<LanguageState>((set, get) => ({
  setting: 'system',
  locale: initial,
  t: translatorFor(initial),
  apply: (setting) => {
    const locale = localeOf(setting, systemLanguages());
    if (typeof document !== 'undefined') document.documentElement.lang = locale;
    if (locale === get().locale) set({ setting });
    else set({ setting, locale, t: translatorFor(locale) });
  },
}));

/** The translator, for components: they render again when the language changes. */
export function useT(): Translator {
  return useLanguage((s) => s.t);
}

/** The translator, for code outside components (stores, pure helpers called from handlers). */
export function t(): Translator {
  return useLanguage.getState().t;
}
