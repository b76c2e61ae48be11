import { AlertTriangle, ArrowLeft, CheckCircle2, Loader2, Play, XCircle } from 'lucide-react';
import { memo, useMemo, useState } from 'react';
import type { PreflightReport } from '../../../../preload/api';
import { ErrorPanel } from '../../components/error-panel';
import { formatBytes } from '../../components/format';
import { useBulk } from '../../stores/bulk';
import { labelFor, useControllerDirectory, type ControllerLabel } from './controller-directory';
import { causeTitle, fixFor } from './failure-groups';
import { VirtualTable } from './virtual-table';

type PreflightRow = PreflightReport['rows'][number];

/** Height of one pre-flight row in pixels; bulk.css gives the rows this height. */
export const CHECK_ROW_HEIGHT = 52;

const VERDICTS: Record<PreflightRow['verdict'], { word: string; icon: typeof CheckCircle2; tone: string; order: number }> = {
  blocked: { word: 'Not ready', icon: XCircle, tone: 'bad', order: 0 },
  warning: { word: 'Warning', icon: AlertTriangle, tone: 'warn', order: 1 },
  ready: { word: 'Ready', icon: CheckCircle2, tone: 'good', order: 2 },
};

/** A pre-flight verdict as icon + word. */
export function CheckBadge({ verdict }: { verdict: PreflightRow['verdict'] }) {
  const v = VERDICTS[verdict];
  const Icon = v.icon;
  return (
    <span className={`badge tone-${v.tone}`}>
      <Icon size={16} aria-hidden />
      <span>{v.word}</span>
    </span>
  );
}

/**
 * The pre-flight: every chosen controller read (reachable, certificate, sign-in, firmware, size) with nothing
 * created on any, a verdict per controller and the totals; then "Start backup", optionally without the not-ready.
 */
export function PreflightView() {
  const checking = useBulk((s) => s.checking);
  const report = useBulk((s) => s.preflight);
  const error = useBulk((s) => s.error);
  const starting = useBulk((s) => s.starting);
  const selected = useBulk((s) => s.selected);
  const [leaveOut, setLeaveOut] = useState(false);
  // Problems first: the technician reads what needs doing without scrolling past the ready ones.
  const rows = useMemo(() => (report ? [...report.rows].sort((a, b) => VERDICTS[a.verdict].order - VERDICTS[b.verdict].order) : []), [report]);
  const counts = useMemo(() => ({ ready: rows.filter((r) => r.verdict === 'ready').length, warning: rows.filter((r) => r.verdict === 'warning').length, blocked: rows.filter((r) => r.verdict === 'blocked').length }), [rows]);
  const startIds = leaveOut ? rows.filter((r) => r.verdict !== 'blocked').map((r) => r.controllerId) : undefined;
  const startCount = startIds?.length ?? selected.size;
  const directory = useControllerDirectory();
  const noSpace = report !== null && report.freeBytes !== null && report.estimatedBytes > report.freeBytes;

  return (
    <section className="preflight" aria-labelledby="preflight-title">
      <h2 id="preflight-title" className="section-title">
        Pre-flight check
      </h2>
      {checking ? (
        <div className="checking card" role="status">
          <Loader2 size={20} aria-hidden className="spin" />
          <p>
            Checking {selected.size} controller{selected.size === 1 ? '' : 's'}: address, certificate, sign-in, firmware and backup size. Nothing is created on
            them.
          </p>
        </div>
      ) : null}
      {error ? (
        <ErrorPanel error={error} title={report ? 'The run did not start' : 'The check did not finish'}>
          <button type="button" className="button" onClick={() => void useBulk.getState().check()}>
            Check again
          </button>
        </ErrorPanel>
      ) : null}
      {report ? (
        <>
          <div className="preflight-totals card" role="status">
            <ul className="run-counts">
              <li className="run-count tone-good">
                <CheckCircle2 size={18} aria-hidden />
                <span className="run-count-value">{counts.ready}</span>
                <span className="run-count-word">Ready</span>
              </li>
              <li className="run-count tone-warn">
                <AlertTriangle size={18} aria-hidden />
                <span className="run-count-value">{counts.warning}</span>
                <span className="run-count-word">With warnings</span>
              </li>
              <li className="run-count tone-bad">
                <XCircle size={18} aria-hidden />
                <span className="run-count-value">{counts.blocked}</span>
                <span className="run-count-word">Not ready</span>
              </li>
            </ul>
            <p className={noSpace ? 'space-line tone-text-bad' : 'space-line'}>
              {report.rows.every((r) => r.estimatedBytes === null) ? 'Backup size not known yet (no earlier backup)' : `About ${formatBytes(report.estimatedBytes)} to download`} ·{' '}
              {report.freeBytes === null ? 'free space unknown' : `${formatBytes(report.freeBytes)} free on this laptop`}
              {noSpace ? ' — not enough space: free some, or choose another archive folder in Settings.' : ''}
            </p>
          </div>
          <VirtualTable
            label="Pre-flight verdict per controller"
            className="preflight-table"
            count={rows.length}
            rowHeight={CHECK_ROW_HEIGHT}
            rowKey={(i) => rows[i]!.controllerId}
            head={
              <tr>
                <th scope="col">Controller</th>
                <th scope="col">Verdict</th>
                <th scope="col" className="col-reason">
                  Why
                </th>
                <th scope="col">Model · firmware</th>
                <th scope="col" className="col-num">
                  Size
                </th>
              </tr>
            }
            row={(i) => <CheckRow key={rows[i]!.controllerId} row={rows[i]!} index={i} label={labelFor(rows[i]!.controllerId, directory)} />}
          />
        </>
      ) : null}
      <div className="step-actions">
        <button type="button" className="button" onClick={() => useBulk.getState().backToSetup()} disabled={starting}>
          <ArrowLeft size={16} aria-hidden />
          Back to the choice
        </button>
        {report && counts.blocked > 0 ? (
          <label className="choice leave-out">
            <input type="checkbox" checked={leaveOut} onChange={(e) => setLeaveOut(e.target.checked)} />
            <span className="choice-word">Leave out the {counts.blocked} not ready</span>
          </label>
        ) : null}
        <button type="button" className="button primary" onClick={() => void useBulk.getState().start(startIds)} disabled={checking || starting || startCount === 0}>
          {starting ? <Loader2 size={16} aria-hidden className="spin" /> : <Play size={16} aria-hidden />}
          Start backup of {startCount} controller{startCount === 1 ? '' : 's'}
        </button>
      </div>
    </section>
  );
}

/**
 * One controller's pre-flight: verdict, why in two lines at most (the cause and what fixes it), model and
 * firmware, expected size. The full reasons are in the tooltip.
 */
const CheckRow = memo(function CheckRow({ row, index, label }: { row: PreflightRow; index: number; label: ControllerLabel }) {
  const why = row.error
    ? { title: causeTitle(row.error.code), text: fixFor(row.error.code, [label], row.error) }
    : { title: null, text: row.reasons.join(' ') };
  return (
    <tr aria-rowindex={index + 2} className={`check-row verdict-${row.verdict}`}>
      <td>
        <div className="cell-name">{row.name}</div>
        <div className="cell-sub">
          {row.site ? `${row.site} · ` : ''}
          <span className="mono">
            {row.host}:{row.port}
          </span>
        </div>
      </td>
      <td>
        <CheckBadge verdict={row.verdict} />
      </td>
      <td className="cell-reason" title={[row.error?.hint, ...row.reasons].filter(Boolean).join('\n')}>
        <div className="reason-lines">
          {why.title ? (
            <>
              <strong>{why.title}</strong> <span className="muted mono">{row.error?.code}</span>{' '}
            </>
          ) : null}
          {why.text ? why.text : <span className="muted">Reachable, trusted, signed in</span>}
        </div>
      </td>
      <td title={row.modelName ? `${row.modelName} · ${row.softwareVersion ?? '?'}` : undefined}>
        {row.modelName ? `${row.modelName} · ${row.softwareVersion ?? '?'}` : <span className="muted">—</span>}
      </td>
      <td className="cell-num">{formatBytes(row.estimatedBytes)}</td>
    </tr>
  );
});
