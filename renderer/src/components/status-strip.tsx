import { Activity, FolderOpen, KeyRound } from 'lucide-react';
import { useNavigation } from '../stores/navigation';
import { activeRuns, useRuns } from '../stores/runs';
import { useSettings } from '../stores/settings';
import { useT } from '../i18n/language';
import { formatDuration } from './format';

/** What is going on, always visible: the active run (n / N, ETA), the archive folder and the keychain. */
export function StatusStrip() {
  const live = useRuns((s) => s.live);
  const archiveFolder = useSettings((s) => s.settings?.archiveFolder ?? null);
  const keychainError = useSettings((s) => s.keychainError);
  const go = useNavigation((s) => s.go);
  const t = useT();
  const running = activeRuns(live);
  const first = running[0]?.progress ?? null;
  return (
    <footer className="status-strip" aria-label={t('strip.label')}>
      <button
        type="button"
        className="strip-item"
        onClick={() => go(running[0]?.kind === 'backup' ? 'wizard' : 'bulk')}
        disabled={!first}
      >
        <Activity size={14} aria-hidden />
        {first ? (
          <span>
            {t('strip.running', { runs: running.length, done: first.done, total: first.total })}
            {first.etaSeconds !== null ? t('strip.eta', { duration: formatDuration(first.etaSeconds) }) : ''}
          </span>
        ) : (
          <span>{t('strip.idle')}</span>
        )}
      </button>
      <span className="strip-item" title={archiveFolder ?? undefined}>
        <FolderOpen size={14} aria-hidden />
        <span className="strip-path">{archiveFolder ?? '…'}</span>
      </span>
      <span className={keychainError ? 'strip-item tone-bad' : 'strip-item'}>
        <KeyRound size={14} aria-hidden />
        <span>{keychainError ? t('strip.keychain-missing') : t('strip.keychain-ready')}</span>
      </span>
    </footer>
  );
}
