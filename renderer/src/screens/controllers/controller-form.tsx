import { Trash2 } from 'lucide-react';
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { ApiError, InventoryController } from '../../../../preload/api';
import { portOf, splitTypedAddress } from '../../../../shared/address';
import { toApiError } from '../../bridge/eclypse';
import { ErrorPanel } from '../../components/error-panel';
import { t as translator, useT } from '../../i18n/language';
import { useInventory } from '../../stores/inventory';
import { useNotices } from '../../stores/notices';
import { useSettings } from '../../stores/settings';
import { hostProblemWords } from '../../stores/wizard';
import { closeOnEscape } from './close-on-escape';
import { CloseButton } from '../../components/close-button';

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

/**
 * Checks the fields with the rules main and the core apply (shared/address.ts), in words a technician can act on;
 * empty when all is well. "10.0.0.1:8443" in the address is the address and its port, as the wizard takes it.
 */
function draftProblems(d: ControllerDraft): DraftErrors {
  const t = translator();
  const errors: DraftErrors = {};
  if (!d.name.trim()) errors.name = t('form.name.empty');
  else if (d.name.trim().length > 100) errors.name = t('form.too-long', { max: 100 });
  const typed = splitTypedAddress(d.host);
  const hostWords = hostProblemWords(typed.host);
  if (hostWords) errors.host = hostWords;
  const field = portOf(d.port);
  if (typed.port !== null && portOf(typed.port) === null) errors.host = t('port.invalid');
  else if (typed.port !== null && field !== null && field !== 443 && field !== portOf(typed.port))
    errors.port = t('port.conflict', { typed: typed.port, field: d.port.trim() });
  else if (typed.port === null && field === null) errors.port = t('port.invalid');
  if (d.site.trim().length > 100) errors.site = t('form.too-long', { max: 100 });
  if (d.notes.length > 1000) errors.notes = t('form.too-long', { max: 1000 });
  return errors;
}

/** The host and port to save: the port written with the address wins over the port field's default. */
function addressOf(d: ControllerDraft): { host: string; port: number } {
  const typed = splitTypedAddress(d.host);
  return { host: typed.host, port: (typed.port !== null ? portOf(typed.port) : portOf(d.port)) ?? 443 };
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

/**
 * Adds a controller, or edits one, in a drawer beside the board (the row stays in view); "Remove…" asks through
 * the screen's dialog. Main's refusal is shown with its hint.
 */
export function ControllerForm({
  controller,
  sites,
  onClose,
  onRemove,
}: {
  controller: InventoryController | null;
  sites: string[];
  onClose(): void;
  onRemove: (() => void) | null;
}) {
  const t = useT();
  const [draft, setDraft] = useState(() => draftOf(controller));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const profiles = useSettings((s) => s.profiles);
  const notify = useNotices((s) => s.notify);
  const id = useId();
  const title = controller ? t('form.edit-title', { name: controller.name }) : t('form.add-title');

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
    const [first] = Object.keys(problems);
    if (first !== undefined) {
      document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    const fields = {
      name: draft.name.trim(),
      ...addressOf(draft),
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
      notify({
        kind: 'success',
        title: controller ? t('form.saved', { name: fields.name }) : t('form.added', { name: fields.name }),
      });
      onClose();
    } catch (err) {
      setFailure(toApiError(err));
    } finally {
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
    <aside className="drawer" aria-labelledby={`${id}-title`}>
      {/* Esc from any field closes the drawer: caught as it bubbles, so presentation, not a control. */}
      <div role="presentation" onKeyDown={(e) => closeOnEscape(e, onClose)}>
        <form className="controller-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
          <div className="drawer-head">
            <h2 id={`${id}-title`}>{title}</h2>
            <CloseButton onClose={onClose} />
          </div>
          {field('name', t('form.name'), undefined, { autoFocus: true, autoComplete: 'off' })}
          {field('site', t('form.site'), t('form.site-help'), { list: `${id}-sites`, autoComplete: 'off' })}
          <datalist id={`${id}-sites`}>
            {sites.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
          <div className="form-row">
            {field('host', t('form.address'), t('form.address-help'), { autoComplete: 'off', spellCheck: false })}
            {field('port', t('form.port'), undefined, { inputMode: 'numeric' })}
          </div>
          <div className="field">
            <label htmlFor={`${id}-credential`}>{t('form.profile')}</label>
            <select
              id={`${id}-credential`}
              value={draft.credential}
              onChange={(e) => set('credential')(e.target.value)}
            >
              <option value="">{t('form.profile-none')}</option>
              {profiles.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name} ({p.username})
                </option>
              ))}
              {draft.credential && !profiles.some((p) => p.name === draft.credential) ? (
                <option value={draft.credential}>{t('form.profile-missing', { name: draft.credential })}</option>
              ) : null}
            </select>
          </div>
          {field('username', t('form.username'), t('form.username-help'), { autoComplete: 'off' })}
          <div className="field">
            <label htmlFor={`${id}-notes`}>{t('form.notes')}</label>
            <textarea
              id={`${id}-notes`}
              rows={2}
              value={draft.notes}
              onChange={(e) => set('notes')(e.target.value)}
              aria-invalid={errors.notes ? true : undefined}
            />
            {errors.notes ? <span className="field-error">{errors.notes}</span> : null}
          </div>
          {failure ? (
            <ErrorPanel error={failure} title={controller ? t('form.not-saved') : t('form.not-added')} />
          ) : null}
          <div className="form-actions">
            {controller && onRemove ? (
              <button type="button" className="button danger" onClick={onRemove}>
                <Trash2 size={16} aria-hidden />
                {t('form.remove')}
              </button>
            ) : null}
            <span className="spacer-flex" />
            <button type="button" className="button" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="button primary" disabled={busy}>
              {controller ? t('form.save') : t('form.add')}
            </button>
          </div>
        </form>
      </div>
    </aside>
  );
}
