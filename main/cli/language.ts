import { createIntl, createIntlCache } from '@formatjs/intl';
import { formatBytes as formatBytesIn, formatDuration as formatDurationIn, formatNumber } from '../../shared/format';
import { localeFromEnvironment, parseLanguageSetting, type Locale } from '../../shared/locale';
import { CLI_MESSAGES, type CliKey } from '../../shared/messages/cli';
import { backupWarningWords, controllerWordsOf, verdictReasonWords } from '../../shared/warnings';
import { isErrorCode } from '../../shared/errors';

/**
 * The language a person reads the command in: `--lang en|fr` (anywhere on the command line), else the terminal's
 * (LC_ALL, LC_MESSAGES, LANGUAGE, LANG), else English. --json output is for scripts and stays as it is.
 */
function cliLocale(
  argv: readonly string[] = process.argv,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Locale {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const flag = i < 0 ? undefined : argv[i];
  const given = flag === undefined ? undefined : flag.includes('=') ? flag.slice('--lang='.length) : argv[i + 1];
  const setting = given === undefined ? null : parseLanguageSetting(given);
  return setting === null || setting === 'system' ? localeFromEnvironment(env) : setting;
}

/** The CLI's words in one language. */
export interface CliWords {
  locale: Locale;
  (key: CliKey, values?: Record<string, string | number>): string;
  /** A failure's hint in this language: the catalogue's for a known code (English keeps the core's own, which may name the cause). */
  hint(code: string, recorded: string): string;
  /** A failure's title ("Sign-in refused"); the code itself when it is not one we know. */
  title(code: string): string;
  /**
   * What happened, in this language: English keeps the core's message (it names the cause); another language
   * says the code's title, with the controller's own words where the core quoted them.
   */
  failure(code: string, message: string): string;
  /** A verdict's reason (recognised from the core's English, shared with the app and the report). */
  reason(reason: string | null | undefined): string | null;
  /** A warning the core wrote about a backup (recognised likewise). */
  warning(text: string): string;
  /** A size ("2.1 MB", "2,1 Mo"). */
  bytes(bytes: number | null | undefined): string;
  /** A whole number ("1,234", "1 234"). */
  number(value: number): string;
  /** A duration: English keeps the CLI's short form ("42 s", "3 min", "1 h 05 min"); French "2 min 5 s". */
  duration(seconds: number): string;
}

const cache = createIntlCache();
const made = new Map<Locale, CliWords>();

/** "42 s", "3 min", "1 h 05 min": the English CLI's durations since before it spoke French (tests read them). */
function formatShortDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  const h = Math.floor(seconds / 3600);
  return `${h} h ${String(Math.round((seconds % 3600) / 60)).padStart(2, '0')} min`;
}

/** The words of the command line for the language it runs in (decided once per process). */
export function cliWords(locale: Locale = cliLocale()): CliWords {
  const known = made.get(locale);
  if (known) return known;
  const intl = createIntl({ locale, messages: CLI_MESSAGES[locale], defaultLocale: 'en' }, cache);
  const t = ((key: CliKey, values?: Record<string, string | number>) =>
    intl.formatMessage({ id: key }, values)) as CliWords;
  const title = (code: string): string => (isErrorCode(code) ? t(`error.${code}.title`) : code);
  Object.assign(t, {
    locale,
    hint: (code: string, recorded: string) =>
      locale === 'en' || !isErrorCode(code) ? recorded : t(`error.${code}.hint`),
    title,
    failure: (code: string, message: string) => {
      if (locale === 'en') return message;
      const quoted = controllerWordsOf(code, message);
      return quoted === null ? title(code) : t('cli.failure.quoted', { title: title(code), quoted });
    },
    reason: (reason: string | null | undefined) => verdictReasonWords(reason, t),
    warning: (text: string) => backupWarningWords(text, t),
    bytes: (bytes: number | null | undefined) => formatBytesIn(bytes, locale),
    number: (value: number) => formatNumber(value, locale),
    duration: (seconds: number) => (locale === 'en' ? formatShortDuration(seconds) : formatDurationIn(seconds, locale)),
  });
  made.set(locale, t);
  return t;
}
