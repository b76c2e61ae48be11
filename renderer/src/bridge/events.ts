import type { ControllerEvent } from '../../../preload/api';
import { useNavigation } from '../stores/navigation';
import { useRuns } from '../stores/runs';
import { eclypse } from './eclypse';

/**
 * The ONE place that listens to main: run events feed the runs store, menu actions the navigation. Controller
 * events are applied once per frame, so a 500-controller run costs one store update per frame, not per event.
 */
export function connectEvents(): () => void {
  const api = eclypse();
  let pending: ControllerEvent[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    const batch = pending;
    pending = [];
    if (batch.length > 0) useRuns.getState().receiveControllers(batch);
  };
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    // A hidden window gets no animation frames; the timeout keeps the stores current anyway.
    if (typeof requestAnimationFrame === 'function' && document.visibilityState === 'visible')
      requestAnimationFrame(flush);
    else setTimeout(flush, 50);
  };
  const unsubscribe = [
    api.onRunController((e) => {
      pending.push(e);
      schedule();
    }),
    api.onRunProgress((e) => {
      // The totals must not run ahead of the rows they count.
      flush();
      useRuns.getState().receiveProgress(e);
    }),
    api.onRunFinished(({ runId, record }) => {
      flush();
      useRuns.getState().receiveFinished(runId, record);
    }),
    api.onAppMenu(({ action }) => {
      if (action === 'import-inventory') useNavigation.getState().requestImport();
      if (action === 'open-archive') useNavigation.getState().go('archive');
      if (action === 'export-diagnostics') useNavigation.getState().requestDiagnostics();
    }),
  ];
  return () => {
    for (const off of unsubscribe) off();
  };
}
