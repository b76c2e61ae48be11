import { Search } from 'lucide-react';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { ControllerOverview } from '../../../../preload/api';
import { CertBadge, VerdictBadge } from '../../components/badges';
import { formatAge } from '../../components/format';
import { useBulk } from '../../stores/bulk';
import { useInventory } from '../../stores/inventory';
import { useT } from '../../i18n/language';
import { VirtualTable } from './virtual-table';

/** Height of one picker row in pixels; bulk.css gives the rows this height. */
const PICK_ROW_HEIGHT = 44;

const NO_SITE = '';
const COLLATOR = new Intl.Collator(undefined, { numeric: true });

/** Whether a controller matches the search words (name, address, site, model). */
function matches(row: ControllerOverview, words: string[]): boolean {
  const c = row.controller;
  const text = `${c.name} ${c.host}:${c.port} ${c.site ?? ''} ${c.notes ?? ''}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

/** Choosing the controllers of a run: by site, by search, or all of them. */
export function ControllerPicker() {
  const rows = useInventory((s) => s.rows);
  const selected = useBulk((s) => s.selected);
  const choose = useBulk((s) => s.choose);
  const t = useT();
  const [search, setSearch] = useState('');
  const [site, setSite] = useState<string | null>(null);
  const sites = useMemo(() => {
    const counts = new Map<string, string[]>();
    for (const r of rows) {
      const site = r.controller.site ?? NO_SITE;
      const list = counts.get(site);
      if (list) list.push(r.controller.id);
      else counts.set(site, [r.controller.id]);
    }
    return [...counts.entries()].sort(([a], [b]) => (a === NO_SITE ? 1 : b === NO_SITE ? -1 : COLLATOR.compare(a, b)));
  }, [rows]);
  const shown = useMemo(() => {
    const words = search.toLowerCase().split(/\s+/).filter(Boolean);
    return rows.filter((r) => (site === null || (r.controller.site ?? NO_SITE) === site) && matches(r, words));
  }, [rows, search, site]);
  const shownIds = useMemo(() => shown.map((r) => r.controller.id), [shown]);
  const shownChosen = shownIds.filter((id) => selected.has(id)).length;

  return (
    <section className="picker" aria-labelledby="picker-title">
      <div className="picker-head">
        <h2 id="picker-title" className="section-title">
          {t('picker.title')}{' '}
          <span className="muted">· {t('picker.chosen', { chosen: selected.size, total: rows.length })}</span>
        </h2>
        <div className="picker-tools">
          <label className="search-field">
            <Search size={16} aria-hidden />
            <span className="visually-hidden">{t('board.filter.search')}</span>
            <input
              type="search"
              placeholder={t('picker.search')}
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          </label>
          <label className="inline-field">
            <span>{t('picker.show')}</span>
            <select
              value={site ?? '*'}
              onChange={(e) => setSite(e.target.value === '*' ? null : e.target.value)}
              aria-label={t('picker.show-site')}
            >
              <option value="*">{t('board.filter.all-sites')}</option>
              {sites.map(([name]) => (
                <option key={name} value={name}>
                  {name === NO_SITE ? t('common.no-site') : name}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="button"
            onClick={() => choose(shownIds, true)}
            disabled={shownIds.length === 0 || shownChosen === shownIds.length}
          >
            {search || site !== null
              ? t('picker.choose-shown', { count: shownIds.length })
              : t('picker.choose-all', { count: shownIds.length })}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => choose(search || site !== null ? shownIds : [...selected], false)}
            disabled={search || site !== null ? shownChosen === 0 : selected.size === 0}
          >
            {search || site !== null ? t('picker.clear-shown') : t('picker.clear')}
          </button>
        </div>
      </div>
      {sites.length > 1 ? (
        <fieldset className="site-choices">
          <legend>{t('picker.by-site')}</legend>
          {sites.map(([name, ids]) => (
            <SiteChoice key={name} name={name === NO_SITE ? t('common.no-site') : name} ids={ids} />
          ))}
        </fieldset>
      ) : null}
      {shown.length === 0 ? (
        <p className="empty-state">{rows.length === 0 ? t('picker.empty') : t('picker.no-match')}</p>
      ) : (
        <VirtualTable
          label={t('picker.table')}
          className="picker-table"
          count={shown.length}
          rowHeight={PICK_ROW_HEIGHT}
          rowKey={(i) => shown[i]?.controller.id ?? `missing:${i}`}
          head={
            <tr>
              <th scope="col" className="col-check">
                <span className="visually-hidden">{t('picker.chosen-col')}</span>
              </th>
              <th scope="col">{t('run.col.controller')}</th>
              <th scope="col">{t('board.col.address')}</th>
              <th scope="col">{t('form.site')}</th>
              <th scope="col">{t('board.col.cert')}</th>
              <th scope="col">{t('board.col.last-backup')}</th>
            </tr>
          }
          row={(i) => {
            const r = shown[i];
            return r ? <PickRow key={r.controller.id} row={r} index={i} /> : null;
          }}
        />
      )}
    </section>
  );
}

/** A site's checkbox: checked when all its controllers are chosen, half when some are. */
function SiteChoice({ name, ids }: { name: string; ids: string[] }) {
  const chosen = useBulk((s) => ids.filter((id) => s.selected.has(id)).length);
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (box.current) box.current.indeterminate = chosen > 0 && chosen < ids.length;
  }, [chosen, ids.length]);
  return (
    <label className="site-choice">
      <input
        ref={box}
        type="checkbox"
        checked={chosen === ids.length}
        onChange={(e) => useBulk.getState().choose(ids, e.target.checked)}
      />
      {name} <span className="muted">({ids.length})</span>
    </label>
  );
}

/** One controller to choose; it watches only its own place in the selection. */
const PickRow = memo(function PickRow({ row, index }: { row: ControllerOverview; index: number }) {
  const c = row.controller;
  const chosen = useBulk((s) => s.selected.has(c.id));
  const t = useT();
  return (
    <tr className={chosen ? 'pick-row chosen' : 'pick-row'} aria-rowindex={index + 2}>
      <td className="col-check">
        <input
          type="checkbox"
          checked={chosen}
          onChange={(e) => useBulk.getState().choose([c.id], e.target.checked)}
          aria-label={t('picker.choose', { name: c.name })}
        />
      </td>
      <td className="cell-name">{c.name}</td>
      <td className="mono">
        {c.host}:{c.port}
      </td>
      <td>{c.site ?? <span className="muted">{t('common.no-site')}</span>}</td>
      <td>
        <CertBadge state={row.certState} />
      </td>
      <td>
        {row.lastBackup ? (
          <LastBackup at={row.lastBackup.finishedAt} verdict={row.lastBackup.verdict} />
        ) : (
          <span className="muted">{t('board.never')}</span>
        )}
      </td>
    </tr>
  );
});

function LastBackup({ at, verdict }: { at: string; verdict: 'ready' | 'ready-with-warning' | 'not-ready' }) {
  return (
    <span className="last-backup">
      <VerdictBadge verdict={verdict} /> <span className="backup-age">{formatAge(at)}</span>
    </span>
  );
}
