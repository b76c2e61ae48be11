import { FolderOpen } from 'lucide-react';
import { useState } from 'react';
import type { ArchiveEntry, VerifyReport } from '../../../../preload/api';
import { toApiError } from '../../bridge/eclypse';
import { VerdictBadge } from '../../components/badges';
import { Fingerprint } from '../../components/fingerprint';
import { formatBytes, formatDateTime } from '../../components/format';
import { useArchive } from '../../stores/archive';
import { useNotices } from '../../stores/notices';
import { VerifyBadge } from './verify-words';

/** Backups shown per controller before "Show older": the newest are the ones an upgrade depends on. */
const NEWEST_SHOWN = 3;

interface ControllerBackups {
  controller: string;
  entries: ArchiveEntry[];
}

/** Entries grouped by site, then controller (both in name order; backups newest first). */
export function groupArchive(entries: ArchiveEntry[]): Array<{ site: string; controllers: ControllerBackups[] }> {
  const sites = new Map<string, Map<string, ArchiveEntry[]>>();
  for (const e of entries) {
    const site = e.site ?? 'No site';
    const controllers = sites.get(site) ?? new Map<string, ArchiveEntry[]>();
    controllers.set(e.controller, [...(controllers.get(e.controller) ?? []), e]);
    sites.set(site, controllers);
  }
  const byName = (a: string, b: string): number => a.localeCompare(b, undefined, { numeric: true });
  return [...sites.entries()]
    .sort(([a], [b]) => byName(a, b))
    .map(([site, controllers]) => ({
      site,
      controllers: [...controllers.entries()]
        .sort(([a], [b]) => byName(a, b))
        .map(([controller, list]) => ({ controller, entries: list.sort((x, y) => y.finishedAt.localeCompare(x.finishedAt)) })),
    }));
}

/** One site's backups: a row per backup, its verdict, SHA-256, and what the last "Verify all" found. */
export function SiteBackups({ site, controllers, report }: { site: string; controllers: ControllerBackups[]; report: VerifyReport | null }) {
  const checked = new Map(report?.entries.map((e) => [e.path, e.status]) ?? []);
  return (
    <section className="archive-site" aria-labelledby={`site-${slug(site)}`}>
      <h2 id={`site-${slug(site)}`}>
        {site} <span className="site-count">· {controllers.length === 1 ? '1 controller' : `${controllers.length} controllers`}</span>
      </h2>
      {/* A narrow window (150 % scaling) scrolls the table sideways, not the whole screen. */}
      <div className="table-frame">
        <table className="data-table archive-table">
          <thead>
            <tr>
              <th scope="col" className="w-controller">
                Controller
              </th>
              <th scope="col" className="w-date">
                Date and size
              </th>
              <th scope="col" className="w-verdict">
                Verdict
              </th>
              <th scope="col">SHA-256</th>
              {report ? (
                <th scope="col" className="w-check">
                  Check
                </th>
              ) : null}
              <th scope="col" className="w-reveal">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {controllers.map((c) => (
              <ControllerRows key={c.controller} group={c} checked={checked} verified={report !== null} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ControllerRows({ group, checked, verified }: { group: ControllerBackups; checked: Map<string, VerifyReport['entries'][number]['status']>; verified: boolean }) {
  const [all, setAll] = useState(false);
  const shown = all ? group.entries : group.entries.slice(0, NEWEST_SHOWN);
  const hidden = group.entries.length - shown.length;
  return (
    <>
      {shown.map((e, i) => (
        <tr key={e.path} className={i === 0 ? 'first-of-controller' : undefined}>
          <th scope="row" className={i === 0 ? 'controller-cell' : 'controller-cell repeat'}>
            {i === 0 ? group.controller : <span className="visually-hidden">{group.controller}</span>}
          </th>
          <td className="nowrap" title={e.path}>
            <div className="date-cell">
              <span>{formatDateTime(e.finishedAt)}</span>
              <span className="size">{formatBytes(e.bytes)}</span>
            </div>
          </td>
          <td className="col-verdict">
            <VerdictBadge verdict={e.verdict} />
            {e.verdictReason ? <span className="verdict-reason">{e.verdictReason}</span> : null}
          </td>
          <td className="col-sha">
            <Fingerprint value={e.sha256} label={`SHA-256 of ${group.controller}, ${formatDateTime(e.finishedAt)}`} />
          </td>
          {verified ? <td>{checked.has(e.path) ? <VerifyBadge status={checked.get(e.path)!} /> : <span className="muted">—</span>}</td> : null}
          <td className="col-actions">
            <button type="button" className="icon-button" onClick={() => void reveal(e.path)} aria-label={`Show ${group.controller}, ${formatDateTime(e.finishedAt)} in its folder`} title="Show in folder">
              <FolderOpen size={16} aria-hidden />
            </button>
          </td>
        </tr>
      ))}
      {hidden > 0 || (all && group.entries.length > NEWEST_SHOWN) ? (
        <tr className="older-row">
          <td colSpan={verified ? 6 : 5}>
            <button type="button" className="link-button" onClick={() => setAll(!all)} aria-expanded={all}>
              {all ? `Show only the newest ${NEWEST_SHOWN} of ${group.controller}` : `Show ${hidden} older ${hidden === 1 ? 'backup' : 'backups'} of ${group.controller}`}
            </button>
          </td>
        </tr>
      ) : null}
    </>
  );
}

async function reveal(path: string): Promise<void> {
  try {
    await useArchive.getState().reveal(path);
  } catch (err) {
    useNotices.getState().notify({ kind: 'error', title: 'The file could not be shown', body: toApiError(err).hint });
  }
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
