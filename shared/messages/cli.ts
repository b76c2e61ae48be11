// The command line's catalogues: the common words (error hints, verdicts) and the CLI's own, per language.
import type { Locale } from '../locale';
import { cliEn } from './cli.en';
import { cliFrCa } from './cli.fr-ca';
import { commonEn } from './common.en';
import { commonFrCa } from './common.fr-ca';

/** A key the command line can say. */
export type CliKey = keyof typeof commonEn | keyof typeof cliEn;

/** Every message of the command line, per language. */
export const CLI_MESSAGES: Record<Locale, Record<CliKey, string>> = {
  en: { ...commonEn, ...cliEn },
  'fr-CA': { ...commonFrCa, ...cliFrCa },
};
