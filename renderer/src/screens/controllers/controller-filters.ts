import type { ControllerOverview, PinState, Verdict } from '../../../../preload/api';
import { ageInDays } from '../../../../shared/format';

/** What the technician narrows the inventory to; empty strings mean "any". */
export interface ControllerFilter {
  search: string;
  site: string;
  cert: PinState | '';
  /** A verdict of the newest backup, or `never` for controllers without a backup. */
  verdict: Verdict | 'never' | '';
  /** One of the board's counts, as a filter: a readiness, or `stale` (backup older than STALE_DAYS). */
  readiness: Readiness | 'stale' | '';
}

/** No filter: every controller. */
export const NO_FILTER: ControllerFilter = { search: '', site: '', cert: '', verdict: '', readiness: '' };

/** A backup older than this many days is counted (and shown) as old: before an upgrade, back it up again. */
export const STALE_DAYS = 30;

/** Where a controller stands for the upgrade, by its newest backup: one of the board's counts (they add up). */
type Readiness = 'ready' | 'warning' | 'not-ready' | 'never';

/** The board's count a controller falls in. A later failed attempt does not undo a backup made before it. */
function readinessOf(row: ControllerOverview): Readiness {
  const b = row.lastBackup;
  if (!b) return 'never';
  return b.verdict === 'ready' ? 'ready' : b.verdict === 'ready-with-warning' ? 'warning' : 'not-ready';
}

/** Whether a controller's newest backup is older than STALE_DAYS (never backed up is counted as never, not old). */
export function isStale(row: ControllerOverview, now = Date.now()): boolean {
  const days = ageInDays(row.lastBackup?.finishedAt, now);
  return days !== null && days >= STALE_DAYS;
}

/** The board's counts: the four readinesses (adding up to the total) and how many backups are old. */
export interface ReadinessCounts {
  ready: number;
  warning: number;
  'not-ready': number;
  never: number;
  stale: number;
  total: number;
}

/** Counts rows by readiness, and the old backups among them. */
export function countReadiness(rows: readonly ControllerOverview[], now = Date.now()): ReadinessCounts {
  const c: ReadinessCounts = { ready: 0, warning: 0, 'not-ready': 0, never: 0, stale: 0, total: rows.length };
  for (const r of rows) {
    c[readinessOf(r)]++;
    if (isStale(r, now)) c.stale++;
  }
  return c;
}

/** The group of controllers without a site (a control character: no real site can be named so); said "No site". */
export const NO_SITE = '\u0000';

/** The site a row is grouped under. */
function siteOf(row: ControllerOverview): string {
  return row.controller.site ?? NO_SITE;
}

/** Every site of the inventory, sorted, "No site" last. */
export function sitesOf(rows: ControllerOverview[]): string[] {
  const sites = [...new Set(rows.map(siteOf))];
  return sites.sort((a, b) => (a === NO_SITE ? 1 : b === NO_SITE ? -1 : byText(a, b)));
}

/** Whether a row passes the filter; the search looks at name, address, site and credential profile. */
function matches(row: ControllerOverview, f: ControllerFilter): boolean {
  const c = row.controller;
  if (f.site && siteOf(row) !== f.site) return false;
  if (f.cert && row.certState !== f.cert) return false;
  if (f.verdict === 'never' && row.lastBackup) return false;
  if (f.verdict && f.verdict !== 'never' && row.lastBackup?.verdict !== f.verdict) return false;
  if (f.readiness === 'stale' && !isStale(row)) return false;
  if (f.readiness && f.readiness !== 'stale' && readinessOf(row) !== f.readiness) return false;
  const q = f.search.trim().toLowerCase();
  if (!q) return true;
  return [c.name, c.host, `${c.host}:${c.port}`, c.site ?? '', c.credential ?? '', c.username ?? ''].some((v) =>
    v.toLowerCase().includes(q),
  );
}

/** One site and its controllers, in the chosen order. */
export interface SiteGroup {
  site: string;
  rows: ControllerOverview[];
}

/** A column the controllers of each site can be ordered by. */
export type SortKey = 'name' | 'address' | 'cert' | 'lastBackup';

/** How the controllers of each site are ordered. */
export interface ControllerSort {
  key: SortKey;
  descending: boolean;
}

/** By name, A to Z (numbers in order): the order of the commissioning sheets. */
export const DEFAULT_SORT: ControllerSort = { key: 'name', descending: false };

// One collator for every comparison: localeCompare with options builds a new one per call, which made sorting
// 2,000 controllers take over 100 ms.
const COLLATOR = new Intl.Collator(undefined, { numeric: true });
const byText = (a: string, b: string): number => COLLATOR.compare(a, b);
// Most urgent first when ascending: a changed certificate stops a backup, an untrusted one needs a look.
const CERT_ORDER: Record<PinState, number> = { changed: 0, unknown: 1, pinned: 2 };

/** ISO dates sort as plain strings (no collation needed). */
function compareIso(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders two rows by a column; ties fall back to the name, so the order never shuffles between renders. */
function compareRows(a: ControllerOverview, b: ControllerOverview, sort: ControllerSort): number {
  let order = 0;
  if (sort.key === 'address')
    order = byText(a.controller.host, b.controller.host) || a.controller.port - b.controller.port;
  // Oldest (or never) first when ascending: the controllers that most need a backup come to the top.
  if (sort.key === 'lastBackup') order = compareIso(a.lastBackup?.finishedAt ?? '', b.lastBackup?.finishedAt ?? '');
  if (sort.key === 'cert') order = CERT_ORDER[a.certState] - CERT_ORDER[b.certState];
  if (order === 0) order = byText(a.controller.name, b.controller.name);
  return sort.descending ? -order : order;
}

/** The sort after a click on a column's header: the same column flips its direction, another starts ascending. */
export function nextSort(current: ControllerSort, key: SortKey): ControllerSort {
  return current.key === key ? { key, descending: !current.descending } : { key, descending: false };
}

/** The filtered rows grouped by site (sites sorted, "No site" last; controllers in the chosen order). */
export function groupBySite(
  rows: ControllerOverview[],
  f: ControllerFilter,
  sort: ControllerSort = DEFAULT_SORT,
): SiteGroup[] {
  const bySite = new Map<string, ControllerOverview[]>();
  for (const row of rows) {
    if (!matches(row, f)) continue;
    const site = siteOf(row);
    const list = bySite.get(site) ?? [];
    list.push(row);
    bySite.set(site, list);
  }
  return sitesOf(rows).flatMap((site) => {
    const list = bySite.get(site);
    return list ? [{ site, rows: list.sort((a, b) => compareRows(a, b, sort)) }] : [];
  });
}

/** Whether any filter is set. */
export function isFiltered(f: ControllerFilter): boolean {
  return f.search.trim() !== '' || f.site !== '' || f.cert !== '' || f.verdict !== '' || f.readiness !== '';
}
