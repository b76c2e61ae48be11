import { CheckCircle2, CircleSlash, Clock, Loader2, XCircle } from 'lucide-react';
import type { ComponentType, ReactNode } from 'react';
import type { AppMessageKey } from '../../../../shared/messages/app';
import { useT } from '../../i18n/language';
import { useRuns } from '../../stores/runs';

/** The run's counts as the summary bar shows them. */
export interface RunCounts {
  total: number;
  succeeded: number;
  running: number;
  waiting: number;
  failed: number;
  cancelled: number;
  bytes: number;
  bytesPerSecond: number;
  etaSeconds: number | null;
}

/** Which controllers of a run the table shows: all, or those of one count. */
export type RunFilter = 'all' | 'succeeded' | 'running' | 'waiting' | 'failed' | 'cancelled';

/** The counts of a run: from its record once finished, else from the latest progress event. */
function useRunCounts(runId: string): RunCounts | null {
  const progress = useRuns((s) => s.live[runId]?.progress ?? null);
  const record = useRuns((s) => s.live[runId]?.record ?? null);
  if (record) {
    const t = record.totals;
    return {
      total: t.total,
      succeeded: t.succeeded,
      running: 0,
      waiting: t.total - t.succeeded - t.failed - t.cancelled,
      failed: t.failed,
      cancelled: t.cancelled,
      bytes: t.bytes,
      bytesPerSecond: 0,
      etaSeconds: null,
    };
  }
  if (!progress) return null;
  const { total, done, succeeded, failed, cancelled, running, bytes, bytesPerSecond, etaSeconds } = progress;
  return {
    total,
    succeeded,
    running,
    waiting: Math.max(0, total - done - running),
    failed,
    cancelled,
    bytes,
    bytesPerSecond,
    etaSeconds,
  };
}

const COUNTS: Array<{
  key: Exclude<RunFilter, 'all'>;
  word: AppMessageKey;
  icon: ComponentType<{ size?: number; 'aria-hidden'?: boolean; className?: string }>;
  tone: string;
}> = [
  { key: 'failed', word: 'status.failed', icon: XCircle, tone: 'bad' },
  { key: 'running', word: 'status.running', icon: Loader2, tone: 'info' },
  { key: 'waiting', word: 'status.pending', icon: Clock, tone: 'neutral' },
  { key: 'succeeded', word: 'status.succeeded', icon: CheckCircle2, tone: 'good' },
  { key: 'cancelled', word: 'status.cancelled', icon: CircleSlash, tone: 'neutral' },
];

/**
 * The bar on top of a run: each count (failed first) is also the table's filter; what is backed up, what failed
 * and what runs, said apart ("8 of 10 backed up · 1 failed", never failures counted as "done"); bytes, rate, time
 * left; and the bar split by outcome.
 */
export function RunSummary({
  runId,
  actions,
  filter,
  onFilter,
}: {
  runId: string;
  actions?: ReactNode;
  filter: RunFilter;
  onFilter(filter: RunFilter): void;
}) {
  const t = useT();
  const counts = useRunCounts(runId);
  const finished = useRuns((s) => s.live[runId]?.record != null);
  if (!counts) {
    return (
      <div className="run-summary card" aria-label={t('run.summary')}>
        <div className="run-summary-head">
          <p className="run-summary-line">
            <Loader2 size={16} aria-hidden /> {t('run.starting')}
          </p>
          {actions}
        </div>
      </div>
    );
  }
  const share = (n: number): string => `${counts.total > 0 ? (n / counts.total) * 100 : 0}%`;
  return (
    <div className="run-summary card" aria-label={t('run.summary')}>
      <div className="run-summary-head">
        <div className="run-counts" role="group" aria-label={t('run.filter')}>
          {COUNTS.filter((c) => c.key !== 'cancelled' || counts.cancelled > 0).map(
            ({ key, word, icon: Icon, tone }) => (
              <button
                key={key}
                type="button"
                className={`run-count tone-${tone}${filter === key ? ' active' : ''}`}
                data-count={key}
                aria-pressed={filter === key}
                onClick={() => onFilter(filter === key ? 'all' : key)}
              >
                <Icon size={18} aria-hidden className={key === 'running' && counts.running > 0 ? 'spin' : undefined} />
                <span className="run-count-value">{counts[key]}</span>
                <span className="run-count-word">{t(word)}</span>
              </button>
            ),
          )}
        </div>
        {actions}
      </div>
      <div className="run-figures">
        <span>
          {t.rich('run.backed-up', {
            b: (chunks) => <strong>{chunks}</strong>,
            done: counts.succeeded,
            total: counts.total,
          })}
        </span>
        {counts.failed > 0 ? (
          <span className="tone-text-bad">{t('run.failed-count', { count: counts.failed })}</span>
        ) : null}
        <span>{t('run.saved-bytes', { bytes: t.bytes(counts.bytes) })}</span>
        {finished || counts.bytesPerSecond <= 0 ? null : <span>{t.rate(counts.bytesPerSecond)}</span>}
        {finished ? null : (
          <span>
            {counts.etaSeconds === null
              ? t('run.estimating')
              : t('run.eta', { duration: t.duration(counts.etaSeconds) })}
          </span>
        )}
      </div>
      <div
        className="outcome-bar"
        role="img"
        aria-label={t('run.bar', {
          succeeded: counts.succeeded,
          failed: counts.failed,
          cancelled: counts.cancelled,
          running: counts.running,
          waiting: counts.waiting,
        })}
      >
        <span className="seg seg-good" style={{ width: share(counts.succeeded) }} />
        <span className="seg seg-bad" style={{ width: share(counts.failed) }} />
        <span className="seg seg-neutral" style={{ width: share(counts.cancelled) }} />
        <span className="seg seg-info" style={{ width: share(counts.running) }} />
      </div>
    </div>
  );
}
