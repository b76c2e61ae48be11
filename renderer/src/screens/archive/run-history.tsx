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
import { t as translator } from '../../i18n/language';

/** The runs on this laptop, newest first, each with its totals and its HTML report. */
export function RunHistory({ runs }: { runs: RunSummary[] }) {
  const open = async (runId: string): Promise<void> => {
    try {
      await useArchive.getState().openReport(runId, translator().locale);
    } catch (err) {
      useNotices.getState().notify({ kind: 'error', title: 'The report could not be opened', body: toApiError(err).hint });
    }
  };
  // A finished run opens where it was made: every controller's row, the failures grouped, "Retry failed".
  const details = async (runId: string): Promise<void> => {
    try {
      await useRuns.getState().openPast(runId);
      useBulk.getState().showRun(runId);
      useNavigation.getState().go('bulk');
    } catch (err) {
      useNotices.getState().notify({ kind: 'error', title: 'The run could not be opened', body: toApiError(err).hint });
    }
  };
  if (runs.length === 0) return <EmptyState title="No runs yet">Backups made from the wizard or a bulk run are listed here with their reports.</EmptyState>;
  return (
    <table className="data-table runs-table">
      <caption className="visually-hidden">Runs</caption>
      <thead>
        <tr>
          <th scope="col">Started</th>
          <th scope="col">Sites</th>
          <th scope="col">Result</th>
          <th scope="col">Size</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
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
                <button type="button" className="button compact" onClick={() => void details(r.runId)} aria-label={`Details of the run of ${formatDateTime(r.startedAt)}, controller by controller`}>
                  <ListChecks size={16} aria-hidden />
                  Details
                </button>
              ) : null}
              <button type="button" className="button compact" onClick={() => void open(r.runId)} disabled={Boolean(r.damaged)} aria-label={`Open report of the run of ${formatDateTime(r.startedAt)}`}>
                <FileText size={16} aria-hidden />
                Open report
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RunResult({ run }: { run: RunSummary }) {
  const t = run.totals;
  if (run.damaged) return <span className="badge tone-bad">Journal damaged: {run.damaged}</span>;
  return (
    <span className="run-result">
      <span className={t.failed === 0 && t.succeeded === t.total ? 'tone-text-good' : ''}>
        {t.succeeded} of {t.total} backed up
      </span>
      {t.failed > 0 ? <span className="tone-text-bad"> · {t.failed} failed</span> : null}
      {t.cancelled > 0 ? <span className="muted"> · {t.cancelled} cancelled</span> : null}
      {!run.finished ? <span className="badge tone-warn">Interrupted — resume it from Bulk run</span> : null}
    </span>
  );
}
