import { HardDriveDownload, Pencil, Trash2, XCircle } from 'lucide-react';
import { memo, useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import type { ControllerOverview } from '../../../../preload/api';
import { CertBadge, VerdictBadge } from '../../components/badges';
import { DataTable, ROW_HEIGHT, type Column, type Line, type LineProps } from '../../components/data-table';
import { RowMenu } from '../../components/row-menu';
import { useT } from '../../i18n/language';
import { errorTitleOf, verdictReasonText } from '../../i18n/words';
import {
  countReadiness,
  isStale,
  NO_SITE,
  type ControllerSort,
  type SiteGroup,
  type SortKey,
} from './controller-filters';

/** What the board asks of the screen: the selection, the row actions, the order, and which row's menu is open. */
export interface BoardActions {
  onToggle(id: string): void;
  onToggleSite(ids: string[], select: boolean): void;
  onBackUp(id: string): void;
  onEdit(id: string): void;
  onRemove(id: string): void;
  onSort(column: SortKey): void;
  onMenu(id: string | null): void;
}

/**
 * The inventory as a readiness board: a heading per site with its rollup (ready, warning, not ready, never),
 * kept on top while its controllers scroll; one line per controller with its verdict and the reason in words;
 * one tab stop (arrows move, Space selects, Enter or the menu key opens the row's actions).
 */
export function ControllerTable({
  groups,
  selected,
  sort,
  density,
  menuFor,
  actions,
}: {
  groups: SiteGroup[];
  selected: ReadonlySet<string>;
  sort: ControllerSort;
  density: 'comfortable' | 'compact';
  menuFor: string | null;
  actions: BoardActions;
}) {
  const t = useT();
  const lines = useMemo(() => {
    const out: Array<Line<ControllerOverview, SiteGroup>> = [];
    for (const group of groups) {
      out.push({ kind: 'group', key: `site:${group.site}`, group });
      for (const row of group.rows) out.push({ kind: 'row', key: row.controller.id, row });
    }
    return out;
  }, [groups]);
  const sorted = (key: SortKey) => ({
    active: sort.key === key,
    descending: sort.descending,
    onSort: () => actions.onSort(key),
  });
  const columns: Column[] = [
    { id: 'select', header: t('common.selected'), hidden: true, className: 'col-select' },
    { id: 'name', header: t('board.col.name'), className: 'col-name', sort: sorted('name') },
    { id: 'address', header: t('board.col.address'), className: 'col-address', sort: sorted('address') },
    { id: 'model', header: t('board.col.model'), className: 'col-model' },
    { id: 'cert', header: t('board.col.cert'), className: 'col-cert', sort: sorted('cert') },
    { id: 'profile', header: t('board.col.profile'), className: 'col-profile' },
    { id: 'backup', header: t('board.col.last-backup'), className: 'col-readiness', sort: sorted('lastBackup') },
    { id: 'actions', header: t('common.actions'), hidden: true, className: 'col-actions' },
  ];
  const onLineKey = (line: Line<ControllerOverview, SiteGroup>, e: KeyboardEvent<HTMLElement>): boolean => {
    if (line.kind === 'group') {
      if (e.key !== ' ' && e.key !== 'Enter') return false;
      e.preventDefault();
      const ids = line.group.rows.map((r) => r.controller.id);
      actions.onToggleSite(
        ids,
        ids.some((id) => !selected.has(id)),
      );
      return true;
    }
    const id = line.row.controller.id;
    if (e.key === ' ') {
      e.preventDefault();
      actions.onToggle(id);
      return true;
    }
    if (e.key === 'Enter' || e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      e.preventDefault();
      actions.onMenu(id);
      return true;
    }
    return false;
  };
  return (
    <DataTable
      label={t('board.label')}
      className={`controllers-board density-${density}`}
      lines={lines}
      columns={columns}
      rowHeight={ROW_HEIGHT[density]}
      groupHeight={36}
      onLineKey={onLineKey}
      renderLine={(line, props) =>
        line.kind === 'group' ? (
          <SiteLine
            key={line.key}
            group={line.group}
            selected={selected}
            onToggleSite={actions.onToggleSite}
            props={props}
          />
        ) : (
          <ControllerLine
            key={line.key}
            row={line.row}
            checked={selected.has(line.row.controller.id)}
            menuOpen={menuFor === line.row.controller.id}
            actions={actions}
            tabIndex={props.tabIndex}
            lineKey={props.lineKey}
          />
        )
      }
    />
  );
}

function SiteLine({
  group,
  selected,
  onToggleSite,
  props,
}: {
  group: SiteGroup;
  selected: ReadonlySet<string>;
  onToggleSite: BoardActions['onToggleSite'];
  props: LineProps;
}) {
  const t = useT();
  const ids = group.rows.map((r) => r.controller.id);
  const count = ids.filter((id) => selected.has(id)).length;
  const box = useRef<HTMLInputElement>(null);
  const c = countReadiness(group.rows);
  const site = group.site === NO_SITE ? t('common.no-site') : group.site;
  useEffect(() => {
    if (box.current) box.current.indeterminate = count > 0 && count < ids.length;
  }, [count, ids.length]);
  return (
    <tr
      className={props.stuck ? 'group-row site-row stuck' : 'group-row site-row'}
      data-key={props.lineKey}
      tabIndex={props.tabIndex}
    >
      <td className="col-select">
        <input
          ref={box}
          type="checkbox"
          tabIndex={-1}
          checked={count === ids.length}
          onChange={() => onToggleSite(ids, count < ids.length)}
          aria-label={t('board.select-site', { site })}
        />
      </td>
      <th scope="colgroup" colSpan={7}>
        <span className="site-name">{site}</span>{' '}
        <span className="site-count">· {t('common.controllers', { count: ids.length })}</span>
        <span className="site-rollup">
          {c.ready > 0 ? (
            <span className="rollup tone-text-good">✓ {t('board.rollup.ready', { count: c.ready })}</span>
          ) : null}
          {c.warning > 0 ? (
            <span className="rollup tone-text-warn">⚠ {t('board.rollup.warning', { count: c.warning })}</span>
          ) : null}
          {c['not-ready'] > 0 ? (
            <span className="rollup tone-text-bad">✗ {t('board.rollup.not-ready', { count: c['not-ready'] })}</span>
          ) : null}
          {c.never > 0 ? <span className="rollup">○ {t('board.rollup.never', { count: c.never })}</span> : null}
        </span>
      </th>
    </tr>
  );
}

/** One controller; memoised so a selection or a search re-renders only the rows that changed. */
const ControllerLine = memo(function ControllerLine({
  row,
  checked,
  menuOpen,
  actions,
  tabIndex,
  lineKey,
}: {
  row: ControllerOverview;
  checked: boolean;
  menuOpen: boolean;
  actions: BoardActions;
  tabIndex: 0 | -1;
  lineKey: string;
}) {
  const t = useT();
  const c = row.controller;
  return (
    <tr
      className={checked ? 'data-row controller-row selected' : 'data-row controller-row'}
      data-key={lineKey}
      tabIndex={tabIndex}
      aria-selected={checked}
    >
      <td className="col-select">
        <input
          type="checkbox"
          tabIndex={-1}
          checked={checked}
          onChange={() => actions.onToggle(c.id)}
          aria-label={t('board.select', { name: c.name })}
        />
      </td>
      <td className="col-name" title={c.name}>
        {c.name}
      </td>
      <td className="mono col-address">
        {c.host}
        {c.port !== 443 ? <span className="muted">:{c.port}</span> : null}
      </td>
      <td className="col-model">
        <ModelCell row={row} />
      </td>
      <td className="col-cert">
        <CertBadge state={row.certState} />
      </td>
      <td className="col-profile">
        {c.credential ?? <span className="muted">{c.username ? t('board.user', { name: c.username }) : '—'}</span>}
      </td>
      <td className="col-readiness">
        <ReadinessCell row={row} />
      </td>
      <td className="col-actions">
        <RowMenu
          label={t('common.more-actions', { name: c.name })}
          open={menuOpen}
          onOpenChange={(open) => actions.onMenu(open ? c.id : null)}
          actions={[
            {
              id: 'backup',
              label: t('board.action.backup'),
              icon: HardDriveDownload,
              onSelect: () => actions.onBackUp(c.id),
            },
            { id: 'edit', label: t('board.action.edit'), icon: Pencil, onSelect: () => actions.onEdit(c.id) },
            {
              id: 'remove',
              label: t('board.action.remove'),
              icon: Trash2,
              tone: 'danger',
              onSelect: () => actions.onRemove(c.id),
            },
          ]}
        />
      </td>
    </tr>
  );
});

/**
 * The newest backup's verdict with its reason in words (never only in a tooltip), its age, and a later failed
 * attempt in plain words ("Last try failed: Sign-in refused").
 */
function ReadinessCell({ row }: { row: ControllerOverview }) {
  const t = useT();
  const b = row.lastBackup;
  const failed =
    row.lastRun && row.lastRun.status === 'failed' && (!b || row.lastRun.at > b.finishedAt) ? row.lastRun : null;
  const reason = b ? verdictReasonText(b.verdictReason, t) : null;
  const failure = failed
    ? t('board.last-try-failed', { cause: failed.errorCode ? errorTitleOf(failed.errorCode, t) : t('status.failed') })
    : null;
  const stale = isStale(row);
  const words = [reason, b ? t.age(b.finishedAt) : null, failure].filter(Boolean).join(' · ');
  return (
    <div className="readiness" title={words || undefined}>
      {b ? <VerdictBadge verdict={b.verdict} /> : <span className="badge tone-neutral">{t('board.never')}</span>}
      {reason ? <span className="readiness-reason">{reason}</span> : null}
      {b ? (
        <span className={stale ? 'backup-age stale' : 'backup-age'}>
          {stale ? t('board.old', { age: t.age(b.finishedAt) }) : t.age(b.finishedAt)}
        </span>
      ) : null}
      {failure ? (
        <span className="last-failure">
          <XCircle size={14} aria-hidden />
          {failure}
        </span>
      ) : null}
    </div>
  );
}

/** Model (without the board revision) and firmware, from the newest backup's sidecar when one recorded them. */
function ModelCell({ row }: { row: ControllerOverview }) {
  const b = row.lastBackup;
  if (!b?.modelName) return <span className="muted">—</span>;
  const model = b.modelName.split(' ')[0] ?? b.modelName;
  return (
    <span className="model-cell" title={b.softwareVersion ? `${b.modelName} · ${b.softwareVersion}` : b.modelName}>
      {model}
      {b.softwareVersion ? <span className="firmware"> · {b.softwareVersion}</span> : null}
    </span>
  );
}
