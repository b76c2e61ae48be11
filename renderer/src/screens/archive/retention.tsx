import { Eraser } from 'lucide-react';
import { useId, useState } from 'react';
import type { ApiError, PruneReport } from '../../../../preload/api';
import { toApiError } from '../../bridge/eclypse';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorPanel } from '../../components/error-panel';
import { useT } from '../../i18n/language';
import { useArchive } from '../../stores/archive';
import { useNotices } from '../../stores/notices';
import { TableHead } from '../../components/table-head';

/**
 * Retention from the app (`prune --keep N`): a preview first — what would be deleted, per controller, and the
 * space freed, deleting nothing — then, asked once more, the deletion of exactly what was previewed. The newest
 * backup that verifies is always kept; a file without a record is never deleted.
 */
export function Retention() {
  const t = useT();
  const id = useId();
  const [keep, setKeep] = useState('3');
  const [error, setError] = useState<ApiError | null>(null);
  const [asking, setAsking] = useState(false);
  const report = useArchive((s) => s.pruneReport);
  const pruning = useArchive((s) => s.pruning);
  const n = /^\d+$/.test(keep.trim()) ? Number(keep) : NaN;
  const bad = !Number.isInteger(n) || n < 1 || n > 1000;
  const preview = report?.dryRun && report.keep === n ? report : null;
  const run = async (dryRun: boolean): Promise<void> => {
    setError(null);
    setAsking(false);
    try {
      const r = await useArchive.getState().prune(n, dryRun);
      if (!dryRun)
        useNotices.getState().notify({
          kind: 'success',
          title: t('retention.done', { count: r.totals.deleted }),
          body: t('retention.freed', { bytes: t.bytes(r.totals.bytesFreed) }),
        });
    } catch (err) {
      setError(toApiError(err));
    }
  };
  return (
    <section className="card retention" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('retention.title')}</h2>
      <p className="muted">{t('retention.lead')}</p>
      <div className="retention-form">
        <div className="field">
          <label htmlFor={`${id}-keep`}>{t('retention.keep')}</label>
          <input
            id={`${id}-keep`}
            type="text"
            inputMode="numeric"
            value={keep}
            onChange={(e) => setKeep(e.target.value)}
            aria-invalid={bad || undefined}
            aria-describedby={`${id}-keep-help`}
          />
          <span id={`${id}-keep-help`} className={bad ? 'field-error' : 'field-help'}>
            {bad ? t('retention.keep-bad') : t('retention.keep-help')}
          </span>
        </div>
        <button type="button" className="button" onClick={() => void run(true)} disabled={bad || pruning}>
          {t('retention.preview')}
        </button>
      </div>
      {preview ? <PrunePreview report={preview} /> : null}
      {preview && preview.totals.deleted > 0 ? (
        <div className="form-actions">
          <span className="spacer-flex" />
          <button type="button" className="button danger" onClick={() => setAsking(true)} disabled={pruning}>
            <Eraser size={16} aria-hidden />
            {t('retention.delete', { count: preview.totals.deleted })}
          </button>
        </div>
      ) : null}
      {error ? <ErrorPanel error={error} title={t('retention.failed')} /> : null}
      <ConfirmDialog
        open={asking && preview !== null}
        title={t('retention.confirm.title', { count: preview?.totals.deleted ?? 0 })}
        confirmLabel={t('retention.confirm.delete', { count: preview?.totals.deleted ?? 0 })}
        safeLabel={t('retention.confirm.keep')}
        onSafe={() => setAsking(false)}
        onConfirm={() => void run(false)}
        busy={pruning}
      >
        <p>{t('retention.confirm.body', { bytes: t.bytes(preview?.totals.bytesFreed ?? 0), keep: n })}</p>
      </ConfirmDialog>
    </section>
  );
}

/** What a dry run would delete, per controller: each backup with its date, size and why. */
function PrunePreview({ report }: { report: PruneReport }) {
  const t = useT();
  const going = report.folders.flatMap((f) =>
    f.backups.filter((b) => b.action === 'would-delete').map((b) => ({ folder: f, backup: b })),
  );
  return (
    <div className="prune-preview" role="status">
      <p>
        <strong>
          {t('retention.would', {
            count: report.totals.deleted,
            bytes: t.bytes(report.totals.bytesFreed),
            kept: report.totals.kept,
          })}
        </strong>
        {report.totals.untouched > 0 ? ` ${t('retention.untouched', { count: report.totals.untouched })}` : ''}
      </p>
      {going.length > 0 ? (
        <table className="data-table compact-table">
          <TableHead
            caption={t('retention.caption')}
            columns={[t('run.col.controller'), t('archive.col.date'), t('check.col.size')]}
          />
          <tbody>
            {going.map(({ folder, backup }) => (
              <tr key={backup.path}>
                <td>{folder.controller ?? folder.folder}</td>
                <td title={backup.path}>{t.dateTime(backup.finishedAt)}</td>
                <td>{t.bytes(backup.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
