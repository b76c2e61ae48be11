import { CheckCircle2, XCircle } from 'lucide-react';
import type { CsvProblem, InventoryController } from '../../../../preload/api';
import type { CsvPreview } from '../../stores/inventory';

/** Rows shown before import; a line says how many more there are. */
const PREVIEW_ROWS = 100;

/**
 * What a check of the CSV found: every bad line (line, column, reason) first, then the lines that are right.
 * While a problem is left nothing can be imported, so the right lines are shown as waiting for the fix.
 */
export function PreviewResult({ preview, stale }: { preview: CsvPreview; stale: boolean }) {
  const { problems, controllers } = preview;
  if (stale) return <p className="import-note">The text changed since it was checked: check it again before importing.</p>;
  if (problems.length === 0 && controllers.length === 0) return <p className="import-note">The CSV has a header but no controllers.</p>;
  const count = controllers.length === 1 ? '1 controller' : `${controllers.length} controllers`;
  return (
    <>
      {problems.length > 0 ? <ProblemList problems={problems} /> : null}
      {problems.length === 0 ? (
        <p className="import-verdict tone-good">
          <CheckCircle2 size={18} aria-hidden />
          Every line is right: {count} ready to import.
        </p>
      ) : controllers.length > 0 ? (
        <p className="import-waiting">
          {controllers.length === 1 ? 'This line is right; it is' : `These ${controllers.length} lines are right; they are`} imported with the rest once every
          problem above is fixed.
        </p>
      ) : null}
      {controllers.length > 0 ? <RowList controllers={controllers} /> : null}
    </>
  );
}

function ProblemList({ problems }: { problems: CsvProblem[] }) {
  return (
    <div className="csv-problems" role="alert">
      <p className="import-verdict tone-bad">
        <XCircle size={18} aria-hidden />
        {problems.length === 1 ? '1 problem' : `${problems.length} problems`} — nothing has been imported. Fix {problems.length === 1 ? 'it' : 'them'} and check again.
      </p>
      <table className="data-table compact-table">
        <caption className="visually-hidden">Problems in the CSV</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Column</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={i}>
              <td className="mono">{p.line}</td>
              <td className="mono">{p.column ?? '—'}</td>
              <td>{p.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RowList({ controllers }: { controllers: InventoryController[] }) {
  const shown = controllers.slice(0, PREVIEW_ROWS);
  return (
    <div className="csv-preview">
      {/* Focusable, so a long preview scrolls from the keyboard too. */}
      <div className="preview-scroller" tabIndex={0} role="region" aria-label="Controllers read from the CSV">
        <table className="data-table compact-table">
          <caption className="visually-hidden">Controllers in the CSV</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Address</th>
              <th scope="col">Site</th>
              <th scope="col">Credential profile</th>
              <th scope="col">Fingerprint</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c, i) => (
              <tr key={i}>
                <td>{c.name}</td>
                <td className="mono">
                  {c.host}:{c.port}
                </td>
                <td>{c.site ?? '—'}</td>
                <td>{c.credential ?? '—'}</td>
                <td>{c.fingerprint ? 'Given' : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {controllers.length > shown.length ? <p className="muted">…and {controllers.length - shown.length} more.</p> : null}
    </div>
  );
}
