// The languages the app and the command speak, and how one is chosen. Imports nothing: shared by the renderer,
// the core and the CLI.

/** Every language with a full catalogue: English, and French as written in Quebec. */
export const LOCALES = ['en', 'fr-CA'] as const;

/** A language with a full catalogue. */
export type Locale = (typeof LOCALES)[number];

/** The language setting: a language, or whatever the system (the OS, or the terminal's LANG) asks for. */
export type LanguageSetting = 'system' | Locale;

/** Every value of the language setting, "system" first (the default). */
export const LANGUAGE_SETTINGS = ['system', ...LOCALES] as const satisfies readonly LanguageSetting[];

/** The language of a BCP 47 or POSIX tag ("fr", "fr-FR", "fr_CA.UTF-8" → fr-CA); null for a language we lack. */
function localeOfTag(tag: string | null | undefined): Locale | null {
  const language = ((tag ?? '').trim().split(/[-_.@]/)[0] ?? '').toLowerCase();
  if (language === 'fr') return 'fr-CA';
  if (language === 'en') return 'en';
  return null;
}

/** The first language of a preference list (navigator.languages, LANGUAGE) that we speak; English otherwise. */
export function resolveLocale(tags: ReadonlyArray<string | null | undefined>): Locale {
  for (const tag of tags) {
    const locale = localeOfTag(tag);
    if (locale) return locale;
  }
  return 'en';
}

/** The locale a setting stands for, given what the system prefers. */
export function localeOf(setting: LanguageSetting, system: ReadonlyArray<string | null | undefined>): Locale {
  return setting === 'system' ? resolveLocale(system) : setting;
}

/**
 * What a terminal asks for, the POSIX way: LC_ALL, then LC_MESSAGES, then LANG (LANGUAGE, a GNU list, before
 * LANG when set). "C" and "POSIX" mean English.
 */
export function localeFromEnvironment(env: Readonly<Record<string, string | undefined>>): Locale {
  const first = env.LC_ALL || env.LC_MESSAGES || '';
  if (first) return resolveLocale([first]);
  const list = (env.LANGUAGE ?? '').split(':').filter(Boolean);
  return resolveLocale([...list, env.LANG]);
}

/** Parses a --lang value or a stored setting; null when it names no language we have. */
export function parseLanguageSetting(value: string): LanguageSetting | null {
  const v = value.trim();
  if (v === 'system' || v === '') return 'system';
  return localeOfTag(v);
}
