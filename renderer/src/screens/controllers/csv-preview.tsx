import { CheckCircle2, XCircle } from 'lucide-react';
import type { CsvProblem, InventoryController } from '../../../../preload/api';
import type { CsvPreview } from '../../stores/inventory';
import { useT } from '../../i18n/language';
import { TableHead } from '../../components/table-head';

/** Rows shown before import; a line says how many more there are. */
const PREVIEW_ROWS = 100;

/**
 * What a check of the CSV found: every bad line (line, column, reason) first, then the lines that are right.
 * While a problem is left nothing can be imported, so the right lines are shown as waiting for the fix.
 */
export function PreviewResult({ preview, stale }: { preview: CsvPreview; stale: boolean }) {
  const t = useT();
  const { problems, controllers } = preview;
  if (stale) return <p className="import-note">{t('import.stale')}</p>;
  if (problems.length === 0 && controllers.length === 0) return <p className="import-note">{t('import.no-rows')}</p>;
  return (
    <>
      {problems.length > 0 ? <ProblemList problems={problems} /> : null}
      {problems.length === 0 ? (
        <p className="import-verdict tone-good">
          <CheckCircle2 size={18} aria-hidden />
          {t('import.all-right', { count: controllers.length })}
        </p>
      ) : controllers.length > 0 ? (
        <p className="import-waiting">{t('import.waiting', { count: controllers.length })}</p>
      ) : null}
      {controllers.length > 0 ? <RowList controllers={controllers} /> : null}
    </>
  );
}

function ProblemList({ problems }: { problems: CsvProblem[] }) {
  const t = useT();
  return (
    <div className="csv-problems" role="alert">
      <p className="import-verdict tone-bad">
        <XCircle size={18} aria-hidden />
        {t('import.problems', { count: problems.length })}
      </p>
      <table className="data-table compact-table">
        <TableHead
          caption={t('import.problems-caption')}
          columns={[t('import.col.line'), t('import.col.column'), t('import.col.problem')]}
        />
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
  const t = useT();
  const shown = controllers.slice(0, PREVIEW_ROWS);
  return (
    <div className="csv-preview">
      {/* Focusable, so a long preview scrolls from the keyboard too (axe: scrollable-region-focusable). */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scroll container with nothing focusable inside must take Tab itself to be scrolled from the keyboard */}
      <div className="preview-scroller" tabIndex={0} role="region" aria-label={t('import.rows-label')}>
        <table className="data-table compact-table">
          <TableHead
            caption={t('import.rows-caption')}
            columns={[
              t('board.col.name'),
              t('board.col.address'),
              t('form.site'),
              t('board.col.profile'),
              t('import.col.fingerprint'),
            ]}
          />
          <tbody>
            {shown.map((c, i) => (
              <tr key={i}>
                <td>{c.name}</td>
                <td className="mono">
                  {c.host}:{c.port}
                </td>
                <td>{c.site ?? '—'}</td>
                <td>{c.credential ?? '—'}</td>
                <td>{c.fingerprint ? t('import.given') : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {controllers.length > shown.length ? (
        <p className="muted">{t('import.more', { count: controllers.length - shown.length })}</p>
      ) : null}
    </div>
  );
}
