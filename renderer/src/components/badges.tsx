import {
  AlertTriangle,
  CheckCircle2,
  CircleDashed,
  CircleSlash,
  Clock,
  Loader2,
  Lock,
  LockOpen,
  ShieldAlert,
  XCircle,
} from 'lucide-react';
import type { PinState, Verdict } from '../../../preload/api';
import type { RunStatus } from '../../../shared/words';
import { useT } from '../i18n/language';
import { certWords, statusWords, verdictReasonText, verdictWords } from '../i18n/words';

const VERDICTS: Record<Verdict, { icon: typeof CheckCircle2; tone: string }> = {
  ready: { icon: CheckCircle2, tone: 'good' },
  'ready-with-warning': { icon: AlertTriangle, tone: 'warn' },
  'not-ready': { icon: XCircle, tone: 'bad' },
};

/** A verdict as icon + words (never colour alone), with the reason beside it when there is one. */
export function VerdictBadge({ verdict, reason }: { verdict: Verdict; reason?: string | null }) {
  const t = useT();
  const v = VERDICTS[verdict];
  const Icon = v.icon;
  const why = verdictReasonText(reason, t);
  return (
    <span className={`badge tone-${v.tone}`} title={why ?? undefined} data-verdict={verdict}>
      <Icon size={16} aria-hidden />
      <span>{verdictWords(verdict, t)}</span>
      {why ? <span className="badge-reason">{why}</span> : null}
    </span>
  );
}

const CERTS: Record<PinState, { icon: typeof Lock; tone: string }> = {
  pinned: { icon: Lock, tone: 'good' },
  unknown: { icon: LockOpen, tone: 'neutral' },
  changed: { icon: ShieldAlert, tone: 'bad' },
};

/** The certificate state of a controller: trusted (pinned), not trusted yet, or changed. */
export function CertBadge({ state }: { state: PinState }) {
  const t = useT();
  const c = CERTS[state];
  const Icon = c.icon;
  return (
    <span className={`badge tone-${c.tone}`}>
      <Icon size={16} aria-hidden />
      <span>{certWords(state, t)}</span>
    </span>
  );
}

const STATUSES: Record<RunStatus, { icon: typeof Lock; tone: string; spin?: boolean }> = {
  pending: { icon: Clock, tone: 'neutral' },
  running: { icon: Loader2, tone: 'info', spin: true },
  'retry-wait': { icon: CircleDashed, tone: 'warn' },
  succeeded: { icon: CheckCircle2, tone: 'good' },
  failed: { icon: XCircle, tone: 'bad' },
  cancelled: { icon: CircleSlash, tone: 'neutral' },
};

/** A controller's status in a run, as icon + word. */
export function StatusBadge({ status }: { status: RunStatus }) {
  const t = useT();
  const s = STATUSES[status];
  const Icon = s.icon;
  return (
    <span className={`badge tone-${s.tone}`} data-status={status}>
      <Icon size={16} aria-hidden className={s.spin ? 'spin' : undefined} />
      <span>{statusWords(status, t)}</span>
    </span>
  );
}
