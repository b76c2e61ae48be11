import { AlertTriangle, CheckCircle2, CircleDashed, CircleSlash, Clock, Loader2, Lock, LockOpen, ShieldAlert, XCircle } from 'lucide-react';
import type { PinState, Verdict } from '../../../preload/api';

const VERDICTS: Record<Verdict, { word: string; icon: typeof CheckCircle2; tone: string }> = {
  ready: { word: 'Ready for upgrade', icon: CheckCircle2, tone: 'good' },
  'ready-with-warning': { word: 'Ready with warning', icon: AlertTriangle, tone: 'warn' },
  'not-ready': { word: 'Not ready', icon: XCircle, tone: 'bad' },
};

/** A verdict as icon + words (never colour alone), with the reason beside it when there is one. */
export function VerdictBadge({ verdict, reason }: { verdict: Verdict; reason?: string | null }) {
  const v = VERDICTS[verdict];
  const Icon = v.icon;
  return (
    <span className={`badge tone-${v.tone}`} title={reason ?? undefined}>
      <Icon size={16} aria-hidden />
      <span>{v.word}</span>
      {reason ? <span className="badge-reason">{reason}</span> : null}
    </span>
  );
}

const CERTS: Record<PinState, { word: string; icon: typeof Lock; tone: string }> = {
  pinned: { word: 'Trusted', icon: Lock, tone: 'good' },
  unknown: { word: 'Not trusted yet', icon: LockOpen, tone: 'neutral' },
  changed: { word: 'Certificate changed', icon: ShieldAlert, tone: 'bad' },
};

/** The certificate state of a controller: trusted (pinned), not trusted yet, or changed. */
export function CertBadge({ state }: { state: PinState }) {
  const c = CERTS[state];
  const Icon = c.icon;
  return (
    <span className={`badge tone-${c.tone}`}>
      <Icon size={16} aria-hidden />
      <span>{c.word}</span>
    </span>
  );
}

type Status = 'pending' | 'running' | 'retry-wait' | 'succeeded' | 'failed' | 'cancelled';
const STATUSES: Record<Status, { word: string; icon: typeof Lock; tone: string; spin?: boolean }> = {
  pending: { word: 'Waiting', icon: Clock, tone: 'neutral' },
  running: { word: 'Running', icon: Loader2, tone: 'info', spin: true },
  'retry-wait': { word: 'Will retry', icon: CircleDashed, tone: 'warn' },
  succeeded: { word: 'Succeeded', icon: CheckCircle2, tone: 'good' },
  failed: { word: 'Failed', icon: XCircle, tone: 'bad' },
  cancelled: { word: 'Cancelled', icon: CircleSlash, tone: 'neutral' },
};

/** A controller's status in a run, as icon + word. */
export function StatusBadge({ status }: { status: Status }) {
  const s = STATUSES[status];
  const Icon = s.icon;
  return (
    <span className={`badge tone-${s.tone}`}>
      <Icon size={16} aria-hidden className={s.spin ? 'spin' : undefined} />
      <span>{s.word}</span>
    </span>
  );
}
