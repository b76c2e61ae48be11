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
import { useT } from '../../i18n/language';
import { errorHint, warningText } from '../../i18n/words';
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
  const t = useT();
  if (!result) return null;
  if (result.status === 'succeeded' && result.backup) return <SavedBackup result={result} backup={result.backup} />;
  if (result.status === 'cancelled') {
    return (
      <div className="wizard-step-body">
        <p className="step-note tone-neutral" role="status">
          <CircleSlash size={18} aria-hidden />
          {t('wizard.result.cancelled-note')}
        </p>
        <button type="button" className="button" onClick={() => void recover('retry')} disabled={activity.busy}>
          {t('common.try-again')}
        </button>
      </div>
    );
  }
  const error = result.error ?? {
    code: 'PROTOCOL_ERROR' as const,
    message: 'The backup ended without a file or an error.',
    hint: errorHint({ code: 'PROTOCOL_ERROR', hint: '' }, t),
  };
  const route = failureRoute(error.code);
  return (
    <div className="wizard-step-body">
      <ErrorPanel error={error}>
        <button
          type="button"
          className="button primary"
          onClick={() => void recover(route.step)}
          disabled={activity.busy}
        >
          {t(route.label)}
        </button>
        {route.step !== 'retry' ? (
          <button type="button" className="button" onClick={() => void recover('retry')} disabled={activity.busy}>
            {t('common.try-again')}
          </button>
        ) : null}
      </ErrorPanel>
      {error.expectedFingerprint && error.actualFingerprint ? (
        <div className="fingerprint-compare">
          <div>
            <p className="field-label">{t('wizard.cert.before')}</p>
            <Fingerprint value={error.expectedFingerprint} label={t('wizard.cert.before-fingerprint')} />
          </div>
          <div>
            <p className="field-label">{t('wizard.cert.now')}</p>
            <Fingerprint value={error.actualFingerprint} label={t('wizard.cert.now-fingerprint')} />
          </div>
        </div>
      ) : null}
      {activity.error ? <ErrorPanel error={activity.error} /> : null}
    </div>
  );
}

function SavedBackup({
  result,
  backup,
}: {
  result: ControllerRunResult;
  backup: NonNullable<ControllerRunResult['backup']>;
}) {
  const t = useT();
  const { file } = backup;
  const reveal = async (file: string): Promise<void> => {
    try {
      if (!useSettings.getState().settings) await useSettings.getState().load();
      await useArchive.getState().reveal(pathInArchive(file, useSettings.getState().settings?.archiveFolder));
    } catch (err) {
      useNotices.getState().notify({
        kind: 'error',
        title: t('wizard.result.reveal-failed'),
        body: err instanceof Error ? err.message : String(err),
      });
    }
  };
  return (
    <div className="wizard-step-body">
      <div className="verdict-line">
        <VerdictBadge verdict={result.verdict} reason={result.verdictReason} />
      </div>
      {result.warnings && result.warnings.length > 0 ? (
        <section className="card backup-warnings" aria-label={t('wizard.result.worth-a-look')}>
          <h3 className="field-label">{t('wizard.result.worth-a-look')}</h3>
          <ul>
            {result.warnings.map((w) => (
              <li key={w}>{warningText(w, t)}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <dl className="detail-list card">
        {file ? (
          <>
            <dt>{t('wizard.result.file')}</dt>
            <dd className="file-line">
              <span className="mono file-path" data-testid="backup-file">
                {file}
              </span>
              <button type="button" className="button small" onClick={() => void reveal(file)}>
                <FolderOpen size={16} aria-hidden />
                {t('wizard.result.show-in-folder')}
              </button>
            </dd>
          </>
        ) : (
          <>
            <dt>{t('wizard.result.saved-on')}</dt>
            <dd>{t('wizard.result.usb', { name: backup.deviceFileName })}</dd>
          </>
        )}
        <dt>{t('wizard.result.size')}</dt>
        <dd>{formatBytes(backup.bytes)}</dd>
        {backup.sha256 ? (
          <>
            <dt>SHA-256</dt>
            <dd>
              <Fingerprint value={backup.sha256} label={t('wizard.result.sha-label')} />
            </dd>
          </>
        ) : null}
        <dt>{t('wizard.result.compatibility')}</dt>
        <dd>{backup.compatibility ?? t('wizard.result.not-reported')}</dd>
        <dt>{t('wizard.result.device-name')}</dt>
        <dd className="mono">{backup.deviceFileName}</dd>
      </dl>
    </div>
  );
}
