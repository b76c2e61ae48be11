import { KeyRound, Plus, Trash2 } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import type { ApiError, ProfileSummary } from '../../../../preload/api';
import { toApiError } from '../../bridge/eclypse';
import { ErrorPanel } from '../../components/error-panel';
import { formatDateTime } from '../../components/format';
import { useNotices } from '../../stores/notices';
import { useSettings } from '../../stores/settings';

/** What the profile list is doing: nothing, adding, replacing one's password, or asking before a delete. */
type Editing = { kind: 'none' } | { kind: 'add' } | { kind: 'replace'; name: string } | { kind: 'delete'; name: string };

/**
 * Credential profiles: names and user names only. A password goes to the keychain once and is never shown
 * again; it can be replaced or deleted. Without a keychain nothing is stored (no plaintext fallback).
 */
export function CredentialProfiles() {
  const profiles = useSettings((s) => s.profiles);
  const keychainError = useSettings((s) => s.keychainError);
  const [editing, setEditing] = useState<Editing>({ kind: 'none' });
  const close = () => setEditing({ kind: 'none' });

  return (
    <section className="card settings-card" aria-labelledby="profiles-title">
      <div className="card-header">
        <h2 id="profiles-title">Credential profiles</h2>
        {!keychainError && editing.kind !== 'add' ? (
          <button type="button" className="button" onClick={() => setEditing({ kind: 'add' })}>
            <Plus size={16} aria-hidden />
            Add profile
          </button>
        ) : null}
      </div>
      <p className="muted">A profile is a user name and password kept in this laptop’s keychain, named so controllers can share it. Passwords are never shown.</p>
      {keychainError ? (
        <div className="keychain-missing">
          <ErrorPanel error={keychainError} title="The keychain is not available on this laptop">
            <p className="keychain-consequence">Passwords are not stored anywhere else: the backup wizard asks for the password each time.</p>
            <button type="button" className="button" onClick={() => void useSettings.getState().loadProfiles()}>
              Try again
            </button>
          </ErrorPanel>
        </div>
      ) : null}
      {editing.kind === 'add' ? <ProfileForm existing={null} names={profiles.map((p) => p.name)} onClose={close} /> : null}
      {profiles.length === 0 && !keychainError && editing.kind !== 'add' ? <p className="empty-line">No profiles yet. Add one to back up many controllers with the same login.</p> : null}
      {profiles.length > 0 ? (
        <div className="table-frame">
          <table className="data-table profiles-table">
            <caption className="visually-hidden">Credential profiles</caption>
            <thead>
              <tr>
                <th scope="col">Profile</th>
                <th scope="col">User name</th>
                <th scope="col">Password</th>
                <th scope="col">Changed</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {profiles.map((p) => (
                <ProfileRow key={p.name} profile={p} editing={editing} onEdit={setEditing} onClose={close} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function ProfileRow({ profile, editing, onEdit, onClose }: { profile: ProfileSummary; editing: Editing; onEdit(e: Editing): void; onClose(): void }) {
  const replacing = editing.kind === 'replace' && editing.name === profile.name;
  const deleting = editing.kind === 'delete' && editing.name === profile.name;
  return (
    <>
      <tr>
        <th scope="row">{profile.name}</th>
        <td>{profile.username}</td>
        <td>
          {profile.hasSecret ? (
            <span className="badge tone-good">
              <KeyRound size={16} aria-hidden />
              Stored in keychain
            </span>
          ) : (
            <span className="badge tone-warn">
              <KeyRound size={16} aria-hidden />
              Missing — replace it
            </span>
          )}
        </td>
        <td>{formatDateTime(profile.updatedAt)}</td>
        <td className="col-actions">
          <div className="row-buttons">
            <button type="button" className="button compact" onClick={() => onEdit({ kind: 'replace', name: profile.name })} aria-label={`Replace password of ${profile.name}`}>
              Replace password…
            </button>
            <button type="button" className="button compact danger" onClick={() => onEdit({ kind: 'delete', name: profile.name })} aria-label={`Delete ${profile.name}`}>
              <Trash2 size={16} aria-hidden />
              Delete…
            </button>
          </div>
        </td>
      </tr>
      {replacing || deleting ? (
        <tr className="profile-edit-row">
          <td colSpan={5}>{replacing ? <ProfileForm existing={profile} names={[]} onClose={onClose} /> : <DeleteProfile profile={profile} onClose={onClose} />}</td>
        </tr>
      ) : null}
    </>
  );
}

function DeleteProfile({ profile, onClose }: { profile: ProfileSummary; onClose(): void }) {
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const remove = async (): Promise<void> => {
    setBusy(true);
    try {
      await useSettings.getState().deleteProfile(profile.name);
      useNotices.getState().notify({ kind: 'success', title: `Profile ${profile.name} deleted` });
      onClose();
    } catch (err) {
      setFailure(toApiError(err));
      setBusy(false);
    }
  };
  return (
    <div className="confirm" role="alertdialog" aria-label={`Delete ${profile.name}?`}>
      <p>
        Delete <strong>{profile.name}</strong> and its password from the keychain? Controllers that use it will ask for a password.
      </p>
      <button type="button" className="button danger" onClick={() => void remove()} disabled={busy} autoFocus>
        Delete {profile.name}
      </button>
      <button type="button" className="button" onClick={onClose}>
        Keep it
      </button>
      {failure ? <ErrorPanel error={failure} title="The profile was not deleted" /> : null}
    </div>
  );
}

/** Adds a profile (existing null) or replaces one's login; the password field is never filled in. */
function ProfileForm({ existing, names, onClose }: { existing: ProfileSummary | null; names: string[]; onClose(): void }) {
  const [name, setName] = useState(existing?.name ?? '');
  const [username, setUsername] = useState(existing?.username ?? '');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ name?: string; username?: string; password?: string }>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const problems: typeof errors = {};
    const n = name.trim();
    if (!existing) {
      if (!n) problems.name = 'Name the profile, for instance the site or the account’s role.';
      else if (n.length > 64) problems.name = 'Keep the name under 64 characters.';
      else if (names.includes(n)) problems.name = `A profile named ${n} exists: use its “Replace password…”.`;
    }
    if (!username.trim()) problems.username = 'Enter the user name the controllers know.';
    if (!password) problems.password = existing ? 'Enter the new password.' : 'Enter the password.';
    else if (password.length > 256) problems.password = 'The password is longer than 256 characters.';
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      document.getElementById(`${id}-${Object.keys(problems)[0]}`)?.focus();
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      await useSettings.getState().setProfile(existing?.name ?? n, username.trim(), password);
      setPassword('');
      useNotices.getState().notify({ kind: 'success', title: existing ? `Password of ${existing.name} replaced` : `Profile ${n} saved in the keychain` });
      onClose();
    } catch (err) {
      setFailure(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const input = (key: 'name' | 'username' | 'password', label: string, value: string, onChange: (v: string) => void, extra: Record<string, unknown> = {}) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
          if (errors[key]) setErrors((x) => ({ ...x, [key]: undefined }));
        }}
        aria-invalid={errors[key] ? true : undefined}
        aria-describedby={errors[key] ? `${id}-${key}-error` : undefined}
        autoComplete="off"
        {...extra}
      />
      {errors[key] ? (
        <span className="field-error" id={`${id}-${key}-error`}>
          {errors[key]}
        </span>
      ) : null}
    </div>
  );

  return (
    <form className={existing ? 'profile-form' : 'profile-form boxed'} onSubmit={(e) => void submit(e)} aria-label={existing ? `Replace the password of ${existing.name}` : 'New credential profile'} noValidate>
      <div className="profile-fields">
        {existing ? null : input('name', 'Profile name', name, setName, { type: 'text', autoFocus: true })}
        {input('username', 'User name', username, setUsername, { type: 'text' })}
        {input('password', existing ? 'New password' : 'Password', password, setPassword, { type: 'password', autoComplete: 'new-password', autoFocus: existing !== null })}
      </div>
      {failure ? <ErrorPanel error={failure} title={existing ? 'The password was not replaced' : 'The profile was not saved'} /> : null}
      <div className="form-actions">
        <span className="spacer-flex" />
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={busy}>
          {existing ? 'Replace password' : 'Save profile'}
        </button>
      </div>
    </form>
  );
}
