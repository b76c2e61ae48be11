import type { ControllerOverview, PinState, Verdict } from '../../../../preload/api';

/** What the technician narrows the inventory to; empty strings mean "any". */
export interface ControllerFilter {
  search: string;
  site: string;
  cert: PinState | '';
  /** A verdict of the newest backup, or `never` for controllers without a backup. */
  verdict: Verdict | 'never' | '';
}

/** No filter: every controller. */
export const NO_FILTER: ControllerFilter = { search: '', site: '', cert: '', verdict: '' };

/** The label a controller without a site is grouped under. */
export const NO_SITE = 'No site';

/** The site a row is grouped under. */
export function siteOf(row: ControllerOverview): string {
  return row.controller.site ?? NO_SITE;
}

/** Every site of the inventory, sorted, "No site" last. */
export function sitesOf(rows: ControllerOverview[]): string[] {
  const sites = [...new Set(rows.map(siteOf))];
  return sites.sort((a, b) => (a === NO_SITE ? 1 : b === NO_SITE ? -1 : a.localeCompare(b, undefined, { numeric: true })));
}

/** Whether a row passes the filter; the search looks at name, address, site and credential profile. */
export function matches(row: ControllerOverview, f: ControllerFilter): boolean {
  const c = row.controller;
  if (f.site && siteOf(row) !== f.site) return false;
  if (f.cert && row.certState !== f.cert) return false;
  if (f.verdict === 'never' && row.lastBackup) return false;
  if (f.verdict && f.verdict !== 'never' && row.lastBackup?.verdict !== f.verdict) return false;
  const q = f.search.trim().toLowerCase();
  if (!q) return true;
  return [c.name, c.host, `${c.host}:${c.port}`, c.site ?? '', c.credential ?? '', c.username ?? ''].some((v) => v.toLowerCase().includes(q));
}

/** One site and its controllers, in name order. */
export interface SiteGroup {
  site: string;
  rows: ControllerOverview[];
}

/** The filtered rows grouped by site (sites sorted, "No site" last; controllers by name, numbers in order). */
export function groupBySite(rows: ControllerOverview[], f: ControllerFilter): SiteGroup[] {
  const bySite = new Map<string, ControllerOverview[]>();
  for (const row of rows) {
    if (!matches(row, f)) continue;
    const site = siteOf(row);
    const list = bySite.get(site) ?? [];
    list.push(row);
    bySite.set(site, list);
  }
  return sitesOf(rows)
    .filter((site) => bySite.has(site))
    .map((site) => ({ site, rows: bySite.get(site)!.sort((a, b) => a.controller.name.localeCompare(b.controller.name, undefined, { numeric: true })) }));
}

/** Whether any filter is set. */
export function isFiltered(f: ControllerFilter): boolean {
  return f.search.trim() !== '' || f.site !== '' || f.cert !== '' || f.verdict !== '';
}
