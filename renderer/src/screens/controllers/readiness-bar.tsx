import { AlertTriangle, CheckCircle2, CircleDashed, History, XCircle, type LucideIcon } from 'lucide-react';
import type { AppMessageKey } from '../../../../shared/messages/app';
import { useT } from '../../i18n/language';
import { STALE_DAYS, type ControllerFilter, type ReadinessCounts } from './controller-filters';

const COUNTS: Array<{
  key: ControllerFilter['readiness'] & keyof ReadinessCounts;
  label: AppMessageKey;
  icon: LucideIcon;
  tone: string;
}> = [
  { key: 'ready', label: 'board.count.ready', icon: CheckCircle2, tone: 'good' },
  { key: 'warning', label: 'board.count.warning', icon: AlertTriangle, tone: 'warn' },
  { key: 'not-ready', label: 'board.count.not-ready', icon: XCircle, tone: 'bad' },
  { key: 'never', label: 'board.count.never', icon: CircleDashed, tone: 'neutral' },
  { key: 'stale', label: 'board.count.stale', icon: History, tone: 'warn' },
];

/**
 * The board's answer to "which controllers are safe to upgrade, and what about the rest?": one count per
 * readiness (and the backups that are too old), each a toggle that shows only those controllers.
 */
export function ReadinessBar({
  counts,
  active,
  onChoose,
}: {
  counts: ReadinessCounts;
  active: ControllerFilter['readiness'];
  onChoose(readiness: ControllerFilter['readiness']): void;
}) {
  const t = useT();
  return (
    <div className="readiness-bar" role="group" aria-label={t('board.counts')}>
      {COUNTS.map(({ key, label, icon: Icon, tone }) => {
        const n = counts[key];
        const on = active === key;
        return (
          <button
            key={key}
            type="button"
            className={`readiness-count tone-border-${tone}${on ? ' active' : ''}${n === 0 ? ' zero' : ''}`}
            aria-pressed={on}
            onClick={() => onChoose(on ? '' : key)}
            data-count={key}
          >
            <Icon size={20} aria-hidden className={`tone-text-${tone}`} />
            <span className="count-value">{t.number(n)}</span>
            <span className="count-label">{t(label, { days: STALE_DAYS })}</span>
          </button>
        );
      })}
    </div>
  );
}
