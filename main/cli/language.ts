import { createIntl, createIntlCache } from '@formatjs/intl';
import { localeFromEnvironment, parseLanguageSetting, type Locale } from '../../shared/locale';
import { CLI_MESSAGES, type CliKey } from '../../shared/messages/cli';
import { isErrorCode } from '../../shared/errors';

/**
 * The language a person reads the command in: `--lang en|fr` (anywhere on the command line), else the terminal's
 * (LC_ALL, LC_MESSAGES, LANGUAGE, LANG), else English. --json output is for scripts and stays as it is.
 */
function cliLocale(argv: readonly string[] = process.argv, env: Readonly<Record<string, string | undefined>> = process.env): Locale {
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
}

const cache = createIntlCache();
let current: CliWords | null = null;

/** The words of the command line for the language it runs in (decided once per process). */
export function cliWords(locale: Locale = cliLocale()): CliWords {
  if (current && current.locale === locale) return current;
  const intl = createIntl({ locale, messages: CLI_MESSAGES[locale], defaultLocale: 'en' }, cache);
  const t = ((key: CliKey, values?: Record<string, string | number>) => intl.formatMessage({ id: key }, values)) as CliWords;
  Object.assign(t, {
    locale,
    hint: (code: string, recorded: string) => (locale === 'en' || !isErrorCode(code) ? recorded : t(`error.${code}.hint`)),
  });
  current = t;
  return t;
}
