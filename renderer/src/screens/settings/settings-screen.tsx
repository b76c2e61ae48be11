import { AlertTriangle, FolderOpen } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { ApiError } from '../../../../preload/api';
import { toApiError } from '../../bridge/eclypse';
import { ErrorPanel } from '../../components/error-panel';
import { Page } from '../../components/page';
import { useSettings } from '../../stores/settings';
import { CredentialProfiles } from './credential-profiles';
import { DiagnosticsCapture } from './diagnostics-capture';
import { LimitsForm } from './limits-form';
import './settings.css';

/** Archive folder, bulk limits, timeouts, request format, credential profiles, and a capture for support. */
export function SettingsScreen() {
  const settings = useSettings((s) => s.settings);
  const settingsError = useSettings((s) => s.settingsError);

  useEffect(() => {
    void useSettings.getState().load();
    void useSettings.getState().loadProfiles();
  }, []);

  return (
    <Page title="Settings" subtitle="Where backups go, how hard a bulk run may work, and the logins kept in the keychain.">
      {settingsError ? <ErrorPanel error={settingsError} title="The settings could not be read" /> : null}
      {settings?.warning ? (
        <div className="settings-warning" role="alert">
          <AlertTriangle size={20} aria-hidden />
          <div>
            <p className="warning-title">The saved settings were damaged, so the defaults are in use</p>
            <p>{settings.warning}</p>
            <p className="muted">Check the values below and save them to replace the damaged file.</p>
          </div>
        </div>
      ) : null}
      {settings ? (
        <>
          <ArchiveFolder folder={settings.archiveFolder} />
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
      <h2 id="archive-folder-title">Archive folder</h2>
      <div className="folder-line">
        <FolderOpen size={18} aria-hidden />
        <code className="folder-path" aria-label="Current archive folder">
          {folder}
        </code>
        <button type="button" className="button" onClick={() => void change()} disabled={busy}>
          Change…
        </button>
      </div>
      <p className="muted">Every backup, its record and the run reports are written here. Backups already made stay where they are.</p>
      {failure ? <ErrorPanel error={failure} title="The archive folder was not changed" /> : null}
    </section>
  );
}
