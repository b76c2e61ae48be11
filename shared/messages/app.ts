// The desktop app's catalogues: the common words and the app's own, per language. Imports only shared/.
import type { Locale } from '../locale';
import { appEn } from './app.en';
import { appFrCa } from './app.fr-ca';
import { commonEn } from './common.en';
import { commonFrCa } from './common.fr-ca';

/** A key the app can say. */
export type AppMessageKey = keyof typeof commonEn | keyof typeof appEn;

/** Every message of the app, per language. */
export const APP_MESSAGES: Record<Locale, Record<AppMessageKey, string>> = {
  en: { ...commonEn, ...appEn },
  'fr-CA': { ...commonFrCa, ...appFrCa },
};
