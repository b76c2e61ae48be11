import { CheckCircle2, FilePlus2, FileUp, ShieldCheck } from 'lucide-react';
import { useId, useState } from 'react';
import type { ApiError, ImportSummary } from '../../../../preload/api';
import { toApiError } from '../../bridge/eclypse';
import { ErrorPanel } from '../../components/error-panel';
import { closeOnEscape } from './close-on-escape';
import { PreviewResult } from './csv-preview';
import { useInventory, type CsvPreview } from '../../stores/inventory';
import { useNavigation } from '../../stores/navigation';
import { useT } from '../../i18n/language';

const HEADER_EXAMPLE = 'name,host,port,site,username,fingerprint,credential,target';

/**
 * Imports an inventory CSV in three steps: read it (a file, or pasted text), see every row and EVERY bad line
 * with its line number, column and reason, then import. Nothing is saved while a problem is left; the text stays
 * editable here, so a typo can be fixed without leaving the app.
 */
export function CsvImport({ onClose }: { onClose(): void }) {
  const t = useT();
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<CsvPreview | null>(null);
  const [update, setUpdate] = useState(false);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  // The import sends exactly the text that was checked: an edit after the check needs a new check.
  const stale = preview !== null && preview.text !== text;

  const run = async (work: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setFailure(null);
    try {
      await work();
    } catch (err) {
      setFailure(toApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const openFile = () =>
    run(async () => {
      const p = await useInventory.getState().openCsv();
      if (!p) return;
      setText(p.text);
      setPreview(p);
      setSummary(null);
    });
  const check = () =>
    run(async () => {
      setPreview(await useInventory.getState().previewCsv(text, preview?.fileName ?? null));
      setSummary(null);
    });
  const importNow = () =>
    run(async () => {
      setSummary(await useInventory.getState().importCsv(text, update));
    });

  if (summary)
    return <ImportResult summary={summary} ids={preview?.controllers.map((c) => c.id) ?? []} onClose={onClose} />;

  return (
    <section className="card csv-import" aria-labelledby={`${id}-title`}>
      {/* Esc from any field closes the import: caught as it bubbles, so presentation, not a control. */}
      <div role="presentation" onKeyDown={(e) => closeOnEscape(e, onClose)}>
        <h2 id={`${id}-title`}>{t('import.title')}</h2>
        <p className="muted">
          {t.rich('import.lead', { code: (chunks) => <code>{chunks}</code>, columns: HEADER_EXAMPLE })}
        </p>
        <div className="import-source">
          <button type="button" className="button" onClick={() => void openFile()} disabled={busy}>
            <FileUp size={16} aria-hidden />
            {t('import.choose-file')}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => setText((x) => (x.trim() ? x : `${HEADER_EXAMPLE}\n`))}
            disabled={busy || text.trim() !== ''}
          >
            <FilePlus2 size={16} aria-hidden />
            {t('import.template')}
          </button>
          <span className="muted">{t('import.or-paste')}</span>
        </div>
        <div className="field">
          <label htmlFor={`${id}-text`}>
            {t('import.text')}
            {preview?.fileName ? (
              <span className="muted"> — {t('import.from', { file: preview.fileName })}</span>
            ) : null}
          </label>
          <textarea
            id={`${id}-text`}
            className="csv-text mono"
            rows={8}
            spellCheck={false}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={`${HEADER_EXAMPLE}\nAHU-1,10.20.1.15,443,${t('wizard.address.site-example')},,,Site default,`}
          />
        </div>
        <div className="form-actions">
          <button
            type="button"
            className={preview && !stale ? 'button' : 'button primary'}
            onClick={() => void check()}
            disabled={busy || !text.trim()}
          >
            {preview ? t('import.check-again') : t('import.check')}
          </button>
          <span className="spacer-flex" />
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
        {failure ? <ErrorPanel error={failure} title={t('import.read-failed')} /> : null}
        {preview ? <PreviewResult preview={preview} stale={stale} /> : null}
        {preview && preview.problems.length === 0 && preview.controllers.length > 0 ? (
          <div className="form-actions import-actions">
            <label className="checkbox">
              <input type="checkbox" checked={update} onChange={(e) => setUpdate(e.target.checked)} />
              {t('import.update')}
            </label>
            <span className="spacer-flex" />
            <button type="button" className="button primary" onClick={() => void importNow()} disabled={busy || stale}>
              {t('import.import', { count: preview.controllers.length })}
            </button>
          </div>
        ) : null}
      </div>
    </section>
  );
}

/** What the import did, counted, with each certificate conflict named, and the next step: check them now. */
function ImportResult({ summary, ids, onClose }: { summary: ImportSummary; ids: string[]; onClose(): void }) {
  const t = useT();
  const counts: Array<[string, number, boolean]> = [
    [t('import.done.added'), summary.added, false],
    [t('import.done.updated'), summary.updated, false],
    [t('import.done.unchanged'), summary.unchanged, false],
    [t('import.done.duplicates'), summary.duplicates, false],
    ...(summary.pinned > 0 ? [[t('import.done.pinned'), summary.pinned, false] as [string, number, boolean]] : []),
    // Trusted once the app's own check of the controller sees that very certificate, or you confirm it.
    [t('import.done.expected'), summary.expected, false],
    [t('import.done.conflicts'), summary.conflicts.length, true],
  ];
  const conflicted = new Set(summary.conflicts.map((c) => c.id));
  const toCheck = ids.filter((id) => !conflicted.has(id));
  return (
    <section className="card csv-import" aria-labelledby="import-done-title">
      <h2 id="import-done-title" className="import-verdict tone-good">
        <CheckCircle2 size={20} aria-hidden />
        {t('import.done.title')}
      </h2>
      <dl className="import-summary">
        {counts.map(([label, n, bad]) => (
          <div key={label} className={n > 0 && bad ? 'count tone-bad' : 'count'}>
            <dt>{label}</dt>
            <dd>{t.number(n)}</dd>
          </div>
        ))}
      </dl>
      {summary.duplicates > 0 ? <p className="muted">{t('import.done.duplicates-help')}</p> : null}
      {summary.conflicts.length > 0 ? (
        <div className="conflicts">
          <p>{t('import.done.conflicts-help')}</p>
          <ul>
            {summary.conflicts.map((c) => (
              <li key={c.id}>
                <strong>{c.name}</strong> <span className="mono">{c.id}</span>
                <span className="muted"> — {t('import.done.trusted')} </span>
                <code className="mono">{c.pinned.slice(0, 23)}…</code>
                <span className="muted"> · {t('import.done.in-csv')} </span>
                <code className="mono">{c.inCsv.slice(0, 23)}…</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="form-actions">
        <span className="spacer-flex" />
        <button type="button" className="button" onClick={onClose}>
          {t('import.done.done')}
        </button>
        {toCheck.length > 0 ? (
          <button
            type="button"
            className="button primary"
            onClick={() => useNavigation.getState().openBulk(toCheck, { check: true })}
            // eslint-disable-next-line jsx-a11y/no-autofocus -- the Import button just pressed is gone with the form it was in: focus goes to the next step rather than to the page
            autoFocus
          >
            <ShieldCheck size={16} aria-hidden />
            {t('import.done.check-now', { count: toCheck.length })}
          </button>
        ) : null}
      </div>
    </section>
  );
}
