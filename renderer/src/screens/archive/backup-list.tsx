import { FolderOpen } from 'lucide-react';
import { Fragment, useState } from 'react';
import type { ArchiveEntry, VerifyReport } from '../../../../preload/api';
import { toApiError } from '../../bridge/eclypse';
import { VerdictBadge } from '../../components/badges';
import { Fingerprint } from '../../components/fingerprint';
import { useT } from '../../i18n/language';
import { errorHint } from '../../i18n/words';
import { useArchive } from '../../stores/archive';
import { useNotices } from '../../stores/notices';
import { VerifyBadge } from './verify-words';
import { TableHead } from '../../components/table-head';

/** Backups shown per controller before "Show older": the newest are the ones an upgrade depends on. */
const NEWEST_SHOWN = 3;
const COLLATOR = new Intl.Collator(undefined, { numeric: true });

interface ControllerBackups {
  controller: string;
  entries: ArchiveEntry[];
}

/** Entries grouped by site, then controller (both in name order; backups newest first). */
export function groupArchive(
  entries: ArchiveEntry[],
): Array<{ site: string | null; controllers: ControllerBackups[] }> {
  const sites = new Map<string | null, Map<string, ArchiveEntry[]>>();
  for (const e of entries) {
    const controllers = sites.get(e.site) ?? new Map<string, ArchiveEntry[]>();
    controllers.set(e.controller, [...(controllers.get(e.controller) ?? []), e]);
    sites.set(e.site, controllers);
  }
  return [...sites.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : COLLATOR.compare(a, b)))
    .map(([site, controllers]) => ({
      site,
      controllers: [...controllers.entries()]
        .sort(([a], [b]) => COLLATOR.compare(a, b))
        .map(([controller, list]) => ({
          controller,
          entries: list.sort((x, y) => (x.finishedAt < y.finishedAt ? 1 : x.finishedAt > y.finishedAt ? -1 : 0)),
        })),
    }));
}

/** Whether a backup matches the search words (site, controller, file, model, firmware, SHA-256 start). */
export function matchesSearch(e: ArchiveEntry, search: string): boolean {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const text =
    `${e.site ?? ''} ${e.controller} ${e.deviceFileName} ${e.path} ${e.modelName ?? ''} ${e.softwareVersion ?? ''} ${e.sha256}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

/**
 * Every backup in ONE table (columns aligned across sites), a heading row per site, controllers' newest backups
 * first; a tick chooses backups to compare (two at most), the SHA-256 is short with a copy of the whole.
 */
export function BackupTable({
  entries,
  report,
  chosen,
  onChoose,
}: {
  entries: ArchiveEntry[];
  report: VerifyReport | null;
  chosen: readonly string[];
  onChoose(path: string, on: boolean): void;
}) {
  const t = useT();
  const checked = new Map(report?.entries.map((e) => [e.path, e.status]) ?? []);
  const sites = groupArchive(entries);
  const columns = report ? 7 : 6;
  return (
    <div className="table-frame">
      <table className="data-table archive-table">
        <TableHead
          caption={t('archive.table')}
          widths={
            <colgroup>
              <col className="w-choose" />
              <col className="w-controller" />
              <col className="w-date" />
              <col className="w-verdict" />
              <col className="w-sha" />
              {report ? <col className="w-check" /> : null}
              <col className="w-reveal" />
            </colgroup>
          }
          columns={[
            { hidden: t('archive.col.compare') },
            t('run.col.controller'),
            t('archive.col.date'),
            t('archive.col.verdict'),
            'SHA-256',
            report ? t('archive.col.check') : null,
            { hidden: t('common.actions') },
          ]}
        />
        <tbody>
          {sites.map((s) => (
            <Fragment key={s.site ?? ''}>
              <tr className="site-row">
                <th scope="colgroup" colSpan={columns}>
                  {s.site ?? t('common.no-site')}{' '}
                  <span className="site-count">· {t('common.controllers', { count: s.controllers.length })}</span>
                </th>
              </tr>
              {s.controllers.map((c) => (
                <ControllerRows
                  key={c.controller}
                  group={c}
                  checked={checked}
                  verified={report !== null}
                  chosen={chosen}
                  onChoose={onChoose}
                  columns={columns}
                />
              ))}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ControllerRows({
  group,
  checked,
  verified,
  chosen,
  onChoose,
  columns,
}: {
  group: ControllerBackups;
  checked: Map<string, VerifyReport['entries'][number]['status']>;
  verified: boolean;
  chosen: readonly string[];
  onChoose(path: string, on: boolean): void;
  columns: number;
}) {
  const t = useT();
  const [all, setAll] = useState(false);
  const shown = all ? group.entries : group.entries.slice(0, NEWEST_SHOWN);
  const hidden = group.entries.length - shown.length;
  return (
    <>
      {shown.map((e, i) => {
        const when = t.dateTime(e.finishedAt);
        const on = chosen.includes(e.path);
        const status = checked.get(e.path);
        return (
          <tr key={e.path} className={i === 0 ? 'first-of-controller' : undefined}>
            <td className="col-choose">
              <input
                type="checkbox"
                checked={on}
                disabled={!on && chosen.length >= 2}
                onChange={(x) => onChoose(e.path, x.target.checked)}
                aria-label={t('archive.choose', { name: group.controller, when })}
              />
            </td>
            <th scope="row" className={i === 0 ? 'controller-cell' : 'controller-cell repeat'}>
              {i === 0 ? group.controller : <span className="visually-hidden">{group.controller}</span>}
            </th>
            <td title={e.path}>
              <div className="date-cell">
                <span>{when}</span>
                <span className="size">{t.bytes(e.bytes)}</span>
              </div>
            </td>
            <td className="col-verdict">
              <VerdictBadge verdict={e.verdict} reason={e.verdictReason} />
            </td>
            <td className="col-sha">
              <Fingerprint value={e.sha256} label={t('archive.sha-label', { name: group.controller, when })} short />
            </td>
            {verified ? (
              <td>{status !== undefined ? <VerifyBadge status={status} /> : <span className="muted">—</span>}</td>
            ) : null}
            <td className="col-actions">
              <button
                type="button"
                className="icon-button"
                onClick={() => void reveal(e.path, t)}
                aria-label={t('archive.reveal', { name: group.controller, when })}
                title={t('wizard.result.show-in-folder')}
              >
                <FolderOpen size={16} aria-hidden />
              </button>
            </td>
          </tr>
        );
      })}
      {hidden > 0 || (all && group.entries.length > NEWEST_SHOWN) ? (
        <tr className="older-row">
          <td colSpan={columns}>
            <button type="button" className="link-button" onClick={() => setAll(!all)} aria-expanded={all}>
              {all
                ? t('archive.newest-only', { count: NEWEST_SHOWN, name: group.controller })
                : t('archive.show-older', { count: hidden, name: group.controller })}
            </button>
          </td>
        </tr>
      ) : null}
    </>
  );
}

async function reveal(path: string, t: ReturnType<typeof useT>): Promise<void> {
  try {
    await useArchive.getState().reveal(path);
  } catch (err) {
    useNotices
      .getState()
      .notify({ kind: 'error', title: t('archive.reveal-failed'), body: errorHint(toApiError(err), t) });
  }
}
