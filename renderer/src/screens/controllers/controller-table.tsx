import { useVirtualizer } from '@tanstack/react-virtual';
import { ArrowDown, ArrowUp, HardDriveDownload, Pencil, XCircle } from 'lucide-react';
import { memo, useEffect, useRef } from 'react';
import type { ControllerOverview } from '../../../../preload/api';
import { CertBadge, VerdictBadge } from '../../components/badges';
import { formatAge, formatDateTime } from '../../components/format';
import type { ControllerSort, SiteGroup, SortKey } from './controller-filters';

/** Above this many lines (sites + controllers) only the visible ones are in the page. */
export const VIRTUAL_FROM = 80;
const ROW_HEIGHT = 53;
const SITE_HEIGHT = 41;
const COLUMNS = 8;

type Line = { kind: 'site'; group: SiteGroup } | { kind: 'controller'; row: ControllerOverview };

interface TableProps {
  groups: SiteGroup[];
  selected: ReadonlySet<string>;
  onToggle(id: string): void;
  onToggleSite(ids: string[], select: boolean): void;
  onBackUp(id: string): void;
  onEdit(id: string): void;
  /** The order of the controllers within each site, and what a click on a column's header asks for. */
  sort: ControllerSort;
  onSort(column: SortKey): void;
}

/** A column header that orders the controllers of each site; aria-sort tells a screen reader the order in force. */
function SortableHeader({ label, column, sort, onSort }: { label: string; column: SortKey; sort: ControllerSort; onSort(column: SortKey): void }) {
  const active = sort.key === column;
  const Arrow = active && sort.descending ? ArrowDown : ArrowUp;
  return (
    <th scope="col" aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className={active ? 'sort-button active' : 'sort-button'} onClick={() => onSort(column)}>
        {label}
        <Arrow size={14} aria-hidden className={active ? undefined : 'sort-idle'} />
      </button>
    </th>
  );
}

/**
 * The inventory as a table grouped by site, with a checkbox per controller and per site. Long inventories are
 * virtualised: a 500-controller campus keeps about 40 rows in the page, so typing in the search stays instant.
 */
export function ControllerTable({ groups, selected, onToggle, onToggleSite, onBackUp, onEdit, sort, onSort }: TableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const lines: Line[] = [];
  for (const group of groups) {
    lines.push({ kind: 'site', group });
    for (const row of group.rows) lines.push({ kind: 'controller', row });
  }
  const virtual = lines.length > VIRTUAL_FROM;
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => (lines[i]!.kind === 'site' ? SITE_HEIGHT : ROW_HEIGHT),
    overscan: 12,
    // happy-dom and a first paint have no layout yet: assume a window-sized viewport until it is measured.
    initialRect: { width: 1200, height: 800 },
    enabled: virtual,
    // Rows follow the scroll in React's own batch, not synchronously inside every scroll event.
    useFlushSync: false,
  });
  const items = virtual ? virtualizer.getVirtualItems() : lines.map((_, index) => ({ index, start: 0, end: 0 }));
  const padTop = virtual && items.length > 0 ? items[0]!.start : 0;
  const padBottom = virtual && items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;

  return (
    <div className={virtual ? 'controllers-scroller virtual' : 'controllers-scroller'} ref={scroller}>
      <table className="data-table controllers-table" aria-rowcount={virtual ? lines.length + 1 : undefined}>
        {/* Fixed widths when virtualised: rows come and go while scrolling, and the columns must not jump. */}
        {virtual ? (
          <colgroup>
            <col className="w-select" />
            <col className="w-name" />
            <col className="w-address" />
            <col className="w-model" />
            <col className="w-cert" />
            <col className="w-profile" />
            <col className="w-backup" />
            <col className="w-actions" />
          </colgroup>
        ) : null}
        <thead>
          <tr>
            <th scope="col" className="col-select">
              <span className="visually-hidden">Selected</span>
            </th>
            <SortableHeader label="Name" column="name" sort={sort} onSort={onSort} />
            <SortableHeader label="Address" column="address" sort={sort} onSort={onSort} />
            <th scope="col">Model / firmware</th>
            <SortableHeader label="Certificate" column="cert" sort={sort} onSort={onSort} />
            <th scope="col">Credential profile</th>
            <SortableHeader label="Last backup" column="lastBackup" sort={sort} onSort={onSort} />
            <th scope="col" className="col-actions">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {padTop > 0 ? <Spacer height={padTop} /> : null}
          {items.map(({ index }) => {
            const line = lines[index]!;
            return line.kind === 'site' ? (
              <SiteRow key={`site:${line.group.site}`} group={line.group} selected={selected} onToggleSite={onToggleSite} />
            ) : (
              <ControllerRow key={line.row.controller.id} row={line.row} checked={selected.has(line.row.controller.id)} onToggle={onToggle} onBackUp={onBackUp} onEdit={onEdit} />
            );
          })}
          {padBottom > 0 ? <Spacer height={padBottom} /> : null}
        </tbody>
      </table>
    </div>
  );
}

function Spacer({ height }: { height: number }) {
  return (
    <tr className="spacer" aria-hidden="true">
      <td colSpan={COLUMNS} style={{ height }} />
    </tr>
  );
}

function SiteRow({ group, selected, onToggleSite }: { group: SiteGroup; selected: ReadonlySet<string>; onToggleSite: TableProps['onToggleSite'] }) {
  const ids = group.rows.map((r) => r.controller.id);
  const count = ids.filter((id) => selected.has(id)).length;
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (box.current) box.current.indeterminate = count > 0 && count < ids.length;
  }, [count, ids.length]);
  return (
    <tr className="site-row">
      <td className="col-select">
        <input ref={box} type="checkbox" checked={count === ids.length} onChange={() => onToggleSite(ids, count < ids.length)} aria-label={`Select all in ${group.site}`} />
      </td>
      <th scope="colgroup" colSpan={COLUMNS - 1}>
        {group.site} <span className="site-count">· {ids.length === 1 ? '1 controller' : `${ids.length} controllers`}</span>
      </th>
    </tr>
  );
}

/** One controller; memoised so a selection or a search re-renders only the rows that changed. */
const ControllerRow = memo(function ControllerRow({
  row,
  checked,
  onToggle,
  onBackUp,
  onEdit,
}: {
  row: ControllerOverview;
  checked: boolean;
  onToggle(id: string): void;
  onBackUp(id: string): void;
  onEdit(id: string): void;
}) {
  const c = row.controller;
  const failedSince = row.lastRun && row.lastRun.status === 'failed' && (!row.lastBackup || row.lastRun.at > row.lastBackup.finishedAt);
  return (
    <tr className={checked ? 'controller-row selected' : 'controller-row'}>
      <td className="col-select">
        <input type="checkbox" checked={checked} onChange={() => onToggle(c.id)} aria-label={`Select ${c.name}`} />
      </td>
      <td className="col-name">{c.name}</td>
      <td className="mono col-address">
        {c.host}
        {c.port !== 443 ? <span className="muted">:{c.port}</span> : null}
      </td>
      <td>
        <ModelCell row={row} />
      </td>
      <td>
        <CertBadge state={row.certState} />
      </td>
      <td className="col-profile">{c.credential ?? <span className="muted">{c.username ? `user ${c.username}` : '—'}</span>}</td>
      <td>
        <LastBackup row={row} failed={Boolean(failedSince)} />
      </td>
      <td className="col-actions">
        <div className="row-actions">
          <button type="button" className="button compact" onClick={() => onBackUp(c.id)} aria-label={`Back up ${c.name}`}>
            <HardDriveDownload size={16} aria-hidden />
            Back up
          </button>
          <button type="button" className="icon-button row-edit" onClick={() => onEdit(c.id)} aria-label={`Edit ${c.name}`} title={`Edit ${c.name}`}>
            <Pencil size={16} aria-hidden />
          </button>
        </div>
      </td>
    </tr>
  );
});

/** The newest backup's verdict over its age; a later failed attempt is said under it in words and an icon. */
function LastBackup({ row, failed }: { row: ControllerOverview; failed: boolean }) {
  const b = row.lastBackup;
  return (
    <div className="last-backup">
      {b ? (
        <span title={b.verdictReason ?? undefined}>
          <VerdictBadge verdict={b.verdict} />
        </span>
      ) : (
        <span className="muted">Never backed up</span>
      )}
      {b || failed ? (
        <span className="last-backup-detail">
          {b ? (
            <span className="backup-age" title={formatDateTime(b.finishedAt)}>
              {formatAge(b.finishedAt)}
            </span>
          ) : null}
          {failed && row.lastRun ? (
            // The reason is one hover (or a screen reader) away; the wizard or bulk run shows it in full with its hint.
            <span className="last-failure" title={row.lastRun.message ?? undefined}>
              <XCircle size={14} aria-hidden />
              <span>Last try failed</span>
              {row.lastRun.message ? <span className="visually-hidden">: {row.lastRun.message}</span> : null}
            </span>
          ) : null}
        </span>
      ) : null}
      {b?.verdictReason && !failed ? <span className="verdict-why">{b.verdictReason}</span> : null}
    </div>
  );
}

/** Model (without the board revision) over firmware, from the newest backup's sidecar when one recorded them. */
function ModelCell({ row }: { row: ControllerOverview }) {
  const b = row.lastBackup;
  if (!b?.modelName) return <span className="muted">—</span>;
  const model = b.modelName.split(' ')[0] ?? b.modelName;
  return (
    <div className="model-cell" title={b.softwareVersion ? `${b.modelName}, firmware ${b.softwareVersion}` : b.modelName}>
      <span>{model}</span>
      {b.softwareVersion ? <span className="firmware">{b.softwareVersion}</span> : null}
    </div>
  );
}
