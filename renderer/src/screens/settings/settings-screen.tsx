import { AlertTriangle, FolderOpen } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { ApiError } from '../../../../preload/api';
import { toApiError } from '../../bridge/eclypse';
import { ErrorPanel } from '../../components/error-panel';
import { useT } from '../../i18n/language';
import { Page } from '../../components/page';
import { useSettings } from '../../stores/settings';
import { CredentialProfiles } from './credential-profiles';
import { DiagnosticsCapture } from './diagnostics-capture';
import { LanguageCard } from './language-card';
import { LimitsForm } from './limits-form';
import './settings.css';

/** Archive folder, bulk limits, timeouts, request format, credential profiles, and a capture for support. */
export function SettingsScreen() {
  const settings = useSettings((s) => s.settings);
  const settingsError = useSettings((s) => s.settingsError);
  const t = useT();

  useEffect(() => {
    void useSettings.getState().load();
    void useSettings.getState().loadProfiles();
  }, []);

  return (
    <Page title={t('settings.title')} subtitle={t('settings.subtitle')}>
      {settingsError ? <ErrorPanel error={settingsError} title={t('settings.read-failed')} /> : null}
      {settings?.warning ? (
        <div className="settings-warning" role="alert">
          <AlertTriangle size={20} aria-hidden />
          <div>
            <p className="warning-title">{t('settings.damaged.title')}</p>
            <p>{settings.warning}</p>
            <p className="muted">{t('settings.damaged.body')}</p>
          </div>
        </div>
      ) : null}
      {settings ? (
        <>
          <ArchiveFolder folder={settings.archiveFolder} />
          <LanguageCard settings={settings} />
          <LimitsForm settings={settings} />
        </>
      ) : null}
      <CredentialProfiles />
      <DiagnosticsCapture />
    </Page>
  );
}

function ArchiveFolder({ folder }: { folder: string }) {
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const t = useT();
  const change = async (): Promise<void> => {
    setBusy(true);
    setFailure(null);
    try {
      await useSettings.getState().chooseArchiveFolder();
    } catch (err) {
      setFailure(toApiError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card settings-card" aria-labelledby="archive-folder-title">
      <h2 id="archive-folder-title">{t('settings.folder.title')}</h2>
      <div className="folder-line">
        <FolderOpen size={18} aria-hidden />
        <code className="folder-path" aria-label={t('settings.folder.current')}>
          {folder}
        </code>
        <button type="button" className="button" onClick={() => void change()} disabled={busy}>
          {t('settings.folder.change')}
        </button>
      </div>
      <p className="muted">{t('settings.folder.help')}</p>
      {failure ? <ErrorPanel error={failure} title={t('settings.folder.failed')} /> : null}
    </section>
  );
}
