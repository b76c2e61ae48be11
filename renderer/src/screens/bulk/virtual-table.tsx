import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode } from 'react';

/**
 * A table that renders only the rows in view (plus a few either side), with a sticky header: hundreds of
 * controllers cost what thirty do. Rows have one fixed height (`rowHeight`, matched by the CSS), so nothing is
 * measured while a run streams updates. Spacer rows above and below keep the scroll bar honest.
 */
export function VirtualTable({
  label,
  count,
  rowHeight,
  head,
  row,
  rowKey,
  className,
}: {
  label: string;
  count: number;
  rowHeight: number;
  head: ReactNode;
  row: (index: number) => ReactNode;
  rowKey: (index: number) => string;
  className?: string;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- known and accepted: TanStack Virtual has no compiler-safe hook, so the React Compiler leaves this component unmemoized, as it must; only plain items and indexes leave it, never the virtualizer's functions
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    getItemKey: rowKey,
    overscan: 6,
    // flushSync from a scroll handler makes React 19 warn on the console; a frame's delay is invisible here.
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  return (
    // A focusable region, so the rows scroll from the keyboard too (axe: scrollable-region-focusable).
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scroll container is reached by Tab to scroll it from the keyboard (the case the rule's own docs exempt)
    <div ref={scroller} className={`virtual-scroll ${className ?? ''}`} role="region" aria-label={label} tabIndex={0}>
      <table className="data-table" aria-label={label} aria-rowcount={count + 1}>
        <thead>{head}</thead>
        <tbody>
          {top > 0 ? <tr className="spacer" aria-hidden="true" style={{ height: top }} /> : null}
          {items.map((item) => row(item.index))}
          {bottom > 0 ? <tr className="spacer" aria-hidden="true" style={{ height: bottom }} /> : null}
        </tbody>
      </table>
    </div>
  );
}
