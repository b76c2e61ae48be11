// The vocabulary of a backup's state, as keys: verdicts, statuses, phases, and what a run's result means for
// the technician. Each screen, report and terminal words these keys in its language from the catalogues in
// shared/messages. Imports nothing.

/** Whether a controller may be upgraded: its backup exists, is verified, and restores on this firmware. */
export type Verdict = 'ready' | 'ready-with-warning' | 'not-ready';

/** Where one controller of a run stands (the journal's statuses, plus the live "waiting to retry"). */
export type RunStatus = 'pending' | 'running' | 'retry-wait' | 'succeeded' | 'failed' | 'cancelled';

/** The steps of one controller's backup, in order. */
export type Phase =
  'connecting' | 'listing' | 'creating' | 'waiting' | 'downloading' | 'verifying' | 'previewing' | 'saving' | 'done';

/**
 * What a controller's result means for the upgrade, the one reading the Bulk run screen, the wizard, the
 * HTML report and the CLI all give it:
 * - `ready` / `ready-with-warning`: backed up and safe to upgrade (with a reason to look at, for the second);
 * - `saved-not-ready`: a backup was saved but does not make the controller safe to upgrade (the controller
 *   says it cannot be restored, or it is on the USB key and unverified) — neither a failure nor "done";
 * - `not-backed-up`: failed, cancelled, or never reached.
 */
export type RunOutcome = 'ready' | 'ready-with-warning' | 'saved-not-ready' | 'not-backed-up';

/** The outcome of a controller from its status and verdict (see RunOutcome). */
export function runOutcome(status: RunStatus, verdict: Verdict): RunOutcome {
  if (status !== 'succeeded') return 'not-backed-up';
  return verdict === 'not-ready' ? 'saved-not-ready' : verdict;
}

/** The verdict reasons the core writes, recognised so that each language can say them (journals keep English). */
export type VerdictReason =
  | { kind: 'none' }
  | { kind: 'no-compatibility' }
  | { kind: 'usb-key' }
  | { kind: 'incompatible'; compatibility: string }
  | { kind: 'compatibility-warning'; compatibility: string }
  | { kind: 'other'; text: string };

/** The reason written for a backup whose controller did not report if it can be restored. */
export const REASON_NO_COMPATIBILITY = 'The controller did not report whether this backup can be restored.';
/** The reason written for a backup left on the controller's USB key. */
export const REASON_USB_KEY = "The backup is on the controller's USB key: it was not verified on this laptop.";
/** The start of the reason written when the controller says a backup cannot be restored. */
export const REASON_INCOMPATIBLE_PREFIX = 'The controller says this backup cannot be restored: ';

/** Recognises a verdict reason written by the core (today's or an older journal's) so it can be said in any language. */
export function verdictReasonOf(reason: string | null | undefined): VerdictReason {
  if (!reason) return { kind: 'none' };
  if (reason === REASON_NO_COMPATIBILITY) return { kind: 'no-compatibility' };
  if (reason === REASON_USB_KEY) return { kind: 'usb-key' };
  if (reason.startsWith(REASON_INCOMPATIBLE_PREFIX))
    return { kind: 'incompatible', compatibility: reason.slice(REASON_INCOMPATIBLE_PREFIX.length) };
  if (/^WARNING[_A-Z]*$/i.test(reason)) return { kind: 'compatibility-warning', compatibility: reason };
  return { kind: 'other', text: reason };
}
