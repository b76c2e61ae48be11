import type { ReactNode } from 'react';

/** A column heading: its words, or `{ hidden }` for a column named only for screen readers (a check box, the actions). */
export type ColumnHeading = string | { hidden: string };

/**
 * The caption and header row of a small plain table (a few dozen rows at most; long lists use DataTable):
 * every column has a name a screen reader announces, even where nothing is shown above it. `widths` is the
 * table's <colgroup>, which HTML wants between the caption and the header.
 */
export function TableHead({
  caption,
  columns,
  widths,
}: {
  caption: string;
  columns: ReadonlyArray<ColumnHeading | null | false>;
  widths?: ReactNode;
}) {
  return (
    <>
      <caption className="visually-hidden">{caption}</caption>
      {widths}
      <thead>
        <tr>
          {columns
            .filter((c): c is ColumnHeading => Boolean(c))
            .map((c) =>
              typeof c === 'string' ? (
                <th key={c} scope="col">
                  {c}
                </th>
              ) : (
                <th key={`hidden:${c.hidden}`} scope="col">
                  <span className="visually-hidden">{c.hidden}</span>
                </th>
              ),
            )}
        </tr>
      </thead>
    </>
  );
}
