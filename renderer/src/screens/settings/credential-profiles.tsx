import { KeyRound, Plus, Trash2 } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import type { ApiError, ProfileSummary } from '../../../../preload/api';
import { toApiError } from '../../bridge/eclypse';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorPanel } from '../../components/error-panel';
import { formatDateTime } from '../../components/format';
import { useNotices } from '../../stores/notices';
import { useSettings } from '../../stores/settings';
import { useT } from '../../i18n/language';
import { TableHead } from '../../components/table-head';

/** What the profile list is doing: nothing, adding, replacing one's password, or asking before a delete. */
type Editing =
  { kind: 'none' } | { kind: 'add' } | { kind: 'replace'; name: string } | { kind: 'delete'; name: string };

/**
 * Credential profiles: names and user names only. A password goes to the keychain once and is never shown
 * again; it can be replaced or deleted. Without a keychain nothing is stored (no plaintext fallback).
 */
export function CredentialProfiles() {
  const profiles = useSettings((s) => s.profiles);
  const keychainError = useSettings((s) => s.keychainError);
  const [editing, setEditing] = useState<Editing>({ kind: 'none' });
  const t = useT();
  const close = () => setEditing({ kind: 'none' });

  return (
    <section className="card settings-card" aria-labelledby="profiles-title">
      <div className="card-header">
        <h2 id="profiles-title">{t('profiles.title')}</h2>
        {!keychainError && editing.kind !== 'add' ? (
          <button type="button" className="button" onClick={() => setEditing({ kind: 'add' })}>
            <Plus size={16} aria-hidden />
            {t('profiles.add')}
          </button>
        ) : null}
      </div>
      <p className="muted">{t('profiles.lead')}</p>
      {keychainError ? (
        <div className="keychain-missing">
          <ErrorPanel error={keychainError} title={t('profiles.no-keychain')}>
            <p className="keychain-consequence">{t('profiles.no-keychain.consequence')}</p>
            <button type="button" className="button" onClick={() => void useSettings.getState().loadProfiles()}>
              {t('common.try-again')}
            </button>
          </ErrorPanel>
        </div>
      ) : null}
      {editing.kind === 'add' ? (
        <ProfileForm existing={null} names={profiles.map((p) => p.name)} onClose={close} />
      ) : null}
      {profiles.length === 0 && !keychainError && editing.kind !== 'add' ? (
        <p className="empty-line">{t('profiles.empty')}</p>
      ) : null}
      {profiles.length > 0 ? (
        <div className="table-frame">
          <table className="data-table profiles-table">
            <TableHead
              caption={t('profiles.title')}
              columns={[
                t('wizard.signin.profile'),
                t('wizard.signin.username'),
                t('wizard.signin.password'),
                t('profiles.changed'),
                { hidden: t('common.actions') },
              ]}
            />
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

function ProfileRow({
  profile,
  editing,
  onEdit,
  onClose,
}: {
  profile: ProfileSummary;
  editing: Editing;
  onEdit(e: Editing): void;
  onClose(): void;
}) {
  const t = useT();
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
              {t('profiles.stored')}
            </span>
          ) : (
            <span className="badge tone-warn">
              <KeyRound size={16} aria-hidden />
              {t('profiles.missing')}
            </span>
          )}
        </td>
        <td>{formatDateTime(profile.updatedAt)}</td>
        <td className="col-actions">
          <div className="row-buttons">
            <button
              type="button"
              className="button compact"
              onClick={() => onEdit({ kind: 'replace', name: profile.name })}
              aria-label={t('profiles.replace-label', { name: profile.name })}
            >
              {t('profiles.replace')}
            </button>
            <button
              type="button"
              className="button compact danger"
              onClick={() => onEdit({ kind: 'delete', name: profile.name })}
              aria-label={t('profiles.delete-label', { name: profile.name })}
            >
              <Trash2 size={16} aria-hidden />
              {t('profiles.delete')}
            </button>
          </div>
        </td>
      </tr>
      {replacing || deleting ? (
        <tr className="profile-edit-row">
          <td colSpan={5}>
            {replacing ? (
              <ProfileForm existing={profile} names={[]} onClose={onClose} />
            ) : (
              <DeleteProfile profile={profile} onClose={onClose} />
            )}
          </td>
        </tr>
      ) : null}
    </>
  );
}

function DeleteProfile({ profile, onClose }: { profile: ProfileSummary; onClose(): void }) {
  const t = useT();
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const remove = async (): Promise<void> => {
    setBusy(true);
    try {
      await useSettings.getState().deleteProfile(profile.name);
      useNotices.getState().notify({ kind: 'success', title: t('profiles.deleted', { name: profile.name }) });
      onClose();
    } catch (err) {
      setFailure(toApiError(err));
      setBusy(false);
    }
  };
  return (
    <>
      <ConfirmDialog
        open={failure === null}
        title={t('profiles.delete-title', { name: profile.name })}
        confirmLabel={t('profiles.delete-confirm', { name: profile.name })}
        safeLabel={t('common.keep-it')}
        onSafe={onClose}
        onConfirm={() => void remove()}
        busy={busy}
      >
        <p>{t('profiles.delete-body', { name: profile.name })}</p>
      </ConfirmDialog>
      {failure ? <ErrorPanel error={failure} title={t('profiles.delete-failed')} /> : null}
    </>
  );
}

/** Adds a profile (existing null) or replaces one's login; the password field is never filled in. */
function ProfileForm({
  existing,
  names,
  onClose,
}: {
  existing: ProfileSummary | null;
  names: string[];
  onClose(): void;
}) {
  const [name, setName] = useState(existing?.name ?? '');
  const [username, setUsername] = useState(existing?.username ?? '');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ name?: string; username?: string; password?: string }>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const t = useT();

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const problems: typeof errors = {};
    const n = name.trim();
    if (!existing) {
      if (!n) problems.name = t('profiles.form.name-empty');
      else if (n.length > 64) problems.name = t('form.too-long', { max: 64 });
      else if (names.includes(n)) problems.name = t('profiles.form.name-taken', { name: n });
    }
    if (!username.trim()) problems.username = t('profiles.form.username-empty');
    if (!password)
      problems.password = existing ? t('profiles.form.new-password-empty') : t('wizard.signin.enter-password');
    else if (password.length > 256) problems.password = t('profiles.form.password-long');
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
      useNotices.getState().notify({
        kind: 'success',
        title: existing ? t('profiles.replaced', { name: existing.name }) : t('profiles.saved', { name: n }),
      });
      onClose();
    } catch (err) {
      setFailure(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const input = (
    key: 'name' | 'username' | 'password',
    label: string,
    value: string,
    onChange: (v: string) => void,
    extra: Record<string, unknown> = {},
  ) => (
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
    <form
      className={existing ? 'profile-form' : 'profile-form boxed'}
      onSubmit={(e) => void submit(e)}
      aria-label={existing ? t('profiles.form.replace-label', { name: existing.name }) : t('profiles.form.new-label')}
      noValidate
    >
      <div className="profile-fields">
        {existing ? null : input('name', t('profiles.form.name'), name, setName, { type: 'text', autoFocus: true })}
        {input('username', t('wizard.signin.username'), username, setUsername, { type: 'text' })}
        {input(
          'password',
          existing ? t('profiles.form.new-password') : t('wizard.signin.password'),
          password,
          setPassword,
          { type: 'password', autoComplete: 'new-password', autoFocus: existing !== null },
        )}
      </div>
      {failure ? (
        <ErrorPanel error={failure} title={existing ? t('profiles.form.not-replaced') : t('profiles.form.not-saved')} />
      ) : null}
      <div className="form-actions">
        <span className="spacer-flex" />
        <button type="button" className="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button primary" disabled={busy}>
          {existing ? t('profiles.form.replace') : t('profiles.form.save')}
        </button>
      </div>
    </form>
  );
}
