import { Check } from 'lucide-react';
import { WIZARD_STEPS, type WizardStep } from '../../stores/wizard';

/** The words of each step in the stepper. */
export const STEP_LABELS: Record<WizardStep, string> = {
  address: 'Address',
  certificate: 'Certificate',
  signin: 'Sign in',
  contents: 'Contents',
  backup: 'Back up',
  result: 'Result',
};

/** The six steps left to right: done ones ticked, the current one marked for the eye and for screen readers. */
export function WizardStepper({ step }: { step: WizardStep }) {
  const current = WIZARD_STEPS.indexOf(step);
  return (
    <ol className="wizard-stepper" aria-label="Steps">
      {WIZARD_STEPS.map((s, i) => {
        const state = i < current ? 'done' : i === current ? 'current' : 'todo';
        return (
          <li key={s} className={`stepper-item ${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <span className="stepper-dot" aria-hidden>
              {state === 'done' ? <Check size={14} /> : i + 1}
            </span>
            <span className="stepper-label">
              {STEP_LABELS[s]}
              {state === 'done' ? <span className="visually-hidden"> (done)</span> : null}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
