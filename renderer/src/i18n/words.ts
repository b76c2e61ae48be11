import type { ApiError, PinState } from '../../../preload/api';
import type { Phase, RunStatus, Verdict } from '../../../shared/words';
import { backupWarningWords, verdictReasonWords } from '../../../shared/warnings';
import { APP_MESSAGES, type AppMessageKey } from '../../../shared/messages/app';
import type { Translator } from './language';

/** A verdict in words ("Ready for upgrade"). */
export function verdictWords(verdict: Verdict, t: Translator): string {
  return t(`verdict.${verdict}`);
}

/** A status in a run, in words ("Succeeded"). */
export function statusWords(status: RunStatus, t: Translator): string {
  return t(`status.${status}`);
}

/** A certificate state in words ("Trusted"). */
export function certWords(state: PinState, t: Translator): string {
  return t(`cert.${state}`);
}

/** The key of a phase's words (a phase has its own message, with no values). */
export function phaseKey(phase: Exclude<Phase, 'waiting' | 'downloading' | 'done'>): AppMessageKey {
  return `phase.${phase}`;
}

/** A verdict's reason in the language in force (shared with the report and the command line: shared/warnings.ts). */
export function verdictReasonText(reason: string | null | undefined, t: Translator): string | null {
  return verdictReasonWords(reason, t);
}

/** A warning the core wrote about a backup, in the language in force (shared/warnings.ts). */
export function warningText(warning: string, t: Translator): string {
  return backupWarningWords(warning, t);
}

/** What a failure's code is called in a few words ("Sign-in refused"). */
export function errorTitle(code: ApiError['code'], t: Translator): string {
  return t(`error.${code}.title`);
}

/**
 * What to do about a failure, in plain language. In English, main's own hint (it can name the cause: "this
 * account must change its password"); in another language, the code's hint from the catalogue.
 */
export function errorHint(error: Pick<ApiError, 'code' | 'hint'>, t: Translator): string {
  if (t.locale === 'en' && error.hint) return error.hint;
  return t(`error.${error.code}.hint`);
}

/** The title of a code that came as plain text (a journal, an overview): the code itself if it is not one we know. */
export function errorTitleOf(code: string, t: Translator): string {
  const key = `error.${code}.title`;
  return key in APP_MESSAGES.en ? t(key as AppMessageKey) : code;
}
