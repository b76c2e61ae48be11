import type { BackupOutcome } from '../backup/pipeline';
import {
  REASON_INCOMPATIBLE_PREFIX,
  REASON_NO_COMPATIBILITY,
  REASON_USB_KEY,
  type Verdict,
} from '../../../shared/words';

/**
 * Whether a controller is safe to upgrade, judged from its backup: succeeded, on this laptop with a SHA-256,
 * zip read back, and a compatibility the controller calls restorable. A missing preview (v2 has none) is a
 * warning that is shown, never silently "ready".
 */
export function judgeBackup(outcome: Pick<BackupOutcome, 'status' | 'backup' | 'error'>): {
  verdict: Verdict;
  reason: string | null;
} {
  if (outcome.status !== 'succeeded' || !outcome.backup) {
    const why = outcome.error ? `${outcome.error.code}: ${outcome.error.message}` : `backup ${outcome.status}`;
    return { verdict: 'not-ready', reason: why };
  }
  const b = outcome.backup;
  if (b.file === null || b.sha256 === null) {
    return { verdict: 'not-ready', reason: REASON_USB_KEY };
  }
  return judgeCompatibility(b.compatibility);
}

/** The verdict of a backup that is on this laptop and verified, from what the controller said of restoring it. */
export function judgeCompatibility(compatibility: string | null): { verdict: Verdict; reason: string | null } {
  if (compatibility === null) return { verdict: 'ready-with-warning', reason: REASON_NO_COMPATIBILITY };
  if (compatibility.toUpperCase() === 'OK') return { verdict: 'ready', reason: null };
  if (compatibility.toUpperCase().startsWith('WARNING'))
    return { verdict: 'ready-with-warning', reason: compatibility };
  return { verdict: 'not-ready', reason: `${REASON_INCOMPATIBLE_PREFIX}${compatibility}` };
}
