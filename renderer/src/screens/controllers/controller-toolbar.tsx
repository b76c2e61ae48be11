import { Search, X } from 'lucide-react';
import type { PinState, Verdict } from '../../../../preload/api';
import type { AppMessageKey } from '../../../../shared/messages/app';
import { useT } from '../../i18n/language';
import { NO_SITE, type ControllerFilter } from './controller-filters';

const CERT_CHOICES: Array<[PinState | '', AppMessageKey]> = [
  ['', 'board.filter.any-cert'],
  ['pinned', 'cert.pinned'],
  ['unknown', 'cert.unknown'],
  ['changed', 'cert.changed'],
];
const VERDICT_CHOICES: Array<[Verdict | 'never' | '', AppMessageKey]> = [
  ['', 'board.filter.any-backup'],
  ['ready', 'verdict.ready'],
  ['ready-with-warning', 'verdict.ready-with-warning'],
  ['not-ready', 'verdict.not-ready'],
  ['never', 'board.never'],
];

/** Search and the three filters (site, certificate, verdict) above the inventory. */
export function ControllerToolbar({
  filter,
  sites,
  onChange,
}: {
  filter: ControllerFilter;
  sites: string[];
  onChange(f: ControllerFilter): void;
}) {
  const t = useT();
  const set = <K extends keyof ControllerFilter>(key: K, value: ControllerFilter[K]) =>
    onChange({ ...filter, [key]: value });
  return (
    <div className="controllers-toolbar" role="search" aria-label={t('board.filter.label')}>
      <div className="search-box">
        <Search size={16} aria-hidden className="search-icon" />
        <input
          type="search"
          aria-label={t('board.filter.search')}
          placeholder={t('board.filter.search-placeholder')}
          value={filter.search}
          onChange={(e) => set('search', e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && filter.search) {
              e.preventDefault();
              set('search', '');
            }
          }}
        />
        {filter.search ? (
          <button
            type="button"
            className="icon-button"
            onClick={() => set('search', '')}
            aria-label={t('board.filter.clear')}
          >
            <X size={16} aria-hidden />
          </button>
        ) : null}
      </div>
      <select aria-label={t('board.filter.site')} value={filter.site} onChange={(e) => set('site', e.target.value)}>
        <option value="">{t('board.filter.all-sites')}</option>
        {sites.map((s) => (
          <option key={s} value={s}>
            {s === NO_SITE ? t('common.no-site') : s}
          </option>
        ))}
      </select>
      <select
        aria-label={t('board.col.cert')}
        value={filter.cert}
        onChange={(e) => set('cert', e.target.value as ControllerFilter['cert'])}
      >
        {CERT_CHOICES.map(([v, label]) => (
          <option key={v} value={v}>
            {t(label)}
          </option>
        ))}
      </select>
      <select
        aria-label={t('board.col.last-backup')}
        value={filter.verdict}
        onChange={(e) => set('verdict', e.target.value as ControllerFilter['verdict'])}
      >
        {VERDICT_CHOICES.map(([v, label]) => (
          <option key={v} value={v}>
            {t(label)}
          </option>
        ))}
      </select>
    </div>
  );
}
