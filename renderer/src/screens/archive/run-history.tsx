import { FileText, ListChecks } from 'lucide-react';
import type { RunSummary } from '../../../../preload/api';
import { toApiError } from '../../bridge/eclypse';
import { formatBytes, formatDateTime } from '../../components/format';
import { EmptyState } from '../../components/page';
import { useArchive } from '../../stores/archive';
import { useBulk } from '../../stores/bulk';
import { useNavigation } from '../../stores/navigation';
import { useNotices } from '../../stores/notices';
import { useRuns } from '../../stores/runs';
import { t as translator, useT } from '../../i18n/language';
import { errorHint } from '../../i18n/words';
import { TableHead } from '../../components/table-head';

/** The runs on this laptop, newest first, each with its totals and its HTML report. */
export function RunHistory({ runs }: { runs: RunSummary[] }) {
  const t = useT();
  const open = async (runId: string): Promise<void> => {
    try {
      await useArchive.getState().openReport(runId, translator().locale);
    } catch (err) {
      useNotices
        .getState()
        .notify({ kind: 'error', title: t('history.open-failed'), body: errorHint(toApiError(err), t) });
    }
  };
  // A finished run opens where it was made: every controller's row, the failures grouped, "Retry failed".
  const details = async (runId: string): Promise<void> => {
    try {
      await useRuns.getState().openPast(runId);
      useBulk.getState().showRun(runId);
      useNavigation.getState().go('bulk');
    } catch (err) {
      useNotices
        .getState()
        .notify({ kind: 'error', title: t('history.details-failed'), body: errorHint(toApiError(err), t) });
    }
  };
  if (runs.length === 0) return <EmptyState title={t('history.empty.title')}>{t('history.empty.body')}</EmptyState>;
  return (
    <table className="data-table runs-table">
      <TableHead
        caption={t('history.caption')}
        columns={[
          t('history.started'),
          t('history.sites'),
          t('run.col.result'),
          t('check.col.size'),
          { hidden: t('common.actions') },
        ]}
      />
      <tbody>
        {runs.map((r) => (
          <tr key={r.runId}>
            <td>{formatDateTime(r.startedAt)}</td>
            <td>{r.sites.length > 0 ? r.sites.join(', ') : '—'}</td>
            <td>
              <RunResult run={r} />
            </td>
            <td>{formatBytes(r.totals.bytes)}</td>
            <td className="col-actions">
              {r.finished && !r.damaged ? (
                <button
                  type="button"
                  className="button compact"
                  onClick={() => void details(r.runId)}
                  aria-label={t('history.details-label', { when: formatDateTime(r.startedAt) })}
                >
                  <ListChecks size={16} aria-hidden />
                  {t('history.details')}
                </button>
              ) : null}
              <button
                type="button"
                className="button compact"
                onClick={() => void open(r.runId)}
                disabled={Boolean(r.damaged)}
                aria-label={t('history.open-label', { when: formatDateTime(r.startedAt) })}
              >
                <FileText size={16} aria-hidden />
                {t('outcome.open-report')}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RunResult({ run }: { run: RunSummary }) {
  const t = useT();
  const tot = run.totals;
  if (run.damaged) return <span className="badge tone-bad">{t('history.damaged', { why: run.damaged })}</span>;
  return (
    <span className="run-result">
      <span className={tot.failed === 0 && tot.succeeded === tot.total ? 'tone-text-good' : ''}>
        {t('history.backed-up', { done: tot.succeeded, total: tot.total })}
      </span>
      {tot.failed > 0 ? <span className="tone-text-bad"> · {t('outcome.failed', { count: tot.failed })}</span> : null}
      {tot.cancelled > 0 ? <span className="muted"> · {t('outcome.cancelled', { count: tot.cancelled })}</span> : null}
      {!run.finished ? <span className="badge tone-warn">{t('history.interrupted')}</span> : null}
    </span>
  );
}
