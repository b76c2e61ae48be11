import { useEffect, useRef } from 'react';
import { useWizard } from '../../stores/wizard';

/** Asks before Esc stops a running backup; Esc again (or Keep backing up) goes on. */
export function CancelConfirm({ onKeep }: { onKeep: () => void }) {
  const cancel = useWizard((s) => s.cancel);
  const stop = useRef<HTMLButtonElement>(null);
  useEffect(() => stop.current?.focus(), []);
  return (
    <div className="cancel-confirm" role="alertdialog" aria-labelledby="cancel-confirm-title" aria-describedby="cancel-confirm-body">
      <p id="cancel-confirm-title" className="field-label">
        Stop this backup?
      </p>
      <p id="cancel-confirm-body">The controller stops building it and nothing partial is kept on this laptop.</p>
      <div className="error-actions">
        <button
          ref={stop}
          type="button"
          className="button danger"
          onClick={() => {
            onKeep();
            void cancel();
          }}
        >
          Stop the backup
        </button>
        <button type="button" className="button" onClick={onKeep}>
          Keep backing up
        </button>
      </div>
    </div>
  );
}
