import { KeyRound } from 'lucide-react';
import { useEffect } from 'react';
import { signInProblem, useWizard } from '../../stores/wizard';
import { useSettings } from '../../stores/settings';
import { useT } from '../../i18n/language';
import { errorHint } from '../../i18n/words';

/** Step 3: a credential profile from the keychain, or a user name and password (optionally remembered). */
export function SignInStep({ showProblems }: { showProblems: boolean }) {
  const signIn = useWizard((s) => s.signIn);
  const setSignIn = useWizard((s) => s.setSignIn);
  const profiles = useSettings((s) => s.profiles);
  const keychainError = useSettings((s) => s.keychainError);
  const usable = profiles.filter((p) => p.hasSecret);
  const noKeychain = keychainError !== null;
  const t = useT();

  // A profile that became unusable (keychain gone, deleted elsewhere) must not stay silently selected.
  useEffect(() => {
    if (
      signIn.mode === 'profile' &&
      (noKeychain || (profiles.length > 0 && !usable.some((p) => p.name === signIn.profile)))
    ) {
      setSignIn({ mode: 'password', profile: '' });
    }
  }, [noKeychain, profiles, usable, signIn.mode, signIn.profile, setSignIn]);

  const problem = showProblems
    ? signInProblem(
        signIn,
        profiles.map((p) => p.name),
      )
    : null;
  return (
    <div className="wizard-step-body">
      <p className="step-lead">{t('wizard.signin.lead')}</p>
      {noKeychain ? (
        <p className="step-note tone-warn" role="status">
          <KeyRound size={18} aria-hidden />
          <span>
            {t.rich('wizard.signin.no-keychain', {
              b: (chunks) => <strong>{chunks}</strong>,
              hint: errorHint(keychainError, t),
            })}
          </span>
        </p>
      ) : null}
      <fieldset className="choice-group">
        <legend className="field-label">{t('wizard.signin.how')}</legend>
        <label className="choice">
          <input
            type="radio"
            name="signin-mode"
            checked={signIn.mode === 'profile'}
            disabled={noKeychain || usable.length === 0}
            onChange={() => setSignIn({ mode: 'profile', profile: signIn.profile || usable[0]?.name || '' })}
          />
          <span>
            {t('wizard.signin.profile-mode')}
            {!noKeychain && usable.length === 0 ? (
              <span className="field-help block">{t('wizard.signin.no-profile')}</span>
            ) : null}
          </span>
        </label>
        <label className="choice">
          <input
            type="radio"
            name="signin-mode"
            checked={signIn.mode === 'password'}
            onChange={() => setSignIn({ mode: 'password' })}
          />
          <span>{t('wizard.signin.password-mode')}</span>
        </label>
      </fieldset>
      {signIn.mode === 'profile' ? (
        <div className="field narrow">
          <label htmlFor="wizard-profile">{t('wizard.signin.profile')}</label>
          <select id="wizard-profile" value={signIn.profile} onChange={(e) => setSignIn({ profile: e.target.value })}>
            {usable.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name} — {p.username}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <PasswordFields noKeychain={noKeychain} />
      )}
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

function PasswordFields({ noKeychain }: { noKeychain: boolean }) {
  const t = useT();
  const signIn = useWizard((s) => s.signIn);
  const setSignIn = useWizard((s) => s.setSignIn);
  return (
    <>
      <div className="field-row">
        <div className="field grow">
          <label htmlFor="wizard-username">{t('wizard.signin.username')}</label>
          <input
            id="wizard-username"
            type="text"
            value={signIn.username}
            onChange={(e) => setSignIn({ username: e.target.value })}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        <div className="field grow">
          <label htmlFor="wizard-password">{t('wizard.signin.password')}</label>
          <input
            id="wizard-password"
            type="password"
            value={signIn.password}
            onChange={(e) => setSignIn({ password: e.target.value })}
            autoComplete="off"
          />
        </div>
      </div>
      <div className="remember-row">
        <label className="choice">
          <input
            type="checkbox"
            checked={signIn.remember}
            disabled={noKeychain}
            onChange={(e) => setSignIn({ remember: e.target.checked })}
          />
          <span>{t('wizard.signin.remember')}</span>
        </label>
        <input
          type="text"
          aria-label={t('wizard.signin.remember-as')}
          value={signIn.rememberAs}
          disabled={noKeychain || !signIn.remember}
          onChange={(e) => setSignIn({ rememberAs: e.target.value })}
          autoComplete="off"
          maxLength={64}
        />
      </div>
    </>
  );
}
