import { Activity, Loader2, Play, ShieldCheck } from 'lucide-react';
import { useEffect } from 'react';
import { ErrorPanel } from '../../components/error-panel';
import { Page } from '../../components/page';
import { useBulk, type BulkStage } from '../../stores/bulk';
import { useInventory } from '../../stores/inventory';
import { useNavigation } from '../../stores/navigation';
import { activeRuns, useRuns } from '../../stores/runs';
import { ControllerPicker } from './controller-picker';
import { InterruptedRuns } from './interrupted-runs';
import { PreflightView } from './preflight-view';
import { RunOptions } from './run-options';
import { RunView } from './run-view';
import './bulk.css';

const STEPS: Array<{ stage: BulkStage; word: string }> = [
  { stage: 'setup', word: 'Choose' },
  { stage: 'preflight', word: 'Check' },
  { stage: 'run', word: 'Back up' },
];

/** The bulk run: choose controllers and options, check them, then watch the run and deal with what failed. */
export function BulkScreen() {
  const stage = useBulk((s) => s.stage);
  const runId = useBulk((s) => s.runId);
  const showing = useRuns((s) => (runId ? s.live[runId] !== undefined : false));
  const selection = useNavigation((s) => s.bulkSelection);

  const checkRequest = useNavigation((s) => s.bulkCheckRequest);
  useEffect(() => {
    useBulk.getState().adoptSelection(selection);
    // "Check these 12 now" after an import: the pre-flight starts without another click.
    if (useNavigation.getState().takeBulkCheck() && useBulk.getState().selected.size > 0) void useBulk.getState().check();
  }, [selection, checkRequest]);
  useEffect(() => {
    // Fresh each time: controllers may have been added, or pinned, since the list was read.
    void useInventory.getState().load();
    // Interrupted runs are found in the journals each time the screen opens (the app may just have restarted).
    void useRuns.getState().loadHistory();
  }, []);

  const current: BulkStage = stage === 'run' && !showing ? 'setup' : stage;
  return (
    <Page title="Bulk run" subtitle="Back up many controllers at once, before a firmware upgrade." actions={<Steps current={current} />}>
      <InterruptedRuns />
      {current === 'setup' ? <Setup /> : null}
      {current === 'preflight' ? <PreflightView /> : null}
      {current === 'run' && runId ? <RunningElsewhere except={runId} /> : null}
      {current === 'run' && runId ? <RunView runId={runId} /> : null}
    </Page>
  );
}

/** Where the technician is among choose → check → back up. */
function Steps({ current }: { current: BulkStage }) {
  const at = STEPS.findIndex((s) => s.stage === current);
  return (
    <ol className="bulk-steps" aria-label="Steps">
      {STEPS.map((s, i) => (
        <li key={s.stage} className={i === at ? 'step current' : i < at ? 'step past' : 'step'} aria-current={i === at ? 'step' : undefined}>
          <span className="step-number" aria-hidden>
            {i + 1}
          </span>
          {s.word}
        </li>
      ))}
    </ol>
  );
}

/** Choosing: controllers, options, and the one next action (check them). */
function Setup() {
  const count = useBulk((s) => s.selected.size);
  const starting = useBulk((s) => s.starting);
  const error = useBulk((s) => s.error);
  const inventoryError = useInventory((s) => s.error);
  return (
    <>
      <RunningElsewhere />
      {inventoryError ? <ErrorPanel error={inventoryError} title="The inventory could not be read" /> : null}
      <div className="setup-grid">
        <ControllerPicker />
        <RunOptions />
      </div>
      {error ? <ErrorPanel error={error} title="The run did not start" /> : null}
      <div className="step-actions">
        <button type="button" className="button" onClick={() => void useBulk.getState().start()} disabled={count === 0 || starting}>
          {starting ? <Loader2 size={16} aria-hidden className="spin" /> : <Play size={16} aria-hidden />}
          Start without checking
        </button>
        <button type="button" className="button primary" onClick={() => void useBulk.getState().check()} disabled={count === 0 || starting}>
          <ShieldCheck size={16} aria-hidden />
          {count === 0 ? 'Choose controllers to check' : `Check ${count} controller${count === 1 ? '' : 's'}`}
        </button>
      </div>
    </>
  );
}

/** A bulk run still going while a new one is set up, or an earlier one is looked at: one click back to it. */
function RunningElsewhere({ except }: { except?: string }) {
  const live = useRuns((s) => s.live);
  const run = activeRuns(live).find((r) => r.kind === 'bulk' && r.runId !== except);
  if (!run?.progress) return null;
  return (
    <div className="banner tone-info-border" role="region" aria-label="Run in progress">
      <Activity size={20} aria-hidden />
      <p>
        A bulk run is in progress: {run.progress.done} of {run.progress.total} done.
      </p>
      <button type="button" className="button" onClick={() => useBulk.getState().showRun(run.runId)}>
        Show it
      </button>
    </div>
  );
}
