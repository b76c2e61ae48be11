import { CheckCircle2, FileUp } from 'lucide-react';
import { useId, useState } from 'react';
import type { ApiError, ImportSummary } from '../../../../preload/api';
import { toApiError } from '../../bridge/eclypse';
import { ErrorPanel } from '../../components/error-panel';
import { closeOnEscape } from './close-on-escape';
import { PreviewResult } from './csv-preview';
import { useInventory, type CsvPreview } from '../../stores/inventory';

const HEADER_EXAMPLE = 'name,host,port,site,username,fingerprint,credential,target';

/**
 * Imports an inventory CSV in three steps: read it (a file, or pasted text), see every row and EVERY bad line
 * with its line number, column and reason, then import. Nothing is saved while a problem is left; the text stays
 * editable here, so a typo can be fixed without leaving the app.
 */
export function CsvImport({ onClose }: { onClose(): void }) {
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

  if (summary) return <ImportResult summary={summary} onClose={onClose} />;

  return (
    <section className="card csv-import" aria-labelledby={`${id}-title`} onKeyDown={(e) => closeOnEscape(e, onClose)}>
      <h2 id={`${id}-title`}>Import an inventory CSV</h2>
      <p className="muted">
        The first line names the columns: <code>name</code> and <code>host</code> are needed; <code>{HEADER_EXAMPLE}</code> are understood. Nothing is
        saved until every line is right.
      </p>
      <div className="import-source">
        <button type="button" className="button" onClick={() => void openFile()} disabled={busy}>
          <FileUp size={16} aria-hidden />
          Choose a file…
        </button>
        <span className="muted">or paste the CSV below</span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-text`}>CSV text{preview?.fileName ? <span className="muted"> — from {preview.fileName}</span> : null}</label>
        <textarea id={`${id}-text`} className="csv-text mono" rows={8} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} placeholder={`${HEADER_EXAMPLE}\nAHU-1,10.20.1.15,443,North building,,,Site default,`} />
      </div>
      <div className="form-actions">
        <button type="button" className={preview && !stale ? 'button' : 'button primary'} onClick={() => void check()} disabled={busy || !text.trim()}>
          {preview ? 'Check again' : 'Check'}
        </button>
        <span className="spacer-flex" />
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </div>
      {failure ? <ErrorPanel error={failure} title="The CSV could not be read" /> : null}
      {preview ? <PreviewResult preview={preview} stale={stale} /> : null}
      {preview && preview.problems.length === 0 && preview.controllers.length > 0 ? (
        <div className="form-actions import-actions">
          <label className="checkbox">
            <input type="checkbox" checked={update} onChange={(e) => setUpdate(e.target.checked)} />
            Update controllers that already exist (same address)
          </label>
          <span className="spacer-flex" />
          <button type="button" className="button primary" onClick={() => void importNow()} disabled={busy || stale}>
            Import {preview.controllers.length === 1 ? '1 controller' : `${preview.controllers.length} controllers`}
          </button>
        </div>
      ) : null}
    </section>
  );
}

/** What the import did, counted, with each certificate conflict named. */
function ImportResult({ summary, onClose }: { summary: ImportSummary; onClose(): void }) {
  const counts: Array<[string, number]> = [
    ['Added', summary.added],
    ['Updated', summary.updated],
    ['Unchanged', summary.unchanged],
    ['Already there, left as they were', summary.duplicates],
    ...(summary.pinned > 0 ? [['Certificates pinned', summary.pinned] as [string, number]] : []),
    // Trusted once the app's own check of the controller sees that very certificate, or you confirm it.
    ['Fingerprints to confirm on first contact', summary.expected],
    ['Certificate conflicts', summary.conflicts.length],
  ];
  return (
    <section className="card csv-import" aria-labelledby="import-done-title">
      <h2 id="import-done-title" className="import-verdict tone-good">
        <CheckCircle2 size={20} aria-hidden />
        Inventory imported
      </h2>
      <dl className="import-summary">
        {counts.map(([label, n]) => (
          <div key={label} className={n > 0 && label === 'Certificate conflicts' ? 'count tone-bad' : 'count'}>
            <dt>{label}</dt>
            <dd>{n}</dd>
          </div>
        ))}
      </dl>
      {summary.duplicates > 0 ? <p className="muted">Controllers already in the inventory were left as they were; import again and tick “Update controllers that already exist” to overwrite them.</p> : null}
      {summary.conflicts.length > 0 ? (
        <div className="conflicts">
          <p>These controllers were not imported: the CSV names a certificate other than the one trusted on this laptop. Check the controller before changing anything; a changed certificate is re-trusted in the backup wizard.</p>
          <ul>
            {summary.conflicts.map((c) => (
              <li key={c.id}>
                <strong>{c.name}</strong> <span className="mono">{c.id}</span>
                <span className="muted"> — trusted </span>
                <code className="mono">{c.pinned.slice(0, 23)}…</code>
                <span className="muted"> · in the CSV </span>
                <code className="mono">{c.inCsv.slice(0, 23)}…</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="form-actions">
        <span className="spacer-flex" />
        <button type="button" className="button primary" onClick={onClose} autoFocus>
          Done
        </button>
      </div>
    </section>
  );
}
