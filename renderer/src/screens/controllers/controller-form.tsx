import { Trash2 } from 'lucide-react';
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { ApiError, InventoryController } from '../../../../preload/api';
import { toApiError } from '../../bridge/eclypse';
import { ErrorPanel } from '../../components/error-panel';
import { closeOnEscape } from './close-on-escape';
import { useInventory } from '../../stores/inventory';
import { useNotices } from '../../stores/notices';
import { useSettings } from '../../stores/settings';

/** The form's fields as typed (strings until saved). */
export interface ControllerDraft {
  name: string;
  host: string;
  port: string;
  site: string;
  credential: string;
  username: string;
  notes: string;
}

type DraftErrors = Partial<Record<keyof ControllerDraft, string>>;

/** Checks the fields with the contract's rules, in words a technician can act on; empty when all is well. */
export function draftProblems(d: ControllerDraft): DraftErrors {
  const errors: DraftErrors = {};
  if (!d.name.trim()) errors.name = 'Give the controller a name, as on its label or in the site drawings.';
  else if (d.name.trim().length > 100) errors.name = 'Keep the name under 100 characters.';
  const host = d.host.trim();
  if (!host) errors.host = 'Enter the controller’s IP address or host name.';
  else if (/^[a-z]+:\/\//i.test(host)) errors.host = 'Leave out “https://”: enter only the address, for instance 10.20.1.15.';
  else if (/[\s/\\@]/.test(host)) errors.host = 'An address has no spaces, slashes or “@”: for instance 10.20.1.15 or ahu-1.plant.local.';
  const port = Number(d.port);
  if (!/^\d+$/.test(d.port.trim()) || port < 1 || port > 65535) errors.port = 'The port is a whole number from 1 to 65535 (HTTPS is 443).';
  if (d.site.trim().length > 100) errors.site = 'Keep the site under 100 characters.';
  if (d.notes.length > 1000) errors.notes = 'Keep notes under 1000 characters.';
  return errors;
}

function draftOf(c: InventoryController | null): ControllerDraft {
  return {
    name: c?.name ?? '',
    host: c?.host ?? '',
    port: String(c?.port ?? 443),
    site: c?.site ?? '',
    credential: c?.credential ?? '',
    username: c?.username ?? '',
    notes: c?.notes ?? '',
  };
}

const orNull = (v: string): string | null => (v.trim() ? v.trim() : null);

/** Adds a controller, or edits (and removes, after asking) one; main's refusal is shown with its hint. */
export function ControllerForm({ controller, sites, onClose }: { controller: InventoryController | null; sites: string[]; onClose(): void }) {
  const [draft, setDraft] = useState(() => draftOf(controller));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const profiles = useSettings((s) => s.profiles);
  const notify = useNotices((s) => s.notify);
  const id = useId();
  const title = controller ? `Edit ${controller.name}` : 'Add a controller';

  // Profiles may have been added in Settings since the screen opened.
  useEffect(() => {
    void useSettings.getState().loadProfiles();
  }, []);

  const set = (key: keyof ControllerDraft) => (value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    // An error goes away as soon as the field is changed; it is checked again on save.
    if (errors[key]) setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const problems = draftProblems(draft);
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      const first = Object.keys(problems)[0]!;
      document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    const fields = {
      name: draft.name.trim(),
      host: draft.host.trim(),
      port: Number(draft.port),
      site: orNull(draft.site),
      credential: orNull(draft.credential),
      username: orNull(draft.username),
      notes: orNull(draft.notes),
    };
    setBusy(true);
    setFailure(null);
    try {
      if (controller) await useInventory.getState().update(controller.id, fields);
      else await useInventory.getState().add(fields);
      notify({ kind: 'success', title: controller ? `${fields.name} saved` : `${fields.name} added` });
      onClose();
    } catch (err) {
      setFailure(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (): Promise<void> => {
    if (!controller) return;
    setBusy(true);
    try {
      await useInventory.getState().remove(controller.id);
      notify({ kind: 'success', title: `${controller.name} removed`, body: 'Its backups stay in the archive.' });
      onClose();
    } catch (err) {
      setFailure(toApiError(err));
      setBusy(false);
    }
  };

  const field = (key: keyof ControllerDraft, label: string, help?: string, extra: Record<string, unknown> = {}) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type="text"
        value={draft[key]}
        onChange={(e) => set(key)(e.target.value)}
        aria-invalid={errors[key] ? true : undefined}
        aria-describedby={errors[key] ? `${id}-${key}-error` : help ? `${id}-${key}-help` : undefined}
        {...extra}
      />
      {errors[key] ? (
        <span className="field-error" id={`${id}-${key}-error`}>
          {errors[key]}
        </span>
      ) : help ? (
        <span className="field-help" id={`${id}-${key}-help`}>
          {help}
        </span>
      ) : null}
    </div>
  );

  return (
    <form className="card controller-form" onSubmit={(e) => void submit(e)} onKeyDown={(e) => closeOnEscape(e, onClose)} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>{title}</h2>
      <div className="form-grid">
        {field('name', 'Name', undefined, { autoFocus: true, autoComplete: 'off' })}
        {field('site', 'Site', 'Controllers are grouped by site.', { list: `${id}-sites`, autoComplete: 'off' })}
        <datalist id={`${id}-sites`}>
          {sites.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        {field('host', 'Address', 'IP address or host name, without https://', { autoComplete: 'off', spellCheck: false })}
        {field('port', 'Port', undefined, { inputMode: 'numeric' })}
        <div className="field">
          <label htmlFor={`${id}-credential`}>Credential profile</label>
          <select id={`${id}-credential`} value={draft.credential} onChange={(e) => set('credential')(e.target.value)}>
            <option value="">None — ask when backing up</option>
            {profiles.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name} ({p.username})
              </option>
            ))}
            {draft.credential && !profiles.some((p) => p.name === draft.credential) ? <option value={draft.credential}>{draft.credential} (not on this laptop)</option> : null}
          </select>
        </div>
        {field('username', 'User name', 'Used when no profile is chosen.', { autoComplete: 'off' })}
      </div>
      <div className="field">
        <label htmlFor={`${id}-notes`}>Notes</label>
        <textarea id={`${id}-notes`} rows={2} value={draft.notes} onChange={(e) => set('notes')(e.target.value)} aria-invalid={errors.notes ? true : undefined} />
        {errors.notes ? <span className="field-error">{errors.notes}</span> : null}
      </div>
      {failure ? <ErrorPanel error={failure} title={controller ? 'The controller was not saved' : 'The controller was not added'} /> : null}
      {confirmRemove && controller ? (
        <div className="confirm" role="alertdialog" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>
            Remove <strong>{controller.name}</strong> from the inventory? Its backups stay in the archive.
          </p>
          <button type="button" className="button danger" onClick={() => void remove()} disabled={busy} autoFocus>
            Remove {controller.name}
          </button>
          <button type="button" className="button" onClick={() => setConfirmRemove(false)}>
            Keep it
          </button>
        </div>
      ) : null}
      <div className="form-actions">
        {controller && !confirmRemove ? (
          <button type="button" className="button danger" onClick={() => setConfirmRemove(true)}>
            <Trash2 size={16} aria-hidden />
            Remove…
          </button>
        ) : null}
        <span className="spacer-flex" />
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={busy}>
          {controller ? 'Save changes' : 'Add controller'}
        </button>
      </div>
    </form>
  );
}
