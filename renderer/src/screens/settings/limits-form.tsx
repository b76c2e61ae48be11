import { CheckCircle2 } from 'lucide-react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ApiError, SettingsView } from '../../../../preload/api';
import { toApiError } from '../../bridge/eclypse';
import { ErrorPanel } from '../../components/error-panel';
import { useSettings } from '../../stores/settings';

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
const RANGES: Record<NumberField, { min: number; max: number; words: string }> = {
  concurrency: { min: 1, max: 32, words: 'Controllers at once is a whole number from 1 to 32.' },
  perSite: { min: 1, max: 32, words: 'Per site is empty (no limit) or a whole number from 1 to 32.' },
  connectTimeoutSeconds: { min: 1, max: 300, words: 'The connection timeout is from 1 to 300 seconds.' },
  jobTimeoutMinutes: { min: 1, max: 720, words: 'The backup timeout is from 1 to 720 minutes (12 hours).' },
};

/** Checks each number against its range; empty when all is well. */
export function limitsProblems(d: LimitsDraft): LimitsErrors {
  const errors: LimitsErrors = {};
  for (const key of Object.keys(RANGES) as NumberField[]) {
    const raw = d[key].trim();
    if (key === 'perSite' && raw === '') continue;
    const n = Number(raw);
    const r = RANGES[key];
    if (!/^\d+$/.test(raw) || n < r.min || n > r.max) errors[key] = r.words;
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

type SaveState = { kind: 'clean' } | { kind: 'dirty' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; error: ApiError };

/** Bulk limits, timeouts and request format, checked as typed and saved together. */
export function LimitsForm({ settings }: { settings: SettingsView }) {
  const [draft, setDraft] = useState(() => draftOf(settings));
  const [errors, setErrors] = useState<LimitsErrors>({});
  const [state, setState] = useState<SaveState>({ kind: 'clean' });
  const id = useId();

  // Settings reloaded from main (a folder change, a repaired file) show here unless the technician is typing.
  const typing = useRef(false);
  typing.current = state.kind === 'dirty' || state.kind === 'failed' || state.kind === 'saving';
  useEffect(() => {
    if (!typing.current) setDraft(draftOf(settings));
  }, [settings]);

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
      <h2 id={`${id}-title`}>Bulk runs and timeouts</h2>
      <div className="settings-grid">
        {number('concurrency', 'Controllers at once', 'at once', '1 to 32. Each controller works hard while it builds a backup.')}
        {number('perSite', 'At most per site', 'per site', 'Leave empty for no limit per site; 1 to 32.')}
        {number('connectTimeoutSeconds', 'Connection timeout', 'seconds', 'How long to wait for a controller to answer (1 to 300).')}
        {number('jobTimeoutMinutes', 'Backup timeout', 'minutes', 'How long a controller may take to build a backup (1 to 720).')}
      </div>
      <fieldset className="format-choice">
        <legend>Request format</legend>
        <label className="radio">
          <input type="radio" name={`${id}-format`} value="json" checked={draft.format === 'json'} onChange={() => change('format', 'json')} />
          JSON <span className="muted">(recommended)</span>
        </label>
        <label className="radio">
          <input type="radio" name={`${id}-format`} value="xml" checked={draft.format === 'xml'} onChange={() => change('format', 'xml')} />
          XML <span className="muted">(older firmware that answers JSON badly)</span>
        </label>
      </fieldset>
      {state.kind === 'failed' ? <ErrorPanel error={state.error} title="The settings were not saved" /> : null}
      <div className="form-actions">
        <span className="save-state" role="status">
          {state.kind === 'saved' ? (
            <span className="badge tone-good">
              <CheckCircle2 size={16} aria-hidden />
              Saved
            </span>
          ) : state.kind === 'dirty' ? (
            <span className="muted">Unsaved changes</span>
          ) : state.kind === 'saving' ? (
            <span className="muted">Saving…</span>
          ) : null}
        </span>
        <span className="spacer-flex" />
        <button type="submit" className="button primary" disabled={state.kind === 'saving' || state.kind === 'clean' || state.kind === 'saved'}>
          Save settings
        </button>
      </div>
    </form>
  );
}
