import { X } from 'lucide-react';
import { useT } from '../i18n/language';

/** The ✕ that closes a drawer or a row's details: named for screen readers and on hover. */
export function CloseButton({ onClose }: { onClose: () => void }) {
  const t = useT();
  return (
    <button
      type="button"
      className="icon-button"
      onClick={onClose}
      aria-label={t('common.close')}
      title={t('common.close')}
    >
      <X size={18} aria-hidden />
    </button>
  );
}
