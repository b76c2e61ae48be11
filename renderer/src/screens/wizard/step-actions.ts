import { useT } from '../../i18n/language';
import { useNavigation } from '../../stores/navigation';
import { useSettings } from '../../stores/settings';
import { addressProblem, contentsProblem, signInProblem, useWizard, type WizardStep } from '../../stores/wizard';
import { failureRoute } from './failure-routes';
import { useWizardResult } from './result-step';

/** The one main action of a step: its words, what it does, and whether Enter may trigger it. */
export interface PrimaryAction {
  label: string;
  run(): void;
  tone: 'primary' | 'danger' | 'plain';
  /** False for actions that must be a deliberate click (re-trusting a changed certificate, cancelling). */
  onEnter: boolean;
  disabled: boolean;
}

/** What Back does on each step; null where going back makes no sense (the run and its result). */
const BACK: Partial<Record<WizardStep, WizardStep>> = {
  certificate: 'address',
  signin: 'certificate',
  contents: 'signin',
};

/**
 * The current step's main action and its Back; `showProblems` is called when the step cannot go on yet, and
 * `askCancel` when the running backup's Cancel is pressed (it asks first, as Esc does).
 */
export function useStepActions(
  showProblems: () => void,
  askCancel: () => void,
): { primary: PrimaryAction; back: WizardStep | null; secondary: PrimaryAction | null } {
  const w = useWizard();
  const t = useT();
  const profiles = useSettings((s) => s.profiles);
  const openWizard = useNavigation((s) => s.openWizard);
  const result = useWizardResult();
  const busy = w.activity.busy;
  const guard = (problem: string | null, go: () => void) => () => (problem ? showProblems() : go());
  const another: PrimaryAction = {
    label: t('wizard.another'),
    run: () => openWizard(null),
    tone: 'primary',
    onEnter: true,
    disabled: false,
  };

  let primary: PrimaryAction;
  let secondary: PrimaryAction | null = null;
  switch (w.step) {
    case 'address':
      primary = {
        label: busy ? t('wizard.address.checking') : t('wizard.address.check'),
        run: guard(addressProblem(w.address), () => void w.checkCertificate()),
        tone: 'primary',
        onEnter: true,
        disabled: busy,
      };
      break;
    case 'certificate': {
      const state = w.probe?.pinState;
      if (state === 'pinned')
        primary = {
          label: busy ? t('wizard.saving') : t('common.continue'),
          run: () => void w.confirmController(),
          tone: 'primary',
          onEnter: true,
          disabled: busy,
        };
      else if (state === 'changed')
        primary = {
          label: t('wizard.cert.trust-new'),
          run: () => void w.trust(),
          tone: 'danger',
          onEnter: false,
          disabled: busy,
        };
      else
        primary = {
          label: t('wizard.cert.trust'),
          run: () => void w.trust(),
          tone: 'primary',
          onEnter: true,
          disabled: busy,
        };
      break;
    }
    case 'signin':
      primary = {
        label: t('common.continue'),
        run: guard(
          signInProblem(
            w.signIn,
            profiles.map((p) => p.name),
          ),
          () => void w.confirmSignIn(),
        ),
        tone: 'primary',
        onEnter: true,
        disabled: busy,
      };
      break;
    case 'contents':
      primary = {
        label: busy ? t('wizard.contents.starting') : t('wizard.contents.start'),
        run: guard(contentsProblem(w.contents), () => void w.start()),
        tone: 'primary',
        onEnter: true,
        disabled: busy,
      };
      break;
    case 'backup':
      primary = { label: t('wizard.backup.cancel'), run: askCancel, tone: 'danger', onEnter: false, disabled: false };
      break;
    case 'result':
      if (result && result.status === 'failed') {
        const route = failureRoute(result.error?.code ?? 'PROTOCOL_ERROR');
        const label = t(route.label);
        // The fix is offered in the error panel; Enter takes it, the footer offers a fresh start.
        primary = { ...another, tone: 'plain', onEnter: false };
        secondary = { label, run: () => void w.recover(route.step), tone: 'primary', onEnter: true, disabled: busy };
      } else {
        primary = another;
      }
      break;
  }
  return { primary, back: BACK[w.step] ?? null, secondary };
}
