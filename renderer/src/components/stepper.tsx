import { Check, X } from 'lucide-react';
import { useT } from '../i18n/language';

/** Where a step stands: done, being done, to do, failed (✕, never a green tick), or decided already (skipped). */
export type StepState = 'done' | 'current' | 'todo' | 'failed' | 'skipped';

/** One step of a stepper. */
export interface StepperStep {
  key: string;
  label: string;
  state: StepState;
}

/**
 * The one stepper of the app (the wizard's six steps, the bulk run's three): steps left to right, each with its
 * state for the eye (tick, cross, number) and for screen readers (the current one is aria-current, the others
 * say done, failed or decided already).
 */
export function Stepper({ label, steps, className }: { label: string; steps: StepperStep[]; className?: string }) {
  const t = useT();
  return (
    <ol className={`stepper ${className ?? ''}`} aria-label={label}>
      {steps.map((s, i) => (
        <li
          key={s.key}
          className={`stepper-item ${s.state}`}
          aria-current={s.state === 'current' ? 'step' : undefined}
          data-step={s.key}
        >
          <span className="stepper-dot" aria-hidden>
            {s.state === 'done' || s.state === 'skipped' ? (
              <Check size={14} />
            ) : s.state === 'failed' ? (
              <X size={14} />
            ) : (
              i + 1
            )}
          </span>
          <span className="stepper-label">
            {s.label}
            {s.state === 'done' ? <span className="visually-hidden"> {t('common.step-done')}</span> : null}
            {s.state === 'failed' ? <span className="visually-hidden"> {t('common.step-failed')}</span> : null}
            {s.state === 'skipped' ? <span className="visually-hidden"> {t('common.step-skipped')}</span> : null}
          </span>
        </li>
      ))}
    </ol>
  );
}
