import { AlertTriangle, CheckCircle2, FileQuestion, FileWarning, FileX2 } from 'lucide-react';
import type { VerifyReport } from '../../../../preload/api';
import { useT, type Translator } from '../../i18n/language';

/** What verification found for one file (the core's VerifyStatus). */
export type VerifyStatus = VerifyReport['entries'][number]['status'];

const LOOK: Record<VerifyStatus, { icon: typeof CheckCircle2; tone: string }> = {
  ok: { icon: CheckCircle2, tone: 'good' },
  changed: { icon: FileWarning, tone: 'bad' },
  missing: { icon: FileX2, tone: 'bad' },
  orphaned: { icon: FileQuestion, tone: 'warn' },
  'invalid-sidecar': { icon: AlertTriangle, tone: 'bad' },
};

/** The order problems are listed in: the worst first. */
export const STATUS_ORDER: VerifyStatus[] = ['changed', 'missing', 'invalid-sidecar', 'orphaned', 'ok'];

/** A verification status as icon + word. */
export function VerifyBadge({ status, quiet = false }: { status: VerifyStatus; quiet?: boolean }) {
  const t = useT();
  const w = LOOK[status];
  const Icon = w.icon;
  // Quiet: a count of zero problems is no alarm, so it is not drawn in red.
  return (
    <span className={`badge tone-${quiet ? 'neutral' : w.tone}`}>
      <Icon size={16} aria-hidden />
      <span>{t(`verify.${status}.word`)}</span>
    </span>
  );
}

/** The words of a status for the report's counts: the label and what it means. */
export function statusWords(status: VerifyStatus, t: Translator): { plural: string; meaning: string; tone: string } {
  return { plural: t(`verify.${status}.plural`), meaning: t(`verify.${status}.meaning`), tone: LOOK[status].tone };
}
