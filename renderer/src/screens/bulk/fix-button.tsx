import { KeyRound, RotateCcw, Settings as SettingsIcon, ShieldAlert } from 'lucide-react';
import { useId, useState } from 'react';
import { toApiError } from '../../bridge/eclypse';
import { useT } from '../../i18n/language';
import { errorHint } from '../../i18n/words';
import { useNavigation } from '../../stores/navigation';
import { useNotices } from '../../stores/notices';
import { useSettings } from '../../stores/settings';
import { useInventory } from '../../stores/inventory';
import type { FixAction } from './failure-groups';

/** A controller whose changed certificate a fix trusts: its address and the fingerprint it showed. */
export interface TrustTarget {
  host: string;
  port: number;
  fingerprint: string | undefined;
}

/**
 * "What to do" as a button that does it: a new password for the profile (kept in the keychain, then `after` runs:
 * a re-check or a retry), trusting each changed certificate (the native confirmation asks, per controller), the
 * settings that fix a timeout or the disk, or a retry.
 */
export function FixButton({
  action,
  count,
  trust,
  afterLabel,
  after,
}: {
  action: FixAction;
  count: number;
  trust: TrustTarget[];
  afterLabel: string;
  after: () => Promise<void>;
}) {
  const t = useT();
  const id = useId();
  const [password, setPassword] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const a = action;
  const act = async (work: () => Promise<void>): Promise<void> => {
    setBusy(true);
    try {
      await work();
    } catch (err) {
      useNotices
        .getState()
        .notify({ kind: 'error', title: t('common.that-did-not-work'), body: errorHint(toApiError(err), t) });
    } finally {
      setBusy(false);
    }
  };
  if (!a) return null;
  if (a.kind === 'password') {
    const profile = a.profile;
    const username = useSettings.getState().profiles.find((p) => p.name === profile)?.username ?? 'admin';
    if (password === null) {
      return (
        <button type="button" className="button primary" onClick={() => setPassword('')}>
          <KeyRound size={16} aria-hidden />
          {t('fix.button.password', { profile, count })}
        </button>
      );
    }
    return (
      <form
        className="fix-password"
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => {
            await useSettings.getState().setProfile(profile, username, password);
            setPassword(null);
            await after();
          });
        }}
      >
        <label htmlFor={`${id}-pw`}>{t('fix.password-label', { profile, user: username })}</label>
        <input
          id={`${id}-pw`}
          type="password"
          autoComplete="off"
          maxLength={256}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          // eslint-disable-next-line jsx-a11y/no-autofocus -- this field replaces the button the technician just pressed to type the password: without it, focus would fall to the page
          autoFocus
        />
        <button type="submit" className="button primary" disabled={busy || password === ''}>
          {t('fix.button.save-and', { then: afterLabel })}
        </button>
        <button type="button" className="button" onClick={() => setPassword(null)}>
          {t('common.cancel')}
        </button>
      </form>
    );
  }
  if (a.kind === 'trust') {
    return (
      <button
        type="button"
        className="button danger"
        disabled={busy}
        onClick={() => void act(async () => trustEach(trust).then(after))}
      >
        <ShieldAlert size={16} aria-hidden />
        {t('fix.button.trust', { count, then: afterLabel })}
      </button>
    );
  }
  if (a.kind === 'settings') {
    return (
      <button type="button" className="button" onClick={() => useNavigation.getState().go('settings')}>
        <SettingsIcon size={16} aria-hidden />
        {t('fix.button.settings')}
      </button>
    );
  }
  return (
    <button type="button" className="button primary" disabled={busy} onClick={() => void act(after)}>
      <RotateCcw size={16} aria-hidden />
      {afterLabel}
    </button>
  );
}

/**
 * Trusts the certificate each controller showed (from its CERT_CHANGED error): main asks the technician in its
 * native dialog for each one; a "no" stops there.
 */
async function trustEach(targets: TrustTarget[]): Promise<void> {
  for (const c of targets) {
    if (c.fingerprint) await useInventory.getState().trust(c.host, c.port, c.fingerprint);
  }
}
