import { Activity, Loader2, Play, ShieldCheck } from 'lucide-react';
import { useEffect } from 'react';
import { ErrorPanel } from '../../components/error-panel';
import { Page } from '../../components/page';
import { Stepper } from '../../components/stepper';
import { useT } from '../../i18n/language';
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

const STAGES: BulkStage[] = ['setup', 'preflight', 'run'];

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
    if (useNavigation.getState().takeBulkCheck() && useBulk.getState().selected.size > 0)
      void useBulk.getState().check();
  }, [selection, checkRequest]);
  useEffect(() => {
    // Fresh each time: controllers may have been added, or pinned, since the list was read.
    void useInventory.getState().load();
    // Interrupted runs are found in the journals each time the screen opens (the app may just have restarted).
    void useRuns.getState().loadHistory();
  }, []);

  const current: BulkStage = stage === 'run' && !showing ? 'setup' : stage;
  const t = useT();
  return (
    <Page title={t('bulk.title')} subtitle={t('bulk.subtitle')} actions={<Steps current={current} />}>
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
  const t = useT();
  const at = STAGES.indexOf(current);
  return (
    <Stepper
      label={t('common.steps')}
      className="bulk-steps compact"
      steps={STAGES.map((s, i) => ({
        key: s,
        label: t(`bulk.stage.${s}`),
        state: i === at ? 'current' : i < at ? 'done' : 'todo',
      }))}
    />
  );
}

/** Choosing: controllers, options, and the one next action (check them). */
function Setup() {
  const count = useBulk((s) => s.selected.size);
  const starting = useBulk((s) => s.starting);
  const error = useBulk((s) => s.error);
  const inventoryError = useInventory((s) => s.error);
  const t = useT();
  return (
    <>
      <RunningElsewhere />
      {inventoryError ? <ErrorPanel error={inventoryError} title={t('board.read-failed')} /> : null}
      <div className="setup-grid">
        <ControllerPicker />
        <RunOptions />
      </div>
      {error ? <ErrorPanel error={error} title={t('check.start-failed')} /> : null}
      <div className="step-actions">
        <button
          type="button"
          className="button"
          onClick={() => void useBulk.getState().start()}
          disabled={count === 0 || starting}
        >
          {starting ? <Loader2 size={16} aria-hidden className="spin" /> : <Play size={16} aria-hidden />}
          {t('bulk.start-unchecked')}
        </button>
        <button
          type="button"
          className="button primary"
          onClick={() => void useBulk.getState().check()}
          disabled={count === 0 || starting}
        >
          <ShieldCheck size={16} aria-hidden />
          {count === 0 ? t('bulk.choose-first') : t('bulk.check', { count })}
        </button>
      </div>
    </>
  );
}

/** A bulk run still going while a new one is set up, or an earlier one is looked at: one click back to it. */
function RunningElsewhere({ except }: { except?: string }) {
  const live = useRuns((s) => s.live);
  const t = useT();
  const run = activeRuns(live).find((r) => r.kind === 'bulk' && r.runId !== except);
  if (!run?.progress) return null;
  return (
    <div className="banner tone-info-border" role="region" aria-label={t('bulk.in-progress-label')}>
      <Activity size={20} aria-hidden />
      <p>
        {t('bulk.in-progress', {
          done: run.progress.succeeded,
          failed: run.progress.failed,
          total: run.progress.total,
        })}
      </p>
      <button type="button" className="button" onClick={() => useBulk.getState().showRun(run.runId)}>
        {t('bulk.show-it')}
      </button>
    </div>
  );
}
