import { FileWarning, History, Play } from 'lucide-react';
import { useState } from 'react';
import type { ApiError, RunSummary } from '../../../../preload/api';
import { toApiError } from '../../bridge/eclypse';
import { ErrorPanel } from '../../components/error-panel';
import { formatDateTime } from '../../components/format';
import { useBulk } from '../../stores/bulk';
import { useRuns, type LiveRun } from '../../stores/runs';
import { useControllerDirectory, type ControllerLabel } from './controller-directory';
import { needingPassword, ResumePassword } from './resume-password';
import { useT } from '../../i18n/language';

/** Runs whose journal says they never finished and that no window is running now: the app closed during them. */
function interruptedRuns(history: RunSummary[], live: Record<string, LiveRun>): RunSummary[] {
  return history.filter((r) => !r.finished && !r.damaged && live[r.runId]?.record !== null);
}

/**
 * What the app found of earlier runs: each interrupted one with how far it got and "Resume"; each run whose
 * journal cannot be read, said plainly (its finished backups are in the archive; it cannot be resumed).
 */
export function InterruptedRuns() {
  const history = useRuns((s) => s.history);
  const live = useRuns((s) => s.live);
  const [error, setError] = useState<ApiError | null>(null);
  const [resuming, setResuming] = useState<string | null>(null);
  const directory = useControllerDirectory();
  const t = useT();
  /** A run whose controllers need a password typed again before it can resume, and that password. */
  const [asking, setAsking] = useState<{ runId: string; needing: ControllerLabel[]; password: string } | null>(null);
  const interrupted = interruptedRuns(history, live);
  const damaged = history.filter((r) => r.damaged);
  if (interrupted.length === 0 && damaged.length === 0) return null;

  const resume = async (runId: string): Promise<void> => {
    setResuming(runId);
    setError(null);
    try {
      let password: string | undefined;
      if (asking?.runId === runId) password = asking.password;
      else {
        const needing = needingPassword(await useRuns.getState().loadRecord(runId), directory);
        if (needing.length > 0) {
          setAsking({ runId, needing, password: '' });
          return;
        }
      }
      await useRuns.getState().resume(runId, password);
      setAsking(null);
      useBulk.getState().showRun(runId);
    } catch (err) {
      // Typed again next time: a password is not kept past the attempt it was typed for.
      setAsking(null);
      setError(toApiError(err));
    } finally {
      setResuming(null);
    }
  };

  return (
    <div className="earlier-runs">
      {interrupted.map((r) => {
        const tot = r.totals;
        const done = tot.succeeded + tot.failed + tot.cancelled;
        return (
          <div
            key={r.runId}
            className="banner tone-warn-border"
            role="region"
            aria-label={t('interrupted.label', { runId: r.runId })}
          >
            <History size={20} aria-hidden />
            <p>
              {t.rich('interrupted.body', {
                b: (chunks) => <strong>{chunks}</strong>,
                done,
                total: tot.total,
                sites: r.sites.length > 0 ? ` · ${r.sites.join(', ')}` : '',
                started: formatDateTime(r.startedAt),
              })}
            </p>
            <button
              type="button"
              className="button primary"
              onClick={() => void resume(r.runId)}
              disabled={resuming !== null || (asking?.runId === r.runId && asking.password === '')}
              aria-label={t('interrupted.resume-label', { done, total: tot.total })}
            >
              <Play size={16} aria-hidden />
              {t('interrupted.resume')}
            </button>
            {asking?.runId === r.runId ? (
              <ResumePassword
                needing={asking.needing}
                value={asking.password}
                onChange={(password) => setAsking({ ...asking, password })}
                onSubmit={() => void resume(r.runId)}
                focus
              />
            ) : null}
          </div>
        );
      })}
      {damaged.map((r) => (
        <div
          key={r.runId}
          className="banner tone-bad-border"
          role="region"
          aria-label={t('damaged.label', { runId: r.runId })}
        >
          <FileWarning size={20} aria-hidden />
          <p>
            {t.rich('damaged.body', { b: (chunks) => <strong>{chunks}</strong>, runId: r.runId })}{' '}
            <span className="muted">({r.damaged})</span>
          </p>
        </div>
      ))}
      {error ? <ErrorPanel error={error} title={t('interrupted.failed')} /> : null}
    </div>
  );
}
