import { FolderOpen } from 'lucide-react';
import { useT } from '../i18n/language';
import { useArchive } from '../stores/archive';

/** "Show in folder" for a file the app just wrote into the archive (a path relative to it, as main gives it). */
export function RevealButton({ path }: { path: string }) {
  const t = useT();
  return (
    <button type="button" className="button small" onClick={() => void useArchive.getState().reveal(path)}>
      <FolderOpen size={16} aria-hidden />
      {t('wizard.result.show-in-folder')}
    </button>
  );
}
