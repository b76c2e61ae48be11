import { CheckCircle2, XCircle } from 'lucide-react';
import type { VerifyReport } from '../../../../preload/api';
import { formatBytes, formatDateTime } from '../../components/format';
import { STATUS_ORDER, statusWords, VerifyBadge, type VerifyStatus } from './verify-words';

/** The order of the counts: the good news first, then each kind of problem as the brief names them. */
const COUNT_ORDER: VerifyStatus[] = ['ok', 'changed', 'missing', 'orphaned', 'invalid-sidecar'];

const COUNT_OF: Record<VerifyStatus, keyof VerifyReport['totals']> = {
  ok: 'ok',
  changed: 'changed',
  missing: 'missing',
  orphaned: 'orphaned',
  'invalid-sidecar': 'invalidSidecar',
};

/** The result of "Verify all": a headline, one count per outcome, then every file that is not ok and why. */
export function VerifyReportPanel({ report }: { report: VerifyReport }) {
  const { totals } = report;
  const problems = report.entries.filter((e) => e.status !== 'ok').sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));
  return (
    <section className="card verify-report" aria-labelledby="verify-title">
      <h2 id="verify-title" className={report.ok ? 'verify-headline tone-good' : 'verify-headline tone-bad'}>
        {report.ok ? <CheckCircle2 size={20} aria-hidden /> : <XCircle size={20} aria-hidden />}
        {report.ok
          ? totals.entries === 0
            ? 'The archive is empty: nothing to verify'
            : `All ${totals.ok === 1 ? 'backup' : `${totals.ok} backups`} verified · ${formatBytes(totals.okBytes)}`
          : `${problems.length === 1 ? '1 file needs' : `${problems.length} files need`} attention`}
      </h2>
      <p className="muted">Checked {formatDateTime(report.checkedAt)}: every file hashed again and compared with the SHA-256 recorded when it was saved.</p>
      <ul className="verify-counts" aria-label="Verification counts">
        {COUNT_ORDER.map((status) => {
          const n = totals[COUNT_OF[status]];
          const w = statusWords(status);
          return (
            <li key={status} className={n > 0 && status !== 'ok' ? `verify-count tone-${w.tone}` : 'verify-count'} title={`${w.plural}: ${w.meaning}`}>
              <VerifyBadge status={status} quiet={n === 0 && status !== 'ok'} />
              <span className="count-number">{n}</span>
            </li>
          );
        })}
      </ul>
      {problems.length > 0 ? (
        <table className="data-table compact-table verify-problems">
          <caption className="visually-hidden">Files that need attention</caption>
          <thead>
            <tr>
              <th scope="col">Finding</th>
              <th scope="col">File</th>
              <th scope="col">Controller</th>
              <th scope="col">What is wrong</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((e) => (
              <tr key={`${e.status}:${e.path}`}>
                <td>
                  <VerifyBadge status={e.status} />
                </td>
                <td className="mono file-path">{e.path}</td>
                <td>{e.controller ?? '—'}</td>
                <td>{e.detail ?? statusWords(e.status).meaning}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
