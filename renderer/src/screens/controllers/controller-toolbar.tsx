import { Search, X } from 'lucide-react';
import type { PinState, Verdict } from '../../../../preload/api';
import type { ControllerFilter } from './controller-filters';

const CERT_CHOICES: Array<[PinState | '', string]> = [
  ['', 'Any certificate'],
  ['pinned', 'Trusted'],
  ['unknown', 'Not trusted yet'],
  ['changed', 'Certificate changed'],
];
const VERDICT_CHOICES: Array<[Verdict | 'never' | '', string]> = [
  ['', 'Any last backup'],
  ['ready', 'Ready for upgrade'],
  ['ready-with-warning', 'Ready with warning'],
  ['not-ready', 'Not ready'],
  ['never', 'Never backed up'],
];

/** Search and the three filters (site, certificate, verdict) above the inventory. */
export function ControllerToolbar({ filter, sites, onChange }: { filter: ControllerFilter; sites: string[]; onChange(f: ControllerFilter): void }) {
  const set = <K extends keyof ControllerFilter>(key: K, value: ControllerFilter[K]) => onChange({ ...filter, [key]: value });
  return (
    <div className="controllers-toolbar" role="search" aria-label="Filter controllers">
      <div className="search-box">
        <Search size={16} aria-hidden className="search-icon" />
        <input
          type="search"
          aria-label="Search controllers"
          placeholder="Search name, address, site, profile"
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
          <button type="button" className="icon-button" onClick={() => set('search', '')} aria-label="Clear the search">
            <X size={16} aria-hidden />
          </button>
        ) : null}
      </div>
      <select aria-label="Site" value={filter.site} onChange={(e) => set('site', e.target.value)}>
        <option value="">All sites</option>
        {sites.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      <select aria-label="Certificate" value={filter.cert} onChange={(e) => set('cert', e.target.value as ControllerFilter['cert'])}>
        {CERT_CHOICES.map(([v, label]) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </select>
      <select aria-label="Last backup" value={filter.verdict} onChange={(e) => set('verdict', e.target.value as ControllerFilter['verdict'])}>
        {VERDICT_CHOICES.map(([v, label]) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}
