import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { ArrowDown, ArrowUp } from 'lucide-react';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

/** A column's header; its cells are drawn by the row (in the same order). */
export interface Column {
  id: string;
  header: ReactNode;
  className?: string;
  /** Visually hidden header (a checkbox or actions column): still named for screen readers. */
  hidden?: boolean;
  /** A sortable column: the header is a button, and aria-sort says the order in force. */
  sort?: { active: boolean; descending: boolean; onSort(): void };
}

/** A line of the table: a group heading (a site) or a data row. */
export type Line<R, G = never> = { kind: 'group'; key: string; group: G } | { kind: 'row'; key: string; row: R };

/** What a row receives from the table: its place, and the focus it must carry (one tab stop for the whole table). */
export interface LineProps {
  index: number;
  /** 0 for the row that takes Tab into the table, -1 for the others (arrow keys move between them). */
  tabIndex: 0 | -1;
  /** Rows set it as their data-key, so the table can find and focus them. */
  lineKey: string;
  /** Whether this is the group heading kept on top while its rows scroll under it. */
  stuck: boolean;
}

/** Row heights by density, in CSS pixels; tokens.css gives the rows these heights. */
export const ROW_HEIGHT = { comfortable: 44, compact: 32 } as const;

/**
 * The one data table of the app: a sticky header; only the rows in view are in the page (2,000 controllers cost
 * what thirty do); fixed row heights by density, so nothing is measured while a run streams updates; the group
 * heading of the rows in view stays on top; ONE tab stop — arrow keys, Home/End and Page Up/Down move between
 * rows, and each row handles its own keys (Space, Enter, the menu key) through `onLineKey`.
 */
export function DataTable<R, G = never>({
  label,
  lines,
  columns,
  rowHeight,
  groupHeight = rowHeight,
  renderLine,
  onLineKey,
  className,
  initialHeight = 800,
  virtualFrom = VIRTUAL_FROM,
}: {
  label: string;
  lines: ReadonlyArray<Line<R, G>>;
  columns: Column[];
  rowHeight: number;
  groupHeight?: number;
  renderLine(line: Line<R, G>, props: LineProps): ReactNode;
  /** A key pressed on a line; return true when it was handled (the table then does nothing with it). */
  onLineKey?(line: Line<R, G>, e: KeyboardEvent<HTMLElement>): boolean;
  className?: string;
  /** The viewport assumed before layout (happy-dom, a first paint). */
  initialHeight?: number;
  /** Above this many lines only the visible ones are in the page; below, every line is (nothing to gain). */
  virtualFrom?: number;
}) {
  const virtual = lines.length > virtualFrom;
  const scroller = useRef<HTMLDivElement>(null);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const pendingFocus = useRef(false);
  const groupIndexes = useMemo(() => lines.flatMap((l, i) => (l.kind === 'group' ? [i] : [])), [lines]);
  const focusIndex = focusKey === null ? -1 : lines.findIndex((l) => l.key === focusKey);
  /** The line that takes Tab into the table: always rendered, even scrolled out of view, so Tab still finds it. */
  const tabbable = focusIndex >= 0 ? focusIndex : lines.findIndex((l) => l.kind === 'row');

  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = new Set(defaultRangeExtractor(range));
      // The heading of the group the first visible row belongs to is always rendered, to stay stuck on top.
      const stuck = groupAt(groupIndexes, range.startIndex);
      if (stuck !== null) indexes.add(stuck);
      if (tabbable >= 0 && tabbable < range.count) indexes.add(tabbable);
      return [...indexes].sort((a, b) => a - b);
    },
    [groupIndexes, tabbable],
  );
  // eslint-disable-next-line react-hooks/incompatible-library -- known and accepted: TanStack Virtual has no compiler-safe hook, so the React Compiler leaves this component unmemoized, as it must; only plain items and indexes leave it, never the virtualizer's functions
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => (lines[i]?.kind === 'group' ? groupHeight : rowHeight),
    getItemKey: (i) => lines[i]?.key ?? i,
    overscan: 8,
    rangeExtractor,
    initialRect: { width: 1200, height: initialHeight },
    // Rows follow the scroll in React's own batch: flushSync inside a scroll event makes React 19 warn.
    useFlushSync: false,
    enabled: virtual,
  });
  // The heights change with the density: measured again, never guessed from the old ones.
  useEffect(() => virtualizer.measure(), [rowHeight, groupHeight, virtualizer]);

  const items = virtual ? virtualizer.getVirtualItems() : allItems(lines, rowHeight, groupHeight);
  // The same range the rows above were extracted from: its group heading is the one kept on top.
  const stuckIndex = virtual && virtualizer.range ? groupAt(groupIndexes, virtualizer.range.startIndex) : null;

  useEffect(() => {
    if (!pendingFocus.current || focusKey === null) return;
    const el = scroller.current?.querySelector<HTMLElement>(`[data-key="${CSS.escape(focusKey)}"]`);
    if (el) {
      pendingFocus.current = false;
      el.focus({ preventScroll: true });
    }
  });

  const move = (to: number): void => {
    const index = Math.max(0, Math.min(lines.length - 1, to));
    const line = lines[index];
    if (!line) return;
    pendingFocus.current = true;
    setFocusKey(line.key);
    if (virtual) virtualizer.scrollToIndex(index, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const target = e.target as HTMLElement;
    const row = target.closest<HTMLElement>('[data-key]');
    if (!row) return;
    const index = lines.findIndex((l) => l.key === row.dataset.key);
    const line = lines[index];
    if (!line) return;
    // Keys typed in a field of a row (a password, a search) are the field's.
    if (
      target !== row &&
      /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) &&
      (target as HTMLInputElement).type !== 'checkbox'
    )
      return;
    if (target === row && onLineKey?.(line, e)) return;
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? initialHeight) / rowHeight) - 1);
    const to = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      Home: 0,
      End: lines.length - 1,
      PageDown: index + page,
      PageUp: index - page,
    }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    move(to);
  };

  // Spacers fill the height of the rows not rendered, before each rendered row and after the last.
  const body: ReactNode[] = [];
  let end = 0;
  for (const item of items) {
    if (item.start > end)
      body.push(<Spacer key={`gap:${item.key}`} height={item.start - end} columns={columns.length} />);
    const line = lines[item.index];
    if (line)
      body.push(
        renderLine(line, {
          index: item.index,
          tabIndex: item.index === tabbable ? 0 : -1,
          lineKey: line.key,
          stuck: item.index === stuckIndex && line.kind === 'group',
        }),
      );
    end = Math.max(end, item.end);
  }
  const total = virtual ? virtualizer.getTotalSize() : end;
  if (total > end) body.push(<Spacer key="gap:end" height={total - end} columns={columns.length} />);

  return (
    // A focusable region, so the rows scroll from the keyboard too (axe: scrollable-region-focusable).
    <div
      ref={scroller}
      className={`data-table-scroll virtual-scroll ${className ?? ''}`}
      role="region"
      aria-label={label}
      tabIndex={-1}
    >
      {/* The rows are the focusable, keyboard-driven elements; this wrapper only catches their keys and focus as
          they bubble (one handler for 2,000 rows), so it is presentation, not a control of its own. */}
      <div
        role="presentation"
        onKeyDown={onKeyDown}
        onFocus={(e) => {
          const key = (e.target as HTMLElement).closest<HTMLElement>('[data-key]')?.dataset.key;
          if (key && key !== focusKey) setFocusKey(key);
        }}
      >
        <table className="data-table" aria-label={label} aria-rowcount={lines.length + 1}>
          <thead>
            <tr>
              {columns.map((c) => (
                <HeaderCell key={c.id} column={c} />
              ))}
            </tr>
          </thead>
          <tbody>{body}</tbody>
        </table>
      </div>
    </div>
  );
}

/** Above this many lines a table renders only those in view. */
const VIRTUAL_FROM = 60;

/** The last group heading at or above `index` (the group that line belongs to), or null above the first group. */
function groupAt(groupIndexes: readonly number[], index: number): number | null {
  let at: number | null = null;
  for (const g of groupIndexes) {
    if (g <= index) at = g;
    else break;
  }
  return at;
}

/** Every line laid out, for a table short enough to render whole. */
function allItems<R, G>(
  lines: ReadonlyArray<Line<R, G>>,
  rowHeight: number,
  groupHeight: number,
): Array<{ index: number; key: string; start: number; end: number }> {
  let start = 0;
  return lines.map((line, index) => {
    const size = line.kind === 'group' ? groupHeight : rowHeight;
    const item = { index, key: line.key, start, end: start + size };
    start += size;
    return item;
  });
}

function HeaderCell({ column: c }: { column: Column }) {
  if (c.hidden) {
    return (
      <th scope="col" className={c.className}>
        <span className="visually-hidden">{c.header}</span>
      </th>
    );
  }
  if (!c.sort) {
    return (
      <th scope="col" className={c.className}>
        {c.header}
      </th>
    );
  }
  const { active, descending, onSort } = c.sort;
  const Arrow = active && descending ? ArrowDown : ArrowUp;
  return (
    <th scope="col" className={c.className} aria-sort={active ? (descending ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className={active ? 'sort-button active' : 'sort-button'} onClick={onSort}>
        {c.header}
        <Arrow size={14} aria-hidden className={active ? undefined : 'sort-idle'} />
      </button>
    </th>
  );
}

function Spacer({ height, columns }: { height: number; columns: number }) {
  return (
    <tr className="spacer" aria-hidden="true">
      <td colSpan={columns} style={{ height }} />
    </tr>
  );
}
