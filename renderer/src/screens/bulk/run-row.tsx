import { X } from 'lucide-react';
import { memo } from 'react';
import type { ControllerEvent, ControllerRunResult, RunRecord } from '../../../../preload/api';
import { StatusBadge, VerdictBadge } from '../../components/badges';
import { overallFraction, phaseWords } from '../../components/phase-words';
import { ProgressBar } from '../../components/progress-bar';
import { useRuns } from '../../stores/runs';
import type { ControllerLabel } from './controller-directory';

/** Height of one run row in pixels; bulk.css gives the rows this height. */
export const RUN_ROW_HEIGHT = 56;

const byRecord = new WeakMap<RunRecord, Map<string, ControllerRunResult>>();

/** A finished run's results by controller id, built once per record. */
function resultsOf(record: RunRecord): Map<string, ControllerRunResult> {
  let map = byRecord.get(record);
  if (!map) byRecord.set(record, (map = new Map(record.results.map((r) => [r.controllerId, r]))));
  return map;
}

/** Whether a controller can still be cancelled (it has not ended). */
export function isOpen(e: ControllerEvent | undefined): boolean {
  return !e || e.status === 'pending' || e.status === 'running' || e.status === 'retry-wait';
}

/**
 * One controller of a run. It subscribes to ITS controller's event only: when one controller moves, only its
 * row renders again, whatever the size of the run.
 */
export const RunRow = memo(function RunRow({ runId, label, index, onCancel }: { runId: string; label: ControllerLabel; index: number; onCancel: (id: string, name: string) => void }) {
  const event = useRuns((s) => s.live[runId]?.controllers[label.id]);
  const result = useRuns((s) => {
    const record = s.live[runId]?.record;
    return record ? resultsOf(record).get(label.id) : undefined;
  });
  const status = result && result.status !== 'running' ? result.status : (event?.status ?? 'pending');
  const words = result?.status === 'failed' && result.error ? `Failed — ${result.error.message}` : status === 'pending' ? 'Waits for a free slot' : event ? phaseWords(event) : 'Waiting';
  const tone = status === 'failed' ? 'bad' : status === 'succeeded' ? 'good' : status === 'retry-wait' ? 'warn' : 'info';
  const fraction = status === 'pending' ? 0 : event ? overallFraction(event) : status === 'succeeded' ? 1 : 0;
  return (
    <tr className={`run-row status-${status}`} aria-rowindex={index + 2} data-controller={label.id}>
      <td>
        <div className="cell-name">{label.name}</div>
        <div className="cell-sub">
          {label.site ? `${label.site} · ` : ''}
          <span className="mono">{label.address}</span>
        </div>
      </td>
      <td>
        <StatusBadge status={status} />
      </td>
      <td className="cell-phase">
        <div className="phase-words" title={words}>
          {words}
        </div>
        <ProgressBar value={fraction} tone={tone} label={`${label.name}: ${words}`} />
      </td>
      <td className="cell-num">{result?.attempts ?? event?.attempt ?? 0}</td>
      <td className="cell-result">{result ? <ResultCell result={result} /> : event?.outcome ? <OutcomeCell event={event} /> : <span className="muted">—</span>}</td>
      <td className="cell-action">
        {isOpen(event) && !result ? (
          <button type="button" className="button row-action" onClick={() => onCancel(label.id, label.name)} aria-label={`Cancel backup of ${label.name}`}>
            <X size={14} aria-hidden />
            Cancel
          </button>
        ) : null}
      </td>
    </tr>
  );
});

function ResultCell({ result }: { result: ControllerRunResult }) {
  if (result.status === 'failed' && result.error) return <span className="badge tone-bad mono">{result.error.code}</span>;
  if (result.status !== 'succeeded') return <span className="muted">Not backed up</span>;
  return <VerdictBadge verdict={result.verdict} reason={result.verdict === 'ready' ? null : result.verdictReason} />;
}

/** A controller done while the run goes on: its verdict from its last event, before the run's record exists. */
function OutcomeCell({ event }: { event: ControllerEvent }) {
  const o = event.outcome!;
  if (event.status === 'failed' && o.errorCode) return <span className="badge tone-bad mono">{o.errorCode}</span>;
  if (event.status !== 'succeeded') return <span className="muted">Not backed up</span>;
  return <VerdictBadge verdict={o.verdict} reason={o.verdict === 'ready' ? null : o.verdictReason} />;
}
