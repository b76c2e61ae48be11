import { OctagonX } from 'lucide-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ErrorPanel } from '../../components/error-panel';
import { toApiError } from '../../bridge/eclypse';
import type { ApiError } from '../../../../preload/api';
import { useNotices } from '../../stores/notices';
import { useRuns } from '../../stores/runs';
import { labelFor, useControllerDirectory } from './controller-directory';
import { RunOutcome } from './run-outcome';
import { RUN_ROW_HEIGHT, RunRow } from './run-row';
import { RunSummary } from './run-summary';
import { VirtualTable } from './virtual-table';

/** A run as it goes and once it is over: the summary bar, the outcome when finished, then one row per controller. */
export function RunView({ runId }: { runId: string }) {
  const controllerIds = useRuns((s) => s.live[runId]?.controllerIds);
  const record = useRuns((s) => s.live[runId]?.record ?? null);
  const directory = useControllerDirectory();
  const [error, setError] = useState<ApiError | null>(null);
  const notify = useNotices((s) => s.notify);
  const ids = controllerIds ?? [];

  const cancelOne = useCallback(
    (controllerId: string, name: string) => {
      useRuns
        .getState()
        .cancel(runId, controllerId)
        .then(() => notify({ kind: 'info', title: `Cancelling ${name}`, body: 'Nothing partial is kept.' }))
        .catch((err: unknown) => setError(toApiError(err)));
    },
    [runId, notify],
  );

  return (
    <div className="run-view">
      <RunSummary runId={runId} actions={record ? null : <CancelRun runId={runId} onError={setError} />} />
      {record ? <RunOutcome runId={runId} record={record} /> : null}
      {error ? <ErrorPanel error={error} title="That did not work" /> : null}
      <h2 className="section-title">Controllers ({ids.length})</h2>
      <VirtualTable
        label="Controllers of this run"
        className="run-table"
        count={ids.length}
        rowHeight={RUN_ROW_HEIGHT}
        rowKey={(i) => ids[i]!}
        head={
          <tr>
            <th scope="col">Controller</th>
            <th scope="col">Status</th>
            <th scope="col" className="col-phase">
              What it is doing
            </th>
            <th scope="col" className="col-num">
              Attempts
            </th>
            <th scope="col">Result</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        }
        row={(i) => <RunRow key={ids[i]} runId={runId} index={i} label={labelFor(ids[i]!, directory, record)} onCancel={cancelOne} />}
      />
    </div>
  );
}

/** "Cancel run", which asks first: the controllers not backed up yet stay as they are. */
function CancelRun({ runId, onError }: { runId: string; onError: (e: ApiError) => void }) {
  const [asking, setAsking] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const keep = useRef<HTMLButtonElement>(null);
  const open = useRuns((s) => {
    const p = s.live[runId]?.progress;
    return p ? p.total - p.done : null;
  });
  useEffect(() => {
    if (asking) keep.current?.focus();
  }, [asking]);
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
  if (!asking) {
    return (
      <button type="button" className="button danger" onClick={() => setAsking(true)} disabled={cancelling}>
        <OctagonX size={16} aria-hidden />
        Cancel run…
      </button>
    );
  }
  return (
    <div className="confirm card" role="alertdialog" aria-labelledby="cancel-run-title" aria-describedby="cancel-run-body" onKeyDown={(e) => e.key === 'Escape' && setAsking(false)}>
      <p id="cancel-run-title" className="confirm-title">
        Cancel the whole run?
      </p>
      <p id="cancel-run-body">
        {open === null ? 'Controllers' : `${open} controller${open === 1 ? '' : 's'}`} not finished yet will not be backed up. Backups already saved are kept, and
        nothing partial is left behind. You can retry them afterwards.
      </p>
      <div className="confirm-actions">
        <button type="button" ref={keep} className="button" onClick={() => setAsking(false)}>
          Keep running
        </button>
        <button type="button" className="button danger" onClick={() => void confirm()} disabled={cancelling}>
          Cancel run
        </button>
      </div>
    </div>
  );
}
