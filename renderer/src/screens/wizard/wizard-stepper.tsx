import { Stepper, type StepState } from '../../components/stepper';
import { useT } from '../../i18n/language';
import { WIZARD_STEPS, type WizardStep } from '../../stores/wizard';

/**
 * The six steps left to right: done ones ticked, ones the wizard decided by itself ticked on a dashed ring, the
 * backup crossed when it failed or was cancelled (never a green tick on something that did not work).
 */
export function WizardStepper({
  step,
  decided,
  failed,
}: {
  step: WizardStep;
  decided: readonly WizardStep[];
  failed: WizardStep | null;
}) {
  const t = useT();
  const current = WIZARD_STEPS.indexOf(step);
  const state = (s: WizardStep, i: number): StepState => {
    if (s === failed) return 'failed';
    if (i === current) return 'current';
    if (i > current) return 'todo';
    return decided.includes(s) ? 'skipped' : 'done';
  };
  return (
    <Stepper
      label={t('common.steps')}
      className="wizard-stepper"
      steps={WIZARD_STEPS.map((s, i) => ({ key: s, label: t(`wizard.step.${s}`), state: state(s, i) }))}
    />
  );
}
