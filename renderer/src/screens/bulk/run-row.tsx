import { X } from 'lucide-react';
import { memo } from 'react';
import type { ControllerEvent, ControllerRunResult, RunRecord } from '../../../../preload/api';
import type { RunStatus } from '../../../../shared/words';
import { StatusBadge, VerdictBadge } from '../../components/badges';
import { phaseWords, stageFraction } from '../../components/phase-words';
import { ProgressBar } from '../../components/progress-bar';
import { useT } from '../../i18n/language';
import { errorTitleOf } from '../../i18n/words';
import { useRuns } from '../../stores/runs';
import type { ControllerLabel } from './controller-directory';

/** A running controller that has said nothing for this long is shown as stalled. */
const STALLED_AFTER_MS = 60_000;

const byRecord = new WeakMap<RunRecord, Map<string, ControllerRunResult>>();

/** A finished run's results by controller id, built once per record. */
export function resultsOf(record: RunRecord): Map<string, ControllerRunResult> {
  let map = byRecord.get(record);
  if (!map) byRecord.set(record, (map = new Map(record.results.map((r) => [r.controllerId, r]))));
  return map;
}

/** Whether a controller can still be cancelled (it has not ended). */
function isOpen(e: ControllerEvent | undefined): boolean {
  return !e || e.status === 'pending' || e.status === 'running' || e.status === 'retry-wait';
}

/** Where a controller of a run stands: its result once the run is over, else its latest event. */
export function statusIn(event: ControllerEvent | undefined, result: ControllerRunResult | undefined): RunStatus {
  return result && result.status !== 'running' ? result.status : (event?.status ?? 'pending');
}

/**
 * One controller of a run. It subscribes to ITS controller's event only: when one controller moves, only its
 * row renders again, whatever the size of the run. `now` ticks every few seconds, so a silent one reads "stalled".
 */
export const RunRow = memo(function RunRow({
  runId,
  label,
  index,
  tabIndex,
  lineKey,
  now,
  selected,
  onCancel,
  onSelect,
}: {
  runId: string;
  label: ControllerLabel;
  index: number;
  tabIndex: 0 | -1;
  lineKey: string;
  now: number;
  selected: boolean;
  onCancel: (id: string, name: string) => void;
  onSelect: (id: string) => void;
}) {
  const t = useT();
  const event = useRuns((s) => s.live[runId]?.controllers[label.id]);
  const seenAt = useRuns((s) => s.live[runId]?.seenAt[label.id]);
  const result = useRuns((s) => {
    const record = s.live[runId]?.record;
    return record ? resultsOf(record).get(label.id) : undefined;
  });
  const status = statusIn(event, result);
  // How long a running controller has been silent, once that is long enough to call it stalled.
  const silentFor =
    status === 'running' && seenAt !== undefined && now - seenAt >= STALLED_AFTER_MS ? now - seenAt : null;
  const stalled = silentFor !== null;
  const code = result?.error?.code ?? event?.outcome?.errorCode ?? null;
  const words =
    status === 'failed' && code
      ? `${t('phase.failed')} — ${errorTitleOf(code, t)}`
      : status === 'pending'
        ? t('phase.queued')
        : event
          ? `${phaseWords(event)}${silentFor !== null ? ` · ${t('phase.stalled', { seconds: Math.floor(silentFor / 1000) })}` : ''}`
          : t('phase.pending');
  const tone =
    status === 'failed' || stalled
      ? 'bad'
      : status === 'succeeded'
        ? 'good'
        : status === 'retry-wait'
          ? 'warn'
          : 'info';
  const fraction = status === 'pending' ? 0 : status === 'succeeded' ? 1 : event ? stageFraction(event) : 0;
  return (
    <tr
      className={`data-row run-row status-${status}${stalled ? ' stalled' : ''}${selected ? ' selected' : ''}`}
      aria-rowindex={index + 2}
      data-controller={label.id}
      data-key={lineKey}
      tabIndex={tabIndex}
      aria-selected={selected}
      onClick={() => onSelect(label.id)}
    >
      <td>
        <div className="cell-name">{label.name}</div>
        <div className="cell-sub">
          {label.site ? `${label.site} · ` : ''}
          <span className="mono">{label.address}</span>
        </div>
      </td>
      <td>{stalled ? <span className="badge tone-bad">{t('run.stalled')}</span> : <StatusBadge status={status} />}</td>
      <td className="cell-phase">
        <div className="phase-words" title={words}>
          {words}
        </div>
        <ProgressBar
          value={fraction}
          tone={tone}
          label={`${label.name}: ${words}`}
          busy={fraction === null && status === 'running'}
        />
      </td>
      <td className="cell-num">{result?.attempts ?? event?.attempt ?? 0}</td>
      <td className="cell-result">
        {result ? (
          <ResultCell result={result} />
        ) : event?.outcome ? (
          <OutcomeCell status={event.status} outcome={event.outcome} />
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="cell-action">
        {isOpen(event) && !result ? (
          <button
            type="button"
            tabIndex={-1}
            className="button row-action"
            onClick={(e) => (e.stopPropagation(), onCancel(label.id, label.name))}
            aria-label={t('run.cancel-one', { name: label.name })}
          >
            <X size={14} aria-hidden />
            {t('common.cancel')}
          </button>
        ) : null}
      </td>
    </tr>
  );
});

/** The result in plain words: the failure's title (its code folded into the tooltip), or the verdict. */
function ResultCell({ result }: { result: ControllerRunResult }) {
  const t = useT();
  if (result.status === 'failed' && result.error) {
    return (
      <span className="badge tone-bad" title={result.error.code}>
        {errorTitleOf(result.error.code, t)}
      </span>
    );
  }
  if (result.status !== 'succeeded') return <span className="muted">{t('outcome.not-backed-up')}</span>;
  return <VerdictBadge verdict={result.verdict} reason={result.verdict === 'ready' ? null : result.verdictReason} />;
}

/** A controller done while the run goes on: its verdict from its last event, before the run's record exists. */
function OutcomeCell({
  status,
  outcome: o,
}: {
  status: ControllerEvent['status'];
  outcome: NonNullable<ControllerEvent['outcome']>;
}) {
  const t = useT();
  if (status === 'failed' && o.errorCode) {
    return (
      <span className="badge tone-bad" title={o.errorCode}>
        {errorTitleOf(o.errorCode, t)}
      </span>
    );
  }
  if (status !== 'succeeded') return <span className="muted">{t('outcome.not-backed-up')}</span>;
  return <VerdictBadge verdict={o.verdict} reason={o.verdict === 'ready' ? null : o.verdictReason} />;
}
