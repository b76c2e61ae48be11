import { AlertTriangle, ArrowLeft, CheckCircle2, Loader2, Play, XCircle } from 'lucide-react';
import { memo, useMemo } from 'react';
import type { PreflightReport } from '../../../../preload/api';
import type { AppMessageKey } from '../../../../shared/messages/app';
import { DataTable, type Column, type Line } from '../../components/data-table';
import { ErrorPanel } from '../../components/error-panel';
import { useT } from '../../i18n/language';
import { useBulk } from '../../stores/bulk';
import { labelFor, useControllerDirectory, type ControllerLabel } from './controller-directory';
import { actionFor, causeTitle, fixFor } from './failure-groups';
import { FixButton } from './fix-button';

type PreflightRow = PreflightReport['rows'][number];

/** Height of one pre-flight row in pixels; bulk.css gives the rows this height. */
const CHECK_ROW_HEIGHT = 52;

const VERDICTS: Record<
  PreflightRow['verdict'],
  { word: AppMessageKey; icon: typeof CheckCircle2; tone: string; order: number }
> = {
  blocked: { word: 'verdict.not-ready', icon: XCircle, tone: 'bad', order: 0 },
  warning: { word: 'check.warning', icon: AlertTriangle, tone: 'warn', order: 1 },
  ready: { word: 'check.ready', icon: CheckCircle2, tone: 'good', order: 2 },
};

/** A pre-flight verdict as icon + word. */
function CheckBadge({ verdict }: { verdict: PreflightRow['verdict'] }) {
  const t = useT();
  const v = VERDICTS[verdict];
  const Icon = v.icon;
  return (
    <span className={`badge tone-${v.tone}`}>
      <Icon size={16} aria-hidden />
      <span>{t(v.word)}</span>
    </span>
  );
}

/**
 * The pre-flight: every chosen controller read (reachable, certificate, sign-in, firmware, size) with nothing
 * created on any, a verdict per controller and the totals; the problems grouped with a button that fixes each
 * (then checks those controllers again); and the default next step: back up the ones that are ready.
 */
export function PreflightView() {
  const t = useT();
  const checking = useBulk((s) => s.checking);
  const report = useBulk((s) => s.preflight);
  const error = useBulk((s) => s.error);
  const starting = useBulk((s) => s.starting);
  const selected = useBulk((s) => s.selected);
  const directory = useControllerDirectory();
  // Problems first: the technician reads what needs doing without scrolling past the ready ones.
  const rows = useMemo(
    () => (report ? [...report.rows].sort((a, b) => VERDICTS[a.verdict].order - VERDICTS[b.verdict].order) : []),
    [report],
  );
  const counts = useMemo(
    () => ({
      ready: rows.filter((r) => r.verdict === 'ready').length,
      warning: rows.filter((r) => r.verdict === 'warning').length,
      blocked: rows.filter((r) => r.verdict === 'blocked').length,
    }),
    [rows],
  );
  const readyIds = rows.filter((r) => r.verdict !== 'blocked').map((r) => r.controllerId);
  const noSpace = report !== null && report.freeBytes !== null && report.estimatedBytes > report.freeBytes;
  const lines = useMemo<Array<Line<PreflightRow>>>(
    () => rows.map((r) => ({ kind: 'row', key: r.controllerId, row: r })),
    [rows],
  );
  const problems = useMemo(() => {
    const byCode = new Map<string, PreflightRow[]>();
    for (const r of rows) if (r.error) byCode.set(r.error.code, [...(byCode.get(r.error.code) ?? []), r]);
    return [...byCode.entries()];
  }, [rows]);
  const columns: Column[] = [
    { id: 'controller', header: t('run.col.controller') },
    { id: 'verdict', header: t('check.col.verdict'), className: 'col-verdict' },
    { id: 'why', header: t('check.col.why'), className: 'col-reason' },
    { id: 'model', header: t('board.col.model'), className: 'col-model' },
    { id: 'size', header: t('check.col.size'), className: 'col-num' },
  ];

  return (
    <section className="preflight" aria-labelledby="preflight-title">
      <h2 id="preflight-title" className="section-title">
        {t('check.title')}
      </h2>
      {checking ? (
        <div className="checking card" role="status">
          <Loader2 size={20} aria-hidden className="spin" />
          <p>{t('check.checking', { count: selected.size })}</p>
        </div>
      ) : null}
      {error ? (
        <ErrorPanel error={error} title={report ? t('check.start-failed') : t('check.failed')}>
          <button type="button" className="button" onClick={() => void useBulk.getState().check()}>
            {t('import.check-again')}
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
                <span className="run-count-word">{t('check.ready')}</span>
              </li>
              <li className="run-count tone-warn">
                <AlertTriangle size={18} aria-hidden />
                <span className="run-count-value">{counts.warning}</span>
                <span className="run-count-word">{t('check.with-warnings')}</span>
              </li>
              <li className="run-count tone-bad">
                <XCircle size={18} aria-hidden />
                <span className="run-count-value">{counts.blocked}</span>
                <span className="run-count-word">{t('verdict.not-ready')}</span>
              </li>
            </ul>
            <p className={noSpace ? 'space-line tone-text-bad' : 'space-line'}>
              {report.rows.every((r) => r.estimatedBytes === null)
                ? t('check.size-unknown')
                : t('check.size', { bytes: t.bytes(report.estimatedBytes) })}{' '}
              ·{' '}
              {report.freeBytes === null
                ? t('check.free-unknown')
                : t('check.free', { bytes: t.bytes(report.freeBytes) })}
              {noSpace ? ` — ${t('check.no-space')}` : ''}
            </p>
          </div>
          {problems.length > 0 ? (
            <div className="preflight-fixes">
              {problems.map(([code, list]) => {
                const labels = list.map((r) => labelFor(r.controllerId, directory));
                const action = actionFor(code, labels);
                return (
                  <div key={code} className="fix-line card" role="group" aria-label={causeTitle(code, t)}>
                    <p>
                      <strong>
                        {causeTitle(code, t)} ({list.length})
                      </strong>{' '}
                      {fixFor(code, labels, list[0]?.error ?? null, t)}
                    </p>
                    <FixButton
                      action={action?.kind === 'retry' ? { kind: 'retry' } : action}
                      count={list.length}
                      trust={list.map((r) => ({ host: r.host, port: r.port, fingerprint: r.error?.actualFingerprint }))}
                      afterLabel={t('fix.recheck-these', { count: list.length })}
                      after={() => useBulk.getState().recheck(list.map((r) => r.controllerId))}
                    />
                  </div>
                );
              })}
            </div>
          ) : null}
          <DataTable
            label={t('check.table')}
            className="preflight-table"
            lines={lines}
            columns={columns}
            rowHeight={CHECK_ROW_HEIGHT}
            renderLine={(line, props) =>
              line.kind === 'row' ? (
                <CheckRow
                  key={line.key}
                  row={line.row}
                  index={props.index}
                  tabIndex={props.tabIndex}
                  lineKey={props.lineKey}
                  label={labelFor(line.row.controllerId, directory)}
                />
              ) : null
            }
          />
        </>
      ) : null}
      <div className="step-actions">
        <button type="button" className="button" onClick={() => useBulk.getState().backToSetup()} disabled={starting}>
          <ArrowLeft size={16} aria-hidden />
          {t('check.back')}
        </button>
        {report && counts.blocked > 0 ? (
          <button
            type="button"
            className="button"
            onClick={() => void useBulk.getState().start()}
            disabled={checking || starting}
          >
            {t('check.start-all', { count: selected.size })}
          </button>
        ) : null}
        <button
          type="button"
          className="button primary"
          onClick={() => void useBulk.getState().start(report ? readyIds : undefined)}
          disabled={checking || starting || (report !== null && readyIds.length === 0)}
        >
          {starting ? <Loader2 size={16} aria-hidden className="spin" /> : <Play size={16} aria-hidden />}
          {report && counts.blocked > 0
            ? t('check.start-ready', { count: readyIds.length })
            : t('check.start', { count: report ? readyIds.length : selected.size })}
        </button>
      </div>
    </section>
  );
}

/**
 * One controller's pre-flight: verdict, why in two lines at most (the cause and what fixes it), model and
 * firmware, expected size. The full reasons are in the tooltip.
 */
const CheckRow = memo(function CheckRow({
  row,
  index,
  tabIndex,
  lineKey,
  label,
}: {
  row: PreflightRow;
  index: number;
  tabIndex: 0 | -1;
  lineKey: string;
  label: ControllerLabel;
}) {
  const t = useT();
  const why = row.error
    ? { title: causeTitle(row.error.code, t), text: fixFor(row.error.code, [label], row.error, t) }
    : { title: null, text: row.reasons.join(' ') };
  return (
    <tr
      aria-rowindex={index + 2}
      className={`data-row check-row verdict-${row.verdict}`}
      data-key={lineKey}
      tabIndex={tabIndex}
    >
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
      <td className="cell-reason" title={[row.error?.code, ...row.reasons].filter(Boolean).join('\n')}>
        <div className="reason-lines">
          {why.title ? (
            <>
              <strong>{why.title}</strong>{' '}
            </>
          ) : null}
          {why.text ? why.text : <span className="muted">{t('check.all-good')}</span>}
        </div>
      </td>
      <td title={row.modelName ? `${row.modelName} · ${row.softwareVersion ?? '?'}` : undefined}>
        {row.modelName ? `${row.modelName} · ${row.softwareVersion ?? '?'}` : <span className="muted">—</span>}
      </td>
      <td className="cell-num">{t.bytes(row.estimatedBytes)}</td>
    </tr>
  );
});
