import type { ApiError, PinState } from '../../../preload/api';
import { verdictReasonOf, type Phase, type RunStatus, type Verdict } from '../../../shared/words';
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

/**
 * A verdict's reason in the language in force: the reasons the core writes are recognised (journals keep them
 * in English); a reason of the controller's own (its compatibility word) is shown as it said it.
 */
export function verdictReasonText(reason: string | null | undefined, t: Translator): string | null {
  const r = verdictReasonOf(reason);
  switch (r.kind) {
    case 'none':
      return null;
    case 'no-compatibility':
      return t('verdict.reason.no-compatibility');
    case 'usb-key':
      return t('verdict.reason.usb-key');
    case 'incompatible':
      return t('verdict.reason.incompatible', { compatibility: r.compatibility });
    case 'compatibility-warning':
      return r.compatibility;
    case 'other':
      return r.text;
  }
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
