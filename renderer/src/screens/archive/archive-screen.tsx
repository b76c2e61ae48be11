import { GitCompare, Loader2, Search, ShieldCheck } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import type { ApiError } from '../../../../preload/api';
import { toApiError } from '../../bridge/eclypse';
import { ErrorPanel } from '../../components/error-panel';
import { EmptyState, Page } from '../../components/page';
import { useT } from '../../i18n/language';
import { useArchive } from '../../stores/archive';
import { useRuns } from '../../stores/runs';
import { BackupTable, groupArchive, matchesSearch } from './backup-list';
import { Comparison } from './comparison';
import { Retention } from './retention';
import { RunHistory } from './run-history';
import { VerifyReportPanel } from './verify-report';
import './archive.css';

type Tab = 'backups' | 'runs';

/** The backups on this laptop (search, verify, compare two, retention) and, on their own tab, the runs. */
export function ArchiveScreen() {
  const t = useT();
  const entries = useArchive((s) => s.entries);
  const loaded = useArchive((s) => s.loaded);
  const error = useArchive((s) => s.error);
  const verifying = useArchive((s) => s.verifying);
  const report = useArchive((s) => s.verifyReport);
  const comparison = useArchive((s) => s.comparison);
  const comparing = useArchive((s) => s.comparing);
  const history = useRuns((s) => s.history);
  const historyError = useRuns((s) => s.historyError);
  const [tab, setTab] = useState<Tab>('backups');
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [compareError, setCompareError] = useState<ApiError | null>(null);

  // The list follows the runs: a run that ends adds backups.
  useEffect(() => {
    void useArchive.getState().load();
  }, [history]);
  useEffect(() => {
    void useRuns.getState().loadHistory();
  }, []);

  const shown = useMemo(() => entries.filter((e) => matchesSearch(e, search)), [entries, search]);
  const bytes = entries.reduce((n, e) => n + e.bytes, 0);
  const controllers = useMemo(() => groupArchive(entries).reduce((n, s) => n + s.controllers.length, 0), [entries]);
  const choose = (path: string, on: boolean): void =>
    setChosen((c) => (on ? [...c.filter((p) => p !== path), path].slice(-2) : c.filter((p) => p !== path)));
  const label = (path: string): string => {
    const e = entries.find((x) => x.path === path);
    return e ? `${e.controller}, ${t.dateTime(e.finishedAt)}` : path;
  };
  const compare = async (): Promise<void> => {
    setCompareError(null);
    // The older first: what changed from it to the newer.
    const [a, b] = [...chosen].sort((x, y) =>
      (entries.find((e) => e.path === x)?.finishedAt ?? '').localeCompare(
        entries.find((e) => e.path === y)?.finishedAt ?? '',
      ),
    );
    if (a === undefined || b === undefined) return; // the button asks for two
    try {
      await useArchive.getState().compare(a, b);
    } catch (err) {
      setCompareError(toApiError(err));
    }
  };
  const pair = [...chosen].sort((x, y) =>
    (entries.find((e) => e.path === x)?.finishedAt ?? '').localeCompare(
      entries.find((e) => e.path === y)?.finishedAt ?? '',
    ),
  ) as [string, string];

  return (
    <Page
      title={t('archive.title')}
      subtitle={
        entries.length > 0
          ? t('archive.subtitle', { backups: entries.length, controllers, bytes: t.bytes(bytes) })
          : t('archive.subtitle-empty')
      }
      actions={
        <button
          type="button"
          className="button primary"
          onClick={() => void useArchive.getState().verifyAll()}
          disabled={verifying}
        >
          {verifying ? <Loader2 size={16} aria-hidden className="spin" /> : <ShieldCheck size={16} aria-hidden />}
          {verifying ? t('archive.verifying') : t('archive.verify')}
        </button>
      }
    >
      {error ? <ErrorPanel error={error} title={t('archive.read-failed')} /> : null}
      <div aria-live="polite">{report && !verifying ? <VerifyReportPanel report={report} /> : null}</div>
      <div className="tabs" role="tablist" aria-label={t('archive.title')}>
        {(['backups', 'runs'] as const).map((k) => (
          <button
            key={k}
            id={`archive-tab-${k}`}
            type="button"
            role="tab"
            className={tab === k ? 'tab active' : 'tab'}
            aria-selected={tab === k}
            aria-controls={`archive-panel-${k}`}
            tabIndex={tab === k ? 0 : -1}
            onClick={() => setTab(k)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                const next = k === 'backups' ? 'runs' : 'backups';
                setTab(next);
                document.getElementById(`archive-tab-${next}`)?.focus();
              }
            }}
          >
            {k === 'backups'
              ? t('archive.tab.backups', { count: entries.length })
              : t('archive.tab.runs', { count: history.length })}
          </button>
        ))}
      </div>
      {tab === 'backups' ? (
        <div id="archive-panel-backups" role="tabpanel" aria-labelledby="archive-tab-backups">
          {loaded && entries.length === 0 && !error ? (
            <EmptyState title={t('archive.empty.title')}>
              <p>{t('archive.empty.body')}</p>
            </EmptyState>
          ) : null}
          {entries.length > 0 ? (
            <>
              <div className="archive-tools">
                <label className="search-field">
                  <Search size={16} aria-hidden />
                  <span className="visually-hidden">{t('archive.search')}</span>
                  <input
                    type="search"
                    placeholder={t('archive.search-placeholder')}
                    value={search}
                    onChange={(e) => setSearch(e.target.value)}
                  />
                </label>
                <span className="muted">
                  {search
                    ? t('archive.shown', { shown: shown.length, total: entries.length })
                    : t('archive.compare-hint')}
                </span>
                <span className="spacer-flex" />
                <button
                  type="button"
                  className="button"
                  onClick={() => void compare()}
                  disabled={chosen.length !== 2 || comparing}
                >
                  {comparing ? (
                    <Loader2 size={16} aria-hidden className="spin" />
                  ) : (
                    <GitCompare size={16} aria-hidden />
                  )}
                  {t('archive.compare', { count: chosen.length })}
                </button>
              </div>
              {compareError ? <ErrorPanel error={compareError} title={t('compare.failed')} /> : null}
              {comparison && chosen.length === 2 ? (
                <Comparison result={comparison} names={[label(pair[0]), label(pair[1])]} />
              ) : null}
              <BackupTable entries={shown} report={report} chosen={chosen} onChoose={choose} />
              <Retention />
            </>
          ) : null}
        </div>
      ) : (
        <div id="archive-panel-runs" role="tabpanel" aria-labelledby="archive-tab-runs" className="archive-runs">
          {historyError ? (
            <ErrorPanel error={historyError} title={t('archive.runs-failed')} />
          ) : (
            <RunHistory runs={history} />
          )}
        </div>
      )}
    </Page>
  );
}
