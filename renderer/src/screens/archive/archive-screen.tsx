import { Loader2, ShieldCheck } from 'lucide-react';
import { useEffect, useMemo } from 'react';
import { ErrorPanel } from '../../components/error-panel';
import { formatBytes } from '../../components/format';
import { EmptyState, Page } from '../../components/page';
import { useArchive } from '../../stores/archive';
import { useRuns } from '../../stores/runs';
import { groupArchive, SiteBackups } from './backup-list';
import { RunHistory } from './run-history';
import { VerifyReportPanel } from './verify-report';
import './archive.css';

/** The backups on this laptop by site and controller, "Verify all", and the runs with their reports. */
export function ArchiveScreen() {
  const entries = useArchive((s) => s.entries);
  const loaded = useArchive((s) => s.loaded);
  const error = useArchive((s) => s.error);
  const verifying = useArchive((s) => s.verifying);
  const report = useArchive((s) => s.verifyReport);
  const history = useRuns((s) => s.history);
  const historyError = useRuns((s) => s.historyError);

  // The list follows the runs: a run that ends adds backups.
  useEffect(() => {
    void useArchive.getState().load();
  }, [history]);
  useEffect(() => {
    void useRuns.getState().loadHistory();
  }, []);

  const sites = useMemo(() => groupArchive(entries), [entries]);
  const bytes = entries.reduce((n, e) => n + e.bytes, 0);
  const controllers = sites.reduce((n, s) => n + s.controllers.length, 0);

  return (
    <Page
      title="Archive"
      subtitle={entries.length > 0 ? `${entries.length === 1 ? '1 backup' : `${entries.length} backups`} of ${controllers === 1 ? '1 controller' : `${controllers} controllers`} · ${formatBytes(bytes)}` : 'The backups on this laptop and the reports of each run.'}
      actions={
        <button type="button" className="button primary" onClick={() => void useArchive.getState().verifyAll()} disabled={verifying}>
          {verifying ? <Loader2 size={16} aria-hidden className="spin" /> : <ShieldCheck size={16} aria-hidden />}
          {verifying ? 'Verifying every file…' : 'Verify all'}
        </button>
      }
    >
      {error ? <ErrorPanel error={error} title="The archive could not be read" /> : null}
      <div aria-live="polite">{report && !verifying ? <VerifyReportPanel report={report} /> : null}</div>
      {loaded && entries.length === 0 && !error ? (
        <EmptyState title="No backups yet">
          <p>Back up a controller from the Controllers screen; each verified backup is listed here with its SHA-256.</p>
        </EmptyState>
      ) : null}
      {sites.map((s) => (
        <SiteBackups key={s.site} site={s.site} controllers={s.controllers} report={report} />
      ))}
      <section className="archive-runs" aria-labelledby="runs-title">
        <h2 id="runs-title">Runs</h2>
        {historyError ? <ErrorPanel error={historyError} title="The runs could not be listed" /> : <RunHistory runs={history} />}
      </section>
    </Page>
  );
}
