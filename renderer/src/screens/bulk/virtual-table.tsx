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
