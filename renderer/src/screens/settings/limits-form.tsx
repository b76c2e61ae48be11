import { CheckCircle2 } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import type { ApiError, SettingsView } from '../../../../preload/api';
import { toApiError } from '../../bridge/eclypse';
import { ErrorPanel } from '../../components/error-panel';
import { useSettings } from '../../stores/settings';
import type { AppMessageKey } from '../../../../shared/messages/app';
import { t as translator, useT } from '../../i18n/language';

/** The form's fields as typed; perSite empty means "no limit per site". */
export interface LimitsDraft {
  concurrency: string;
  perSite: string;
  connectTimeoutSeconds: string;
  jobTimeoutMinutes: string;
  format: 'json' | 'xml';
}

type NumberField = Exclude<keyof LimitsDraft, 'format'>;
type LimitsErrors = Partial<Record<NumberField, string>>;

/** The ranges main accepts (preload/api.ts settingsSchema), with the words a technician reads. */
const RANGES: Record<NumberField, { min: number; max: number; words: AppMessageKey }> = {
  concurrency: { min: 1, max: 32, words: 'limits.concurrency.bad' },
  perSite: { min: 1, max: 32, words: 'limits.per-site.bad' },
  connectTimeoutSeconds: { min: 1, max: 300, words: 'limits.connect.bad' },
  jobTimeoutMinutes: { min: 1, max: 720, words: 'limits.job.bad' },
};

/** Checks each number against its range; empty when all is well. */
function limitsProblems(d: LimitsDraft): LimitsErrors {
  const errors: LimitsErrors = {};
  for (const key of Object.keys(RANGES) as NumberField[]) {
    const raw = d[key].trim();
    if (key === 'perSite' && raw === '') continue;
    const n = Number(raw);
    const r = RANGES[key];
    if (!/^\d+$/.test(raw) || n < r.min || n > r.max) errors[key] = translator()(r.words);
  }
  return errors;
}

function draftOf(s: SettingsView): LimitsDraft {
  return {
    concurrency: String(s.concurrency),
    perSite: s.perSite === null ? '' : String(s.perSite),
    connectTimeoutSeconds: String(s.connectTimeoutSeconds),
    jobTimeoutMinutes: String(s.jobTimeoutMinutes),
    format: s.format,
  };
}

type SaveState =
  { kind: 'clean' } | { kind: 'dirty' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; error: ApiError };

/** Bulk limits, timeouts and request format, checked as typed and saved together. */
export function LimitsForm({ settings }: { settings: SettingsView }) {
  const [draft, setDraft] = useState(() => draftOf(settings));
  const [errors, setErrors] = useState<LimitsErrors>({});
  const [state, setState] = useState<SaveState>({ kind: 'clean' });
  const id = useId();
  const t = useT();

  // Settings reloaded from main (a folder change, a repaired file) show here unless the technician is typing:
  // adjusted while rendering the new settings, not in an effect after they were drawn with the old draft.
  const typing = state.kind === 'dirty' || state.kind === 'failed' || state.kind === 'saving';
  const [shown, setShown] = useState(settings);
  if (settings !== shown) {
    setShown(settings);
    if (!typing) setDraft(draftOf(settings));
  }

  const change = (key: keyof LimitsDraft, value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    if (key !== 'format' && errors[key]) setErrors((e) => ({ ...e, [key]: undefined }));
    setState({ kind: 'dirty' });
  };

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const problems = limitsProblems(draft);
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      document.getElementById(`${id}-${Object.keys(problems)[0]}`)?.focus();
      return;
    }
    setState({ kind: 'saving' });
    try {
      await useSettings.getState().save({
        concurrency: Number(draft.concurrency),
        perSite: draft.perSite.trim() === '' ? null : Number(draft.perSite),
        connectTimeoutSeconds: Number(draft.connectTimeoutSeconds),
        jobTimeoutMinutes: Number(draft.jobTimeoutMinutes),
        format: draft.format,
      });
      setState({ kind: 'saved' });
    } catch (err) {
      setState({ kind: 'failed', error: toApiError(err) });
    }
  };

  const number = (key: NumberField, label: string, unit: string, help: string) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <div className="with-unit">
        <input
          id={`${id}-${key}`}
          type="text"
          inputMode="numeric"
          value={draft[key]}
          onChange={(e) => change(key, e.target.value)}
          aria-invalid={errors[key] ? true : undefined}
          aria-describedby={`${id}-${key}-note`}
        />
        <span className="unit">{unit}</span>
      </div>
      <span className={errors[key] ? 'field-error' : 'field-help'} id={`${id}-${key}-note`}>
        {errors[key] ?? help}
      </span>
    </div>
  );

  return (
    <form className="card settings-card" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>{t('limits.title')}</h2>
      <div className="settings-grid">
        {number('concurrency', t('limits.concurrency'), t('limits.unit.at-once'), t('limits.concurrency.help'))}
        {number('perSite', t('limits.per-site'), t('limits.unit.per-site'), t('limits.per-site.help'))}
        {number('connectTimeoutSeconds', t('limits.connect'), t('limits.unit.seconds'), t('limits.connect.help'))}
        {number('jobTimeoutMinutes', t('limits.job'), t('limits.unit.minutes'), t('limits.job.help'))}
      </div>
      <fieldset className="format-choice">
        <legend>{t('limits.format')}</legend>
        <label className="radio">
          <input
            type="radio"
            name={`${id}-format`}
            value="json"
            checked={draft.format === 'json'}
            onChange={() => change('format', 'json')}
          />
          JSON <span className="muted">{t('limits.format.json')}</span>
        </label>
        <label className="radio">
          <input
            type="radio"
            name={`${id}-format`}
            value="xml"
            checked={draft.format === 'xml'}
            onChange={() => change('format', 'xml')}
          />
          XML <span className="muted">{t('limits.format.xml')}</span>
        </label>
      </fieldset>
      {state.kind === 'failed' ? <ErrorPanel error={state.error} title={t('limits.failed')} /> : null}
      <div className="form-actions">
        <span className="save-state" role="status">
          {state.kind === 'saved' ? (
            <span className="badge tone-good">
              <CheckCircle2 size={16} aria-hidden />
              {t('limits.saved')}
            </span>
          ) : state.kind === 'dirty' ? (
            <span className="muted">{t('limits.dirty')}</span>
          ) : state.kind === 'saving' ? (
            <span className="muted">{t('wizard.saving')}</span>
          ) : null}
        </span>
        <span className="spacer-flex" />
        <button
          type="submit"
          className="button primary"
          disabled={state.kind === 'saving' || state.kind === 'clean' || state.kind === 'saved'}
        >
          {t('limits.save')}
        </button>
      </div>
    </form>
  );
}
