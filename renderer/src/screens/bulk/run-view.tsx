import { OctagonX } from 'lucide-react';
import { useCallback, useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ApiError } from '../../../../preload/api';
import type { RunStatus } from '../../../../shared/words';
import { toApiError } from '../../bridge/eclypse';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { DataTable, type Column, type Line } from '../../components/data-table';
import { ErrorPanel } from '../../components/error-panel';
import { useT } from '../../i18n/language';
import { useNotices } from '../../stores/notices';
import { useRuns, type LiveRun } from '../../stores/runs';
import { labelFor, useControllerDirectory } from './controller-directory';
import { ControllerDetails } from './controller-details';
import { RunOutcome } from './run-outcome';
import { resultsOf, RunRow, statusIn } from './run-row';
import { RunSummary, type RunFilter } from './run-summary';

/** Height of one run row in pixels; bulk.css gives the rows this height. */
const RUN_ROW_HEIGHT = 56;

/** Failures first (what needs doing), then what runs, then what waits, then what is done. */
const RANK: Record<RunStatus, number> = {
  failed: 0,
  cancelled: 1,
  'retry-wait': 2,
  running: 3,
  pending: 4,
  succeeded: 5,
};

function passes(status: RunStatus, filter: RunFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'waiting') return status === 'pending' || status === 'retry-wait';
  return status === filter;
}

/** The run's controllers to show, failures first, each group in the order they were asked for. */
function orderedIds(run: LiveRun | undefined, filter: RunFilter): string[] {
  if (!run) return [];
  const results = run.record ? resultsOf(run.record) : null;
  const ranked: Array<[number, number, string]> = [];
  run.controllerIds.forEach((id, i) => {
    const status = statusIn(run.controllers[id], results?.get(id));
    if (passes(status, filter)) ranked.push([RANK[status], i, id]);
  });
  return ranked.sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((r) => r[2]);
}

/**
 * A run as it goes and once it is over: the summary bar (its counts filter the table), the outcome when finished,
 * then one row per controller, failures first; a row's details (times, attempts, its short log) below the table.
 */
export function RunView({ runId }: { runId: string }) {
  const t = useT();
  const [filter, setFilter] = useState<RunFilter>('all');
  const [chosen, setChosen] = useState<string | null>(null);
  const ids = useRuns(useShallow((s) => orderedIds(s.live[runId], filter)));
  const total = useRuns((s) => s.live[runId]?.controllerIds.length ?? 0);
  const record = useRuns((s) => s.live[runId]?.record ?? null);
  const directory = useControllerDirectory();
  const [error, setError] = useState<ApiError | null>(null);
  const notify = useNotices((s) => s.notify);
  const now = useClock(record === null);

  const cancelOne = useCallback(
    (controllerId: string, name: string) => {
      useRuns
        .getState()
        .cancel(runId, controllerId)
        .then(() => notify({ kind: 'info', title: t('run.cancelling', { name }), body: t('run.cancelling-body') }))
        .catch((err: unknown) => setError(toApiError(err)));
    },
    [runId, notify, t],
  );
  const lines = useMemo<Array<Line<string>>>(() => ids.map((id) => ({ kind: 'row', key: id, row: id })), [ids]);
  const columns: Column[] = [
    { id: 'controller', header: t('run.col.controller'), className: 'col-controller' },
    { id: 'status', header: t('run.col.status'), className: 'col-status' },
    { id: 'phase', header: t('run.col.phase'), className: 'col-phase' },
    { id: 'attempts', header: t('run.col.attempts'), className: 'col-num' },
    { id: 'result', header: t('run.col.result'), className: 'col-result' },
    { id: 'actions', header: t('common.actions'), hidden: true, className: 'col-action' },
  ];
  const onLineKey = (line: Line<string>, e: KeyboardEvent<HTMLElement>): boolean => {
    if ((e.key !== 'Enter' && e.key !== ' ') || line.kind !== 'row') return false;
    e.preventDefault();
    setChosen(line.key === chosen ? null : line.key);
    return true;
  };

  return (
    <div className="run-view">
      <RunSummary
        runId={runId}
        actions={record ? null : <CancelRun runId={runId} onError={setError} />}
        filter={filter}
        onFilter={setFilter}
      />
      {record ? <RunOutcome runId={runId} record={record} /> : null}
      {error ? <ErrorPanel error={error} title={t('common.that-did-not-work')} /> : null}
      <h2 className="section-title">
        {filter === 'all'
          ? t('run.controllers', { count: total })
          : t('run.controllers-shown', { shown: ids.length, total })}
      </h2>
      <DataTable
        label={t('run.table')}
        className="run-table"
        lines={lines}
        columns={columns}
        rowHeight={RUN_ROW_HEIGHT}
        onLineKey={onLineKey}
        renderLine={(line, props) => (
          <RunRow
            key={line.key}
            runId={runId}
            index={props.index}
            tabIndex={props.tabIndex}
            lineKey={props.lineKey}
            now={now}
            selected={chosen === line.key}
            label={labelFor(line.key, directory, record)}
            onCancel={cancelOne}
            onSelect={(id) => setChosen(id === chosen ? null : id)}
          />
        )}
      />
      {chosen ? (
        <ControllerDetails runId={runId} label={labelFor(chosen, directory, record)} onClose={() => setChosen(null)} />
      ) : (
        <p className="muted">{t('run.details-hint')}</p>
      )}
    </div>
  );
}

/** A clock that ticks every 5 s while the run goes on (so a silent controller is seen as stalled), still once over. */
function useClock(running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(timer);
  }, [running]);
  return now;
}

/** "Cancel run…", which asks first (the safe answer focused): the controllers not backed up yet stay as they are. */
function CancelRun({ runId, onError }: { runId: string; onError: (e: ApiError) => void }) {
  const t = useT();
  const [asking, setAsking] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const open = useRuns((s) => {
    const p = s.live[runId]?.progress;
    return p ? p.total - p.done : null;
  });
  const confirm = async (): Promise<void> => {
    setCancelling(true);
    try {
      await useRuns.getState().cancel(runId);
      setAsking(false);
    } catch (err) {
      onError(toApiError(err));
    } finally {
      setCancelling(false);
    }
  };
  return (
    <>
      <button type="button" className="button danger" onClick={() => setAsking(true)} disabled={cancelling}>
        <OctagonX size={16} aria-hidden />
        {t('run.cancel-run')}
      </button>
      <ConfirmDialog
        open={asking}
        title={t('run.cancel.title')}
        confirmLabel={t('run.cancel.confirm')}
        safeLabel={t('run.cancel.keep')}
        onSafe={() => setAsking(false)}
        onConfirm={() => void confirm()}
        busy={cancelling}
      >
        <p>{t('run.cancel.body', { count: open ?? -1 })}</p>
      </ConfirmDialog>
    </>
  );
}
