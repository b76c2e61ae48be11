import { CheckCircle2, FileDown, FileText, Plus, RotateCcw, TriangleAlert } from 'lucide-react';
import { useMemo, useState } from 'react';
import type { ApiError, RunRecord } from '../../../../preload/api';
import { toApiError } from '../../bridge/eclypse';
import { ErrorPanel } from '../../components/error-panel';
import { useT } from '../../i18n/language';
import { errorHint } from '../../i18n/words';
import { useArchive } from '../../stores/archive';
import { useBulk } from '../../stores/bulk';
import { useNotices } from '../../stores/notices';
import { useRuns } from '../../stores/runs';
import { labelFor, useControllerDirectory } from './controller-directory';
import { groupFailures } from './failure-groups';
import { FixButton } from './fix-button';
import { needingPassword, ResumePassword } from './resume-password';

/**
 * The end of a run: what happened in one sentence, what is not ready grouped by cause — each with what to do as a
 * button that does it — and what next (retry, the report for the customer, a new run).
 */
export function RunOutcome({ runId, record }: { runId: string; record: RunRecord }) {
  const t = useT();
  const directory = useControllerDirectory();
  const groups = useMemo(
    () => groupFailures(record, (id) => labelFor(id, directory, record), t),
    [record, directory, t],
  );
  const [busy, setBusy] = useState<'retry' | 'open' | 'export' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const notify = useNotices((s) => s.notify);
  const tot = record.totals;
  const notBackedUp = tot.total - tot.succeeded;
  const savedNotReady = record.results.filter((r) => r.status === 'succeeded' && r.verdict === 'not-ready').length;
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
      if (what === 'retry') notify({ kind: 'error', title: t('outcome.retry-failed'), body: errorHint(e, t) });
    } finally {
      setBusy(null);
    }
  };
  const retry = () => act('retry', () => useRuns.getState().resume(runId, needing.length > 0 ? password : undefined));
  const open = () => act('open', () => useArchive.getState().openReport(runId, t.locale));
  const exportReport = () =>
    act('export', async () => {
      const files = await useRuns.getState().exportReport(runId, t.locale);
      notify({
        kind: 'success',
        title: t('outcome.report-saved'),
        body: t('outcome.report-saved-body', { file: files.html }),
      });
    });
  const good = notBackedUp === 0 && savedNotReady === 0;

  return (
    <section className="run-outcome" aria-labelledby="outcome-title">
      <div className={`outcome-head card tone-border-${good ? 'good' : 'warn'}`} role="status">
        {good ? (
          <CheckCircle2 size={26} aria-hidden className="tone-text-good" />
        ) : (
          <TriangleAlert size={26} aria-hidden className="tone-text-warn" />
        )}
        <div>
          <h2 id="outcome-title" className="outcome-title">
            {notBackedUp === 0
              ? t('outcome.all', { total: tot.total })
              : t('outcome.some', { done: tot.succeeded, total: tot.total })}
          </h2>
          <p className="outcome-line">
            {[
              t('outcome.ready', { count: tot.ready }),
              tot.readyWithWarning > 0 ? t('outcome.warning', { count: tot.readyWithWarning }) : null,
              savedNotReady > 0 ? t('outcome.saved-not-ready-count', { count: savedNotReady }) : null,
              tot.failed > 0 ? t('outcome.failed', { count: tot.failed }) : null,
              tot.cancelled > 0 ? t('outcome.cancelled', { count: tot.cancelled }) : null,
              t('run.saved-bytes', { bytes: t.bytes(tot.bytes) }),
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
        </div>
        <div className="outcome-actions">
          {notBackedUp > 0 ? (
            <button
              type="button"
              className="button primary"
              onClick={() => void retry()}
              disabled={busy !== null || (needing.length > 0 && password === '')}
            >
              <RotateCcw size={16} aria-hidden />
              {t('outcome.retry', { count: notBackedUp })}
            </button>
          ) : null}
          <button
            type="button"
            className={notBackedUp > 0 ? 'button' : 'button primary'}
            onClick={() => void open()}
            disabled={busy !== null}
          >
            <FileText size={16} aria-hidden />
            {t('outcome.open-report')}
          </button>
          <button type="button" className="button" onClick={() => void exportReport()} disabled={busy !== null}>
            <FileDown size={16} aria-hidden />
            {t('outcome.export-report')}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => useBulk.getState().backToSetup()}
            disabled={busy !== null}
          >
            <Plus size={16} aria-hidden />
            {t('outcome.new-run')}
          </button>
        </div>
      </div>
      {notBackedUp > 0 && needing.length > 0 ? (
        <ResumePassword needing={needing} value={password} onChange={setPassword} onSubmit={() => void retry()} />
      ) : null}
      {error ? <ErrorPanel error={error} title={t('common.that-did-not-work')} /> : null}
      {groups.length > 0 ? (
        <div className="failure-groups">
          <h2 className="section-title">{t('outcome.by-cause')}</h2>
          {groups.map((g) => (
            <article
              key={g.code}
              className={`failure-group card${g.code === 'SAVED_NOT_READY' ? ' saved-not-ready' : ''}`}
              aria-labelledby={`failure-${g.code}`}
            >
              <h3 id={`failure-${g.code}`} className="failure-title">
                <span className="badge tone-bad">{g.controllers.length}</span> {g.title}
              </h3>
              <p className="failure-hint">{g.hint}</p>
              <p className="failure-fix">
                <strong>{t('outcome.what-to-do')}</strong> {g.fix}
              </p>
              <ul className="failure-controllers">
                {g.controllers.map((c) => (
                  <li key={c.id}>{c.name}</li>
                ))}
              </ul>
              {g.code !== 'SAVED_NOT_READY' ? (
                <div className="fix-actions">
                  <FixButton
                    action={g.action}
                    count={g.controllers.length}
                    trust={g.controllers.map((c) => ({
                      host: c.result.host,
                      port: c.result.port,
                      fingerprint: c.result.error?.actualFingerprint,
                    }))}
                    afterLabel={t('fix.retry-these', { count: g.controllers.length })}
                    after={() => useRuns.getState().resume(runId, needing.length > 0 ? password : undefined)}
                  />
                </div>
              ) : null}
              <details>
                <summary>{t('common.details-for-support')}</summary>
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
