import { CircleSlash, FolderOpen } from 'lucide-react';
import type { ControllerRunResult, RunRecord } from '../../../../preload/api';
import { VerdictBadge } from '../../components/badges';
import { ErrorPanel } from '../../components/error-panel';
import { Fingerprint } from '../../components/fingerprint';
import { formatBytes } from '../../components/format';
import { useArchive } from '../../stores/archive';
import { useNotices } from '../../stores/notices';
import { useRuns } from '../../stores/runs';
import { useSettings } from '../../stores/settings';
import { useWizard } from '../../stores/wizard';
import { pathInArchive } from './archive-path';
import { failureRoute } from './failure-routes';

/** This wizard's controller in its finished run, or null while the run goes on. */
export function useWizardResult(): ControllerRunResult | null {
  const runId = useWizard((s) => s.runId);
  const controllerId = useWizard((s) => s.controllerId);
  const record: RunRecord | null = useRuns((s) => (runId ? (s.live[runId]?.record ?? null) : null));
  return record?.results.find((r) => r.controllerId === controllerId) ?? record?.results[0] ?? null;
}

/** Step 6: the file, its size, SHA-256 and verdict; or what went wrong and the step that fixes it. */
export function ResultStep() {
  const result = useWizardResult();
  const recover = useWizard((s) => s.recover);
  const activity = useWizard((s) => s.activity);
  if (!result) return null;
  if (result.status === 'succeeded' && result.backup) return <SavedBackup result={result} />;
  if (result.status === 'cancelled') {
    return (
      <div className="wizard-step-body">
        <p className="step-note tone-neutral" role="status">
          <CircleSlash size={18} aria-hidden />
          The backup was cancelled. Nothing partial was kept on this laptop.
        </p>
        <button type="button" className="button" onClick={() => void recover('retry')} disabled={activity.busy}>
          Try again
        </button>
      </div>
    );
  }
  const error = result.error ?? { code: 'PROTOCOL_ERROR' as const, message: 'The backup ended without a file or an error.', hint: 'Try again; if it repeats, report it to support.' };
  const route = failureRoute(error.code);
  return (
    <div className="wizard-step-body">
      <ErrorPanel error={error}>
        <button type="button" className="button primary" onClick={() => void recover(route.step)} disabled={activity.busy}>
          {route.label}
        </button>
        {route.step !== 'retry' ? (
          <button type="button" className="button" onClick={() => void recover('retry')} disabled={activity.busy}>
            Try again
          </button>
        ) : null}
      </ErrorPanel>
      {error.expectedFingerprint && error.actualFingerprint ? (
        <div className="fingerprint-compare">
          <div>
            <p className="field-label">Trusted before</p>
            <Fingerprint value={error.expectedFingerprint} label="Trusted fingerprint" compareTo={error.actualFingerprint} />
          </div>
          <div>
            <p className="field-label">Shown now</p>
            <Fingerprint value={error.actualFingerprint} label="New fingerprint" compareTo={error.expectedFingerprint} />
          </div>
        </div>
      ) : null}
      {activity.error ? <ErrorPanel error={activity.error} /> : null}
    </div>
  );
}

function SavedBackup({ result }: { result: ControllerRunResult }) {
  const backup = result.backup!;
  const reveal = async (file: string): Promise<void> => {
    try {
      if (!useSettings.getState().settings) await useSettings.getState().load();
      await useArchive.getState().reveal(pathInArchive(file, useSettings.getState().settings?.archiveFolder));
    } catch (err) {
      useNotices.getState().notify({ kind: 'error', title: 'The folder could not be shown', body: err instanceof Error ? err.message : String(err) });
    }
  };
  return (
    <div className="wizard-step-body">
      <div className="verdict-line">
        <VerdictBadge verdict={result.verdict} reason={result.verdictReason} />
      </div>
      {result.warnings && result.warnings.length > 0 ? (
        <section className="card backup-warnings" aria-label="Worth a look">
          <h3 className="field-label">Worth a look</h3>
          <ul>
            {result.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <dl className="detail-list card">
        {backup.file ? (
          <>
            <dt>File</dt>
            <dd className="file-line">
              <span className="mono file-path" data-testid="backup-file">
                {backup.file}
              </span>
              <button type="button" className="button small" onClick={() => void reveal(backup.file!)}>
                <FolderOpen size={16} aria-hidden />
                Show in folder
              </button>
            </dd>
          </>
        ) : (
          <>
            <dt>Saved on</dt>
            <dd>The USB key plugged into the controller, as {backup.deviceFileName}</dd>
          </>
        )}
        <dt>Size</dt>
        <dd>{formatBytes(backup.bytes)}</dd>
        {backup.sha256 ? (
          <>
            <dt>SHA-256</dt>
            <dd>
              <Fingerprint value={backup.sha256} label="SHA-256 of the backup" />
            </dd>
          </>
        ) : null}
        <dt>Compatibility</dt>
        <dd>{backup.compatibility ?? 'Not reported by the controller'}</dd>
        <dt>Name on the controller</dt>
        <dd className="mono">{backup.deviceFileName}</dd>
      </dl>
    </div>
  );
}
