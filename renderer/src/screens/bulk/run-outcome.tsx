import { CheckCircle2, FileDown, FileText, Plus, RotateCcw, TriangleAlert } from 'lucide-react';
import { useMemo, useState } from 'react';
import type { ApiError, RunRecord } from '../../../../preload/api';
import { toApiError } from '../../bridge/eclypse';
import { ErrorPanel } from '../../components/error-panel';
import { formatBytes } from '../../components/format';
import { useArchive } from '../../stores/archive';
import { useBulk } from '../../stores/bulk';
import { useNotices } from '../../stores/notices';
import { useRuns } from '../../stores/runs';
import { labelFor, useControllerDirectory } from './controller-directory';
import { groupFailures } from './failure-groups';
import { needingPassword, ResumePassword } from './resume-password';

/** The end of a run: what happened in one sentence, the failures grouped by cause with their fix, and what next. */
export function RunOutcome({ runId, record }: { runId: string; record: RunRecord }) {
  const directory = useControllerDirectory();
  const groups = useMemo(() => groupFailures(record, (id) => labelFor(id, directory, record)), [record, directory]);
  const [busy, setBusy] = useState<'retry' | 'open' | 'export' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const notify = useNotices((s) => s.notify);
  const t = record.totals;
  const notBackedUp = t.total - t.succeeded;
  const needing = useMemo(() => needingPassword(record, directory), [record, directory]);
  const [password, setPassword] = useState('');

  const act = async (what: 'retry' | 'open' | 'export', job: () => Promise<void>): Promise<void> => {
    setBusy(what);
    setError(null);
    try {
      await job();
    } catch (err) {
      const e = toApiError(err);
      setError(e);
      // A retry takes this panel away while it starts; if it fails, the panel that comes back is a new one.
      if (what === 'retry') notify({ kind: 'error', title: 'The failed controllers were not retried', body: e.hint });
    } finally {
      setBusy(null);
    }
  };
  const retry = () => act('retry', () => useRuns.getState().resume(runId, needing.length > 0 ? password : undefined));
  const open = () => act('open', () => useArchive.getState().openReport(runId));
  const exportReport = () =>
    act('export', async () => {
      const files = await useRuns.getState().exportReport(runId);
      notify({ kind: 'success', title: 'Report saved', body: `${files.html} (also as CSV and JSON beside it)` });
    });

  return (
    <section className="run-outcome" aria-labelledby="outcome-title">
      <div className={`outcome-head card tone-border-${notBackedUp === 0 ? 'good' : 'warn'}`} role="status">
        {notBackedUp === 0 ? <CheckCircle2 size={26} aria-hidden className="tone-text-good" /> : <TriangleAlert size={26} aria-hidden className="tone-text-warn" />}
        <div>
          <h2 id="outcome-title" className="outcome-title">
            {notBackedUp === 0 ? `All ${t.total} controllers backed up` : `${t.succeeded} of ${t.total} controllers backed up`}
          </h2>
          <p className="outcome-line">
            {t.ready} ready for upgrade{t.readyWithWarning > 0 ? ` · ${t.readyWithWarning} ready with a warning` : ''}
            {t.failed > 0 ? ` · ${t.failed} failed` : ''}
            {t.cancelled > 0 ? ` · ${t.cancelled} cancelled` : ''} · {formatBytes(t.bytes)} saved
          </p>
        </div>
        <div className="outcome-actions">
          {notBackedUp > 0 ? (
            <button type="button" className="button primary" onClick={() => void retry()} disabled={busy !== null || (needing.length > 0 && password === '')}>
              <RotateCcw size={16} aria-hidden />
              Retry failed ({notBackedUp})
            </button>
          ) : null}
          <button type="button" className={notBackedUp > 0 ? 'button' : 'button primary'} onClick={() => void open()} disabled={busy !== null}>
            <FileText size={16} aria-hidden />
            Open report
          </button>
          <button type="button" className="button" onClick={() => void exportReport()} disabled={busy !== null}>
            <FileDown size={16} aria-hidden />
            Export report
          </button>
          <button type="button" className="button" onClick={() => useBulk.getState().backToSetup()} disabled={busy !== null}>
            <Plus size={16} aria-hidden />
            New run
          </button>
        </div>
      </div>
      {notBackedUp > 0 && needing.length > 0 ? <ResumePassword needing={needing} value={password} onChange={setPassword} onSubmit={() => void retry()} /> : null}
      {error ? <ErrorPanel error={error} title="That did not work" /> : null}
      {groups.length > 0 ? (
        <div className="failure-groups">
          <h2 className="section-title">Not backed up, by cause</h2>
          {groups.map((g) => (
            <article key={g.code} className="failure-group card" aria-labelledby={`failure-${g.code}`}>
              <h3 id={`failure-${g.code}`} className="failure-title">
                <span className="badge tone-bad">{g.controllers.length}</span> {g.title}
              </h3>
              <p className="failure-hint">{g.hint}</p>
              <p className="failure-fix">
                <strong>What to do:</strong> {g.fix}
              </p>
              <ul className="failure-controllers">
                {g.controllers.map((c) => (
                  <li key={c.id}>{c.name}</li>
                ))}
              </ul>
              <details>
                <summary>Details for support</summary>
                <p>
                  <code>{g.code}</code>
                </p>
                <ul>
                  {g.controllers.map((c) => (
                    <li key={c.id}>
                      {c.name} ({c.id}): {c.message}
                    </li>
                  ))}
                </ul>
              </details>
            </article>
          ))}
        </div>
      ) : null}
    </section>
  );
}
