// The run report's catalogues: the common words (verdicts, error hints) and the report's own, per language.
import type { Locale } from '../locale';
import { commonEn } from './common.en';
import { commonFrCa } from './common.fr-ca';
import { reportEn } from './report.en';
import { reportFrCa } from './report.fr-ca';

/** A key the report can say. */
export type ReportKey = keyof typeof commonEn | keyof typeof reportEn;

/** Every message of the report, per language. */
export const REPORT_MESSAGES: Record<Locale, Record<ReportKey, string>> = {
  en: { ...commonEn, ...reportEn },
  'fr-CA': { ...commonFrCa, ...reportFrCa },
};
