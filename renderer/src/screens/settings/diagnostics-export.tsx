import { FileArchive, FolderOpen } from 'lucide-react';
import { useState } from 'react';
import type { ApiError, DiagnosticsExport } from '../../../../preload/api';
import { eclypse, toApiError, unwrap } from '../../bridge/eclypse';
import { ErrorPanel } from '../../components/error-panel';
import { formatBytes } from '../../components/format';
import { useArchive } from '../../stores/archive';

/**
 * Help → Export diagnostics, the part every bug report needs: one zip in the archive's reports folder with the
 * app's logs of the last 7 days and the captures made below, and the logs folder one click away.
 */
export function DiagnosticsExportBlock() {
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
      setFailure({ error: toApiError(err), title: 'The diagnostics zip could not be written' });
    } finally {
      setBusy(false);
    }
  };
  const openLogs = async (): Promise<void> => {
    setFailure(null);
    try {
      unwrap(await eclypse().logsOpenFolder({}));
    } catch (err) {
      setFailure({ error: toApiError(err), title: 'The logs folder could not be opened' });
    }
  };

  return (
    <div className="diagnostics-export">
      <p className="muted">
        The app logs every request to a controller, every decision (retries, certificate checks, verdicts) and every error, without passwords or session cookies. Export
        diagnostics puts the logs of the last 7 days and the captures below into one zip for support.
      </p>
      <div className="error-actions">
        <button type="button" className="button primary" onClick={() => void exportZip()} disabled={busy}>
          <FileArchive size={16} aria-hidden />
          {busy ? 'Exporting…' : 'Export diagnostics (zip)'}
        </button>
        <button type="button" className="button" onClick={() => void openLogs()}>
          <FolderOpen size={16} aria-hidden />
          Open logs folder
        </button>
      </div>
      {done ? (
        <div className="diagnostics-done" role="status">
          <p>
            Saved <code>{done.path}</code> in the archive folder ({formatBytes(done.bytes)}: {done.logFiles} log file{done.logFiles === 1 ? '' : 's'}, {done.captures} capture
            {done.captures === 1 ? '' : 's'}).
          </p>
          <button type="button" className="button small" onClick={() => void useArchive.getState().reveal(done.path)}>
            <FolderOpen size={16} aria-hidden />
            Show in folder
          </button>
        </div>
      ) : null}
      {failure ? <ErrorPanel error={failure.error} title={failure.title} /> : null}
    </div>
  );
}
