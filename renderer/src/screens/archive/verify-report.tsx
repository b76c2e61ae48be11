import { CheckCircle2, XCircle } from 'lucide-react';
import type { VerifyReport } from '../../../../preload/api';
import { formatBytes, formatDateTime } from '../../components/format';
import { STATUS_ORDER, statusWords, VerifyBadge, type VerifyStatus } from './verify-words';
import { useT } from '../../i18n/language';
import { TableHead } from '../../components/table-head';

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
  const t = useT();
  const { totals } = report;
  const problems = report.entries
    .filter((e) => e.status !== 'ok')
    .sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));
  return (
    <section className="card verify-report" aria-labelledby="verify-title">
      <h2 id="verify-title" className={report.ok ? 'verify-headline tone-good' : 'verify-headline tone-bad'}>
        {report.ok ? <CheckCircle2 size={20} aria-hidden /> : <XCircle size={20} aria-hidden />}
        {report.ok
          ? totals.entries === 0
            ? t('verify.empty')
            : t('verify.all', { count: totals.ok, bytes: formatBytes(totals.okBytes) })
          : t('verify.attention', { count: problems.length })}
      </h2>
      <p className="muted">{t('verify.checked', { when: formatDateTime(report.checkedAt) })}</p>
      <ul className="verify-counts" aria-label={t('verify.counts')}>
        {COUNT_ORDER.map((status) => {
          const n = totals[COUNT_OF[status]];
          const w = statusWords(status, t);
          return (
            <li
              key={status}
              className={n > 0 && status !== 'ok' ? `verify-count tone-${w.tone}` : 'verify-count'}
              title={`${w.plural}: ${w.meaning}`}
            >
              <VerifyBadge status={status} quiet={n === 0 && status !== 'ok'} />
              <span className="count-number">{n}</span>
            </li>
          );
        })}
      </ul>
      {problems.length > 0 ? (
        <table className="data-table compact-table verify-problems">
          <TableHead
            caption={t('verify.problems')}
            columns={[t('verify.col.finding'), t('wizard.result.file'), t('run.col.controller'), t('verify.col.wrong')]}
          />
          <tbody>
            {problems.map((e) => (
              <tr key={`${e.status}:${e.path}`}>
                <td>
                  <VerifyBadge status={e.status} />
                </td>
                <td className="mono file-path">{e.path}</td>
                <td>{e.controller ?? '—'}</td>
                <td>{t.locale === 'en' && e.detail ? e.detail : statusWords(e.status, t).meaning}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
