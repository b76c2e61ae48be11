import { X } from 'lucide-react';
import { useT } from '../i18n/language';
import { useNotices } from '../stores/notices';

/** Notices in the bottom-right corner: announced politely, never stealing the keyboard focus. */
export function Notices() {
  const notices = useNotices((s) => s.notices);
  const dismiss = useNotices((s) => s.dismiss);
  const t = useT();
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((n) => (
        <div
          key={n.id}
          className={`notice tone-${n.kind === 'error' ? 'bad' : n.kind === 'success' ? 'good' : 'info'}`}
        >
          <div>
            <p className="notice-title">{n.title}</p>
            {n.body ? <p className="notice-body">{n.body}</p> : null}
          </div>
          <button type="button" className="icon-button" onClick={() => dismiss(n.id)} aria-label={t('common.dismiss')}>
            <X size={16} aria-hidden />
          </button>
        </div>
      ))}
    </div>
  );
}
