import { CheckCircle2, CircleSlash, Clock, Loader2, XCircle } from 'lucide-react';
import type { ComponentType, ReactNode } from 'react';
import { formatBytes, formatDuration, formatRate } from '../../components/format';
import { ProgressBar } from '../../components/progress-bar';
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

/** The counts of a run: from its record once finished, else from the latest progress event. */
function useRunCounts(runId: string): RunCounts | null {
  const progress = useRuns((s) => s.live[runId]?.progress ?? null);
  const record = useRuns((s) => s.live[runId]?.record ?? null);
  if (record) {
    const t = record.totals;
    return { total: t.total, succeeded: t.succeeded, running: 0, waiting: t.total - t.succeeded - t.failed - t.cancelled, failed: t.failed, cancelled: t.cancelled, bytes: t.bytes, bytesPerSecond: 0, etaSeconds: null };
  }
  if (!progress) return null;
  const { total, done, succeeded, failed, cancelled, running, bytes, bytesPerSecond, etaSeconds } = progress;
  return { total, succeeded, running, waiting: Math.max(0, total - done - running), failed, cancelled, bytes, bytesPerSecond, etaSeconds };
}

const COUNTS: Array<{ key: 'succeeded' | 'running' | 'waiting' | 'failed' | 'cancelled'; word: string; icon: ComponentType<{ size?: number; 'aria-hidden'?: boolean; className?: string }>; tone: string }> = [
  { key: 'succeeded', word: 'Succeeded', icon: CheckCircle2, tone: 'good' },
  { key: 'running', word: 'Running', icon: Loader2, tone: 'info' },
  { key: 'waiting', word: 'Waiting', icon: Clock, tone: 'neutral' },
  { key: 'failed', word: 'Failed', icon: XCircle, tone: 'bad' },
  { key: 'cancelled', word: 'Cancelled', icon: CircleSlash, tone: 'neutral' },
];

/** The bar on top of a run: how many succeeded / run / wait / failed, bytes, rate, time left, overall progress. */
export function RunSummary({ runId, actions }: { runId: string; actions?: ReactNode }) {
  const counts = useRunCounts(runId);
  const finished = useRuns((s) => s.live[runId]?.record != null);
  if (!counts) {
    return (
      <div className="run-summary card" aria-label="Run summary">
        <div className="run-summary-head">
          <p className="run-summary-line">
            <Loader2 size={16} aria-hidden /> Starting the run…
          </p>
          {actions}
        </div>
      </div>
    );
  }
  const done = counts.succeeded + counts.failed + counts.cancelled;
  const tone = finished ? (counts.failed > 0 || counts.cancelled > 0 ? 'warn' : 'good') : 'info';
  return (
    <div className="run-summary card" aria-label="Run summary">
      <div className="run-summary-head">
        <ul className="run-counts">
          {COUNTS.filter((c) => c.key !== 'cancelled' || counts.cancelled > 0).map(({ key, word, icon: Icon, tone: t }) => (
            <li key={key} className={`run-count tone-${t}`} data-count={key}>
              <Icon size={18} aria-hidden className={key === 'running' && counts.running > 0 ? 'spin' : undefined} />
              <span className="run-count-value">{counts[key]}</span>
              <span className="run-count-word">{word}</span>
            </li>
          ))}
        </ul>
        {actions}
      </div>
      <div className="run-figures">
        <span>
          <strong>{done}</strong> of <strong>{counts.total}</strong> done
        </span>
        <span>{formatBytes(counts.bytes)} saved</span>
        {finished || counts.bytesPerSecond <= 0 ? null : <span>{formatRate(counts.bytesPerSecond)}</span>}
        {finished ? null : <span>{counts.etaSeconds === null ? 'Estimating time left…' : `About ${formatDuration(counts.etaSeconds)} left`}</span>}
      </div>
      <ProgressBar value={counts.total > 0 ? done / counts.total : 0} tone={tone} label={`Run progress: ${done} of ${counts.total} controllers done`} />
    </div>
  );
}
