import { FileArchive, FolderOpen } from 'lucide-react';
import { useState } from 'react';
import type { ApiError, DiagnosticsExport } from '../../../../preload/api';
import { eclypse, toApiError, unwrap } from '../../bridge/eclypse';
import { ErrorPanel } from '../../components/error-panel';
import { useT } from '../../i18n/language';
import { RevealButton } from '../../components/reveal-button';

/**
 * Help → Export diagnostics, the part every bug report needs: one zip in the archive's reports folder with the
 * app's logs of the last 7 days and the captures made below, and the logs folder one click away.
 */
export function DiagnosticsExportBlock() {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<DiagnosticsExport | null>(null);
  const [failure, setFailure] = useState<{ error: ApiError; title: string } | null>(null);

  const exportZip = async (): Promise<void> => {
    setBusy(true);
    setFailure(null);
    setDone(null);
    try {
      setDone(unwrap(await eclypse().diagnosticsExport({})));
    } catch (err) {
      setFailure({ error: toApiError(err), title: t('diag.export-failed') });
    } finally {
      setBusy(false);
    }
  };
  const openLogs = async (): Promise<void> => {
    setFailure(null);
    try {
      unwrap(await eclypse().logsOpenFolder({}));
    } catch (err) {
      setFailure({ error: toApiError(err), title: t('diag.open-logs-failed') });
    }
  };

  return (
    <div className="diagnostics-export">
      <p className="muted">{t('diag.export-lead')}</p>
      <div className="error-actions">
        <button type="button" className="button primary" onClick={() => void exportZip()} disabled={busy}>
          <FileArchive size={16} aria-hidden />
          {busy ? t('diag.exporting') : t('diag.export')}
        </button>
        <button type="button" className="button" onClick={() => void openLogs()}>
          <FolderOpen size={16} aria-hidden />
          {t('diag.open-logs')}
        </button>
      </div>
      {done ? (
        <div className="diagnostics-done" role="status">
          <p>
            {t.rich('diag.exported', {
              code: (chunks) => <code>{chunks}</code>,
              path: done.path,
              size: t.bytes(done.bytes),
              logs: done.logFiles,
              captures: done.captures,
            })}
          </p>
          <RevealButton path={done.path} />
        </div>
      ) : null}
      {failure ? <ErrorPanel error={failure.error} title={failure.title} /> : null}
    </div>
  );
}
