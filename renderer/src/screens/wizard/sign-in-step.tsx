import { KeyRound } from 'lucide-react';
import { useEffect } from 'react';
import { signInProblem, useWizard } from '../../stores/wizard';
import { useSettings } from '../../stores/settings';

/** Step 3: a credential profile from the keychain, or a user name and password (optionally remembered). */
export function SignInStep({ showProblems }: { showProblems: boolean }) {
  const signIn = useWizard((s) => s.signIn);
  const setSignIn = useWizard((s) => s.setSignIn);
  const profiles = useSettings((s) => s.profiles);
  const keychainError = useSettings((s) => s.keychainError);
  const usable = profiles.filter((p) => p.hasSecret);
  const noKeychain = keychainError !== null;

  // A profile that became unusable (keychain gone, deleted elsewhere) must not stay silently selected.
  useEffect(() => {
    if (signIn.mode === 'profile' && (noKeychain || (profiles.length > 0 && !usable.some((p) => p.name === signIn.profile)))) {
      setSignIn({ mode: 'password', profile: '' });
    }
  }, [noKeychain, profiles, usable, signIn.mode, signIn.profile, setSignIn]);

  const problem = showProblems ? signInProblem(signIn, profiles.map((p) => p.name)) : null;
  return (
    <div className="wizard-step-body">
      <p className="step-lead">The controller asks for a login with the REST API role. It is tried once per backup, so a wrong password never locks the account.</p>
      {noKeychain ? (
        <p className="step-note tone-warn" role="status">
          <KeyRound size={18} aria-hidden />
          <span>
            <strong>The keychain is unavailable on this laptop</strong>, so saved profiles cannot be used and nothing can be remembered. {keychainError.hint} Enter the user name and password; they are used for this backup only.
          </span>
        </p>
      ) : null}
      <fieldset className="choice-group">
        <legend className="field-label">How to sign in</legend>
        <label className="choice">
          <input type="radio" name="signin-mode" checked={signIn.mode === 'profile'} disabled={noKeychain || usable.length === 0} onChange={() => setSignIn({ mode: 'profile', profile: signIn.profile || usable[0]?.name || '' })} />
          <span>
            Saved credential profile
            {!noKeychain && usable.length === 0 ? <span className="field-help block">No profile saved yet: tick &quot;Remember in keychain&quot; below to create one.</span> : null}
          </span>
        </label>
        <label className="choice">
          <input type="radio" name="signin-mode" checked={signIn.mode === 'password'} onChange={() => setSignIn({ mode: 'password' })} />
          <span>User name and password</span>
        </label>
      </fieldset>
      {signIn.mode === 'profile' ? (
        <div className="field narrow">
          <label htmlFor="wizard-profile">Profile</label>
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
  const signIn = useWizard((s) => s.signIn);
  const setSignIn = useWizard((s) => s.setSignIn);
  return (
    <>
      <div className="field-row">
        <div className="field grow">
          <label htmlFor="wizard-username">User name</label>
          <input id="wizard-username" type="text" value={signIn.username} onChange={(e) => setSignIn({ username: e.target.value })} autoComplete="off" spellCheck={false} />
        </div>
        <div className="field grow">
          <label htmlFor="wizard-password">Password</label>
          <input id="wizard-password" type="password" value={signIn.password} onChange={(e) => setSignIn({ password: e.target.value })} autoComplete="off" />
        </div>
      </div>
      <div className="remember-row">
        <label className="choice">
          <input type="checkbox" checked={signIn.remember} disabled={noKeychain} onChange={(e) => setSignIn({ remember: e.target.checked })} />
          <span>Remember in keychain as</span>
        </label>
        <input
          type="text"
          aria-label="Profile name to remember the login as"
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
