import { useEffect } from 'react';
import { ALL_DATA_TYPES } from '../../../../preload/api';
import { overallFraction, phaseWords } from '../../components/phase-words';
import { ProgressBar } from '../../components/progress-bar';
import { useRuns } from '../../stores/runs';
import { useWizard } from '../../stores/wizard';
import { useTransferRate } from './transfer-rate';

/** Step 5: what the backup is doing now, in words, with a progress bar; moves on to the result by itself. */
export function BackupStep({ confirmingCancel }: { confirmingCancel: boolean }) {
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
  const words = !event ? 'Connecting' : transfer.stalledSeconds !== null ? `${phaseWords(event)} · no data for ${transfer.stalledSeconds} s` : phaseWords(event, transfer.rate);
  const fraction = event ? overallFraction(event) : 0;
  return (
    <div className="wizard-step-body">
      <p className="step-lead">
        {contents.dataTypes.length} of {ALL_DATA_TYPES.length} data types{contents.fileName ? ` as ${contents.fileName}` : ''},{' '}
        {contents.target === 'UsbKey' ? 'saved on the USB key in the controller' : 'downloaded to the archive on this laptop and verified'}.
      </p>
      <div className="run-panel card">
        <p className="run-words" role="status" aria-live="polite">
          {words}
        </p>
        <ProgressBar value={fraction} label="Backup progress" />
        <p className="field-help">Keep this laptop connected to the controller&apos;s network until the backup is saved.</p>
      </div>
      {confirmingCancel ? null : <p className="field-help">Cancel stops the backup; nothing partial is kept on this laptop.</p>}
      {activity.error ? (
        <p className="field-error" role="alert">
          {activity.error.message}
        </p>
      ) : null}
    </div>
  );
}
