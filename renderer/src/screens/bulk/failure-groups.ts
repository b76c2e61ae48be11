import type { ControllerRunResult, ErrorCode, RunRecord } from '../../../../preload/api';
import { runOutcome } from '../../../../shared/words';
import type { Translator } from '../../i18n/language';
import { errorHint, errorTitleOf, verdictReasonText } from '../../i18n/words';
import type { ControllerLabel } from './controller-directory';

/** What a group of failures asks the technician to do, as a button that does it (or null when only words can). */
export type FixAction =
  { kind: 'password'; profile: string } | { kind: 'trust' } | { kind: 'retry' } | { kind: 'settings' } | null;

/** The controllers of a run that were not made ready for one reason, with what that reason means and what fixes it. */
export interface FailureGroup {
  /** An error code, CANCELLED, or SAVED_NOT_READY (backed up, but the backup does not make it safe to upgrade). */
  code: ErrorCode | 'CANCELLED' | 'SAVED_NOT_READY';
  /** A few words a technician scans: "Sign-in refused". */
  title: string;
  /** The code's hint, in plain language. */
  hint: string;
  /** The action that fixes it for THESE controllers ("Check the password for profile Boiler room"). */
  fix: string;
  /** The button that does the fix, where one can. */
  action: FixAction;
  controllers: Array<{ id: string; name: string; message: string; result: ControllerRunResult }>;
}

/**
 * Groups a finished run's results that are not ready by cause, biggest group first: each error code; cancelled
 * controllers; and controllers backed up whose backup does not make them safe to upgrade (the same reading as the
 * HTML report: shared/words.ts runOutcome).
 */
export function groupFailures(
  record: RunRecord,
  label: (id: string) => ControllerLabel,
  t: Translator,
): FailureGroup[] {
  const groups = new Map<string, ControllerRunResult[]>();
  for (const r of record.results) {
    const outcome = runOutcome(r.status, r.verdict);
    if (outcome === 'ready' || outcome === 'ready-with-warning') continue;
    // A controller never reached (the run was cancelled before its turn) counts as cancelled.
    const code =
      outcome === 'saved-not-ready' ? 'SAVED_NOT_READY' : r.status === 'failed' && r.error ? r.error.code : 'CANCELLED';
    groups.set(code, [...(groups.get(code) ?? []), r]);
  }
  return [...groups.entries()]
    .map(([code, results]) => {
      const labelled = results.map((r) => ({ result: r, label: label(r.controllerId) }));
      const labels = labelled.map((l) => l.label);
      // Each group has one result at least: the first one's error speaks for the group.
      const firstError = results[0]?.error ?? null;
      return {
        code: code as FailureGroup['code'],
        title: causeTitle(code, t),
        hint:
          code === 'SAVED_NOT_READY'
            ? t('fix.saved-not-ready.hint')
            : code === 'CANCELLED'
              ? t('fix.cancelled.hint')
              : errorHint(firstError ?? { code: code as ErrorCode, hint: '' }, t),
        fix: fixFor(code, labels, firstError, t),
        action: actionFor(code, labels),
        controllers: labelled.map(({ result: r, label: l }) => ({
          id: r.controllerId,
          name: l.name,
          message: r.error?.message ?? verdictReasonText(r.verdictReason, t) ?? '',
          result: r,
        })),
      };
    })
    .sort((a, b) => b.controllers.length - a.controllers.length || a.title.localeCompare(b.title));
}

/** A cause in a few words ("Sign-in refused"); the code itself when it has none. */
export function causeTitle(code: string, t: Translator): string {
  if (code === 'SAVED_NOT_READY') return t('outcome.saved-not-ready');
  return errorTitleOf(code, t);
}

/** The button that fixes a cause for these controllers, where one can. */
export function actionFor(code: string, labels: ControllerLabel[]): FixAction {
  const profiles = [...new Set(labels.map((l) => l.credential))];
  if ((code === 'AUTH_FAILED' || code === 'KEYCHAIN_UNAVAILABLE') && profiles.length === 1 && profiles[0])
    return { kind: 'password', profile: profiles[0] };
  if (code === 'CERT_CHANGED') return { kind: 'trust' };
  if (code === 'JOB_TIMEOUT' || code === 'DISK_ERROR') return { kind: 'settings' };
  if (code === 'SAVED_NOT_READY' || code === 'INVALID_INPUT' || code === 'API_UNSUPPORTED' || code === 'CERT_UNTRUSTED')
    return null;
  return { kind: 'retry' };
}

/**
 * The action for controllers that failed with `code`, naming what the technician must touch: the profile, the
 * controllers, the setting. `error` is the first one's (its message names what is missing for INVALID_INPUT).
 */
export function fixFor(
  code: string,
  labels: ControllerLabel[],
  error: { message: string; hint: string } | null,
  t: Translator,
): string {
  const names = listOf(
    labels.map((l) => l.name),
    t,
  );
  const count = labels.length;
  switch (code) {
    case 'AUTH_FAILED':
    case 'FORBIDDEN':
      return loginFix(code, labels, t);
    case 'UNREACHABLE':
    case 'TIMEOUT':
    case 'TLS_FAILED':
      return t('fix.network', { names, count });
    case 'CERT_CHANGED':
      return t('fix.cert-changed', { names, count });
    case 'CERT_UNTRUSTED':
      return t('fix.cert-untrusted', { names });
    case 'USB_KEY_MISSING':
      return t('fix.usb', { names });
    case 'DEVICE_BUSY':
    case 'DEVICE_ERROR':
    case 'DOWNLOAD_INCOMPLETE':
    case 'ARCHIVE_INVALID':
      return t('fix.wait-retry');
    case 'JOB_TIMEOUT':
      return t('fix.job-timeout');
    case 'DISK_ERROR':
      return t('fix.disk');
    case 'KEYCHAIN_UNAVAILABLE':
      return t('fix.keychain');
    case 'INVALID_INPUT':
      // The message names the controller and what is missing ("No user name for AHU-3: …"), in main's words.
      return t.locale === 'en' && error?.message ? error.message : t('fix.invalid-input');
    case 'CANCELLED':
      return t('fix.cancelled', { names });
    case 'SAVED_NOT_READY':
      return t('fix.saved-not-ready', { names, count });
    default:
      return error ? errorHint({ code: code as ErrorCode, hint: error.hint }, t) : t('fix.default');
  }
}

function loginFix(code: string, labels: ControllerLabel[], t: Translator): string {
  const profiles = [...new Set(labels.map((l) => l.credential).filter((p): p is string => p !== null))];
  const own = labels.filter((l) => l.credential === null).map((l) => l.name);
  const forbidden = code === 'FORBIDDEN' ? 'yes' : 'no';
  const parts: string[] = [];
  if (profiles.length > 0)
    parts.push(t('fix.login.profiles', { forbidden, count: profiles.length, profiles: listOf(profiles, t) }));
  if (own.length > 0)
    parts.push(t('fix.login.own', { forbidden, names: listOf(own, t), first: parts.length === 0 ? 'yes' : 'no' }));
  return t('fix.login', { parts: parts.join('; ') });
}

/** "A", "A and B", "A, B and 3 more" (in the language in force). */
export function listOf(names: string[], t: Translator): string {
  const and = t('fix.and');
  if (names.length <= 2) return names.join(` ${and} `);
  if (names.length <= 4) return `${names.slice(0, -1).join(', ')} ${and} ${names[names.length - 1]}`;
  return t('common.and-more', { names: names.slice(0, 3).join(', '), count: names.length - 3 });
}
