import { useEffect } from 'react';
import { ALL_DATA_TYPES } from '../../../../preload/api';
import { phaseWords, STAGES, stageFraction, stageOf } from '../../components/phase-words';
import { ProgressBar } from '../../components/progress-bar';
import { useT } from '../../i18n/language';
import { useRuns } from '../../stores/runs';
import { useWizard } from '../../stores/wizard';
import { useTransferRate } from './transfer-rate';

/**
 * Step 5: what the backup is doing now, in words, over a bar that measures the same thing (the stage's own
 * progress, never a blend the words do not say), with the four stages beside it; moves on to the result by itself.
 */
export function BackupStep() {
  const t = useT();
  const runId = useWizard((s) => s.runId);
  const controllerId = useWizard((s) => s.controllerId);
  const goTo = useWizard((s) => s.goTo);
  const activity = useWizard((s) => s.activity);
  const contents = useWizard((s) => s.contents);
  const run = useRuns((s) => (runId ? s.live[runId] : undefined));
  const event = controllerId ? run?.controllers[controllerId] : undefined;
  const transfer = useTransferRate(event);
  const finished = run?.record !== null && run?.record !== undefined;

  useEffect(() => {
    if (finished) goTo('result');
  }, [finished, goTo]);

  // Before the first event the run is starting: words, never a bare spinner.
  const words = !event
    ? t('phase.connecting')
    : transfer.stalledSeconds !== null
      ? `${phaseWords(event)} · ${t('phase.no-data', { seconds: transfer.stalledSeconds })}`
      : phaseWords(event, transfer.rate);
  const stage = stageOf(event?.phase ?? null);
  const at = STAGES.indexOf(stage);
  const fraction = event ? stageFraction(event) : null;
  return (
    <div className="wizard-step-body">
      <p className="step-lead">
        {t(contents.target === 'UsbKey' ? 'wizard.backup.lead-usb' : 'wizard.backup.lead', {
          count: contents.dataTypes.length,
          total: ALL_DATA_TYPES.length,
          name: contents.fileName || '—',
          named: contents.fileName ? 'yes' : 'no',
        })}
      </p>
      <div className="run-panel card">
        <ol className="backup-stages" aria-label={t('wizard.backup.stages')}>
          {STAGES.map((s, i) => (
            <li
              key={s}
              className={i < at ? 'done' : i === at ? 'current' : undefined}
              aria-current={i === at ? 'step' : undefined}
            >
              {t(`wizard.stage.${s}`)}
            </li>
          ))}
        </ol>
        <p className="run-words" role="status" aria-live="polite">
          {words}
        </p>
        <ProgressBar value={fraction} label={words} busy={fraction === null} />
        <p className="field-help">{t('wizard.backup.keep-connected')}</p>
      </div>
      <p className="field-help">{t('wizard.backup.cancel-help')}</p>
      {activity.error ? (
        <p className="field-error" role="alert">
          {activity.error.message}
        </p>
      ) : null}
    </div>
  );
}
