import { ArrowLeft } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { Page } from '../../components/page';
import { useT } from '../../i18n/language';
import { useInventory } from '../../stores/inventory';
import { useNavigation } from '../../stores/navigation';
import { useRuns } from '../../stores/runs';
import { useSettings } from '../../stores/settings';
import { useWizard, type WizardStep } from '../../stores/wizard';
import { AddressStep } from './address-step';
import { BackupStep } from './backup-step';
import { CancelConfirm } from './cancel-confirm';
import { CertificateStep } from './certificate-step';
import { ContentsStep } from './contents-step';
import { ResultStep, useWizardResult } from './result-step';
import { SignInStep } from './sign-in-step';
import { useStepActions } from './step-actions';
import { WizardStepper } from './wizard-stepper';
import './wizard.css';

// Enter on these keeps its own meaning (press the button, open the list, new line).
const OWN_ENTER = new Set(['BUTTON', 'A', 'SELECT', 'TEXTAREA', 'SUMMARY']);

/** The one-controller backup wizard: Address → Certificate → Sign in → Contents → Back up → Result. */
export function WizardScreen() {
  useWizardSession();
  const step = useWizard((s) => s.step);
  const address = useWizard((s) => s.address);
  const runId = useWizard((s) => s.runId);
  const running = useRuns((s) => runId !== null && s.live[runId]?.record === null);
  const [problemsShownFor, setProblemsShownFor] = useState<WizardStep | null>(null);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const { primary, back, secondary } = useStepActions(
    () => setProblemsShownFor(useWizard.getState().step),
    () => setConfirmingCancel(true),
  );
  const goTo = useWizard((s) => s.goTo);
  const heading = useRef<HTMLHeadingElement>(null);
  const showProblems = problemsShownFor === step;
  const t = useT();
  const decided = useWizard((s) => s.decided);
  const result = useWizardResult();
  const failedStep: WizardStep | null = step === 'result' && result && result.status !== 'succeeded' ? 'backup' : null;

  // A step entered again starts without its problems shown; a run that ends has nothing left to cancel. Both are
  // adjusted while rendering the change, so no frame shows the stale state.
  const [stepSeen, setStepSeen] = useState(step);
  if (step !== stepSeen) {
    setStepSeen(step);
    setProblemsShownFor(null);
  }
  const [runningSeen, setRunningSeen] = useState(running);
  if (running !== runningSeen) {
    setRunningSeen(running);
    if (!running) setConfirmingCancel(false);
  }
  // A new step is announced and keyboard users start from its top.
  useEffect(() => {
    heading.current?.focus();
  }, [step]);

  const enter = secondary ?? (primary.onEnter ? primary : null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      const target = e.target as HTMLElement | null;
      if (e.key === 'Escape') {
        e.preventDefault();
        if (confirmingCancel) setConfirmingCancel(false);
        else if (running) setConfirmingCancel(true);
        else useNavigation.getState().go('controllers');
      } else if (e.key === 'Enter' && !OWN_ENTER.has(target?.tagName ?? '') && !confirmingCancel) {
        e.preventDefault();
        if (enter && !enter.disabled) enter.run();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [enter, running, confirmingCancel]);

  const at = `${address.host.trim()}:${address.port.trim()}`;
  const where =
    step === 'address' || !address.host.trim()
      ? t('wizard.subtitle')
      : address.name.trim()
        ? `${address.name.trim()} · ${at}`
        : at;
  return (
    <Page title={t('wizard.title')} subtitle={where}>
      <div className="wizard">
        <WizardStepper step={step} decided={decided} failed={failedStep} />
        <section className="wizard-panel card" aria-labelledby="wizard-step-title">
          <h2 id="wizard-step-title" ref={heading} tabIndex={-1}>
            <StepTitle step={step} />
          </h2>
          <CurrentStep step={step} showProblems={showProblems} />
          <CancelConfirm open={confirmingCancel && running} onKeep={() => setConfirmingCancel(false)} />
        </section>
        <div className="wizard-footer">
          {back ? (
            <button
              type="button"
              className="button"
              onClick={() => goTo(back)}
              disabled={useWizard.getState().activity.busy}
            >
              <ArrowLeft size={16} aria-hidden />
              {t('common.back')}
            </button>
          ) : null}
          <button
            type="button"
            className={`button ${primary.tone === 'plain' ? '' : primary.tone}`}
            onClick={primary.run}
            disabled={primary.disabled}
          >
            {primary.label}
          </button>
        </div>
      </div>
    </Page>
  );
}

/**
 * Starts the wizard afresh when the navigation opened it again. Returning to it keeps it, and so does opening it
 * anew while its backup still runs: the live run must not vanish behind an empty address step.
 */
function useWizardSession(): void {
  const session = useNavigation((s) => s.wizardSession);
  const controllerId = useNavigation((s) => s.wizardController);
  useEffect(() => {
    const current = useWizard.getState();
    if (current.session === session) return;
    const run = current.runId ? useRuns.getState().live[current.runId] : undefined;
    if (run && run.record === null) {
      current.adoptSession(session);
      return;
    }
    const begin = (): void =>
      useWizard
        .getState()
        .begin(useInventory.getState().rows.find((r) => r.controller.id === controllerId) ?? null, session);
    begin();
    void useSettings.getState().loadProfiles();
    if (useNavigation.getState().wizardExpress && useWizard.getState().signIn.mode === 'profile')
      void useWizard.getState().express();
    if (controllerId && !useInventory.getState().rows.some((r) => r.controller.id === controllerId)) {
      void useInventory
        .getState()
        .load()
        .then(() => {
          if (useWizard.getState().session !== session || useWizard.getState().step !== 'address') return;
          begin();
          if (useNavigation.getState().wizardExpress && useWizard.getState().signIn.mode === 'profile')
            void useWizard.getState().express();
        });
    }
  }, [session, controllerId]);
}

function StepTitle({ step }: { step: WizardStep }) {
  const pinState = useWizard((s) => s.probe?.pinState);
  const result = useWizardResult();
  const t = useT();
  switch (step) {
    case 'address':
      return <>{t('wizard.address.title')}</>;
    case 'certificate':
      return (
        <>
          {pinState === 'changed'
            ? t('wizard.cert.title-changed')
            : pinState === 'pinned'
              ? t('wizard.cert.title-trusted')
              : t('wizard.cert.title-check')}
        </>
      );
    case 'signin':
      return <>{t('wizard.signin.title')}</>;
    case 'contents':
      return <>{t('wizard.contents.title')}</>;
    case 'backup':
      return <>{t('wizard.backup.title')}</>;
    case 'result':
      return (
        <>
          {!result
            ? t('wizard.result.finishing')
            : result.status === 'succeeded'
              ? t('wizard.result.saved')
              : result.status === 'cancelled'
                ? t('wizard.result.cancelled')
                : t('wizard.result.failed')}
        </>
      );
  }
}

function CurrentStep({ step, showProblems }: { step: WizardStep; showProblems: boolean }) {
  switch (step) {
    case 'address':
      return <AddressStep showProblems={showProblems} />;
    case 'certificate':
      return <CertificateStep />;
    case 'signin':
      return <SignInStep showProblems={showProblems} />;
    case 'contents':
      return <ContentsStep />;
    case 'backup':
      return <BackupStep />;
    case 'result':
      return <ResultStep />;
  }
}
