import { AlertTriangle, CheckCircle2, Info } from 'lucide-react';
import type { CertificateInfo, ProbeResult } from '../../../../preload/api';
import { groupHex } from '../../../../shared/format';
import { CertBadge } from '../../components/badges';
import { ErrorPanel } from '../../components/error-panel';
import { Fingerprint } from '../../components/fingerprint';
import { formatDateTime } from '../../components/format';
import { useT } from '../../i18n/language';
import { useWizard } from '../../stores/wizard';
import { TableHead } from '../../components/table-head';

/** Up to this many differing groups are highlighted (a typo, a misread label); more means another certificate. */
const HIGHLIGHT_AT_MOST = 4;

/** Step 2: the certificate the controller showed, and whether it is (still) the one trusted. */
export function CertificateStep() {
  const t = useT();
  const probe = useWizard((s) => s.probe);
  const trustedNow = useWizard((s) => s.trustedNow);
  const activity = useWizard((s) => s.activity);
  const address = useWizard((s) => s.address);
  if (!probe) return null;
  const { certificate, pinState } = probe;
  return (
    <div className="wizard-step-body">
      <div className="cert-state">
        <CertBadge state={pinState} />
        <span className="mono">
          {address.host.trim()}:{address.port.trim()}
        </span>
      </div>
      {pinState === 'pinned' ? (
        <p className="step-note tone-good">
          <CheckCircle2 size={18} aria-hidden />
          {trustedNow ? t('wizard.cert.trusted-now') : t('wizard.cert.trusted-before')}
        </p>
      ) : null}
      {pinState === 'unknown' ? (
        <p className="step-note tone-info">
          <Info size={18} aria-hidden />
          {t('wizard.cert.unknown')}
        </p>
      ) : null}
      {pinState === 'changed' ? <ChangedCertificate probe={probe} /> : <CertificateDetails certificate={certificate} />}
      {activity.busy ? (
        <p className="step-status" role="status">
          {t('wizard.cert.waiting-answer')}
        </p>
      ) : null}
      {activity.error?.code === 'CANCELLED' ? (
        <p className="step-note tone-neutral" role="status">
          <Info size={18} aria-hidden />
          {t('wizard.cert.not-trusted')}
        </p>
      ) : activity.error ? (
        <ErrorPanel error={activity.error} />
      ) : null}
    </div>
  );
}

/**
 * A changed certificate: the one trusted before (or the inventory's expected fingerprint) beside the one shown
 * now — fingerprints, subject, issuer and validity side by side — and why to stop. Groups are highlighted only
 * when a few differ; when nearly all do, it says plainly that this is another certificate.
 */
function ChangedCertificate({ probe }: { probe: ProbeResult }) {
  const t = useT();
  const expected = probe.expectedFingerprint !== undefined;
  const before = probe.pinnedFingerprint ?? '';
  const now = probe.certificate.fingerprint;
  const a = groupHex(before);
  const b = groupHex(now);
  const differing = b.filter((g, i) => a[i] !== g).length;
  const highlight = differing <= HIGHLIGHT_AT_MOST;
  const c = probe.certificate;
  const p = probe.pinned;
  const rows: Array<[string, string, string]> = [
    [t('wizard.cert.subject'), p ? p.subject || '—' : '—', c.subject || '—'],
    [t('wizard.cert.issuer'), p?.issuer ?? t('wizard.cert.not-recorded'), c.issuer || '—'],
    [
      t('wizard.cert.valid-from'),
      p?.validFrom ? formatDateTime(p.validFrom) : t('wizard.cert.not-recorded'),
      formatDateTime(c.validFrom),
    ],
    [
      t('wizard.cert.valid-to'),
      p?.validTo ? formatDateTime(p.validTo) : t('wizard.cert.not-recorded'),
      formatDateTime(c.validTo),
    ],
    [t('wizard.cert.trusted-on'), p ? formatDateTime(p.pinnedAt) : '—', '—'],
  ];
  return (
    <div className="cert-changed" role="group" aria-label={t('cert.changed')}>
      <p className="cert-warning">
        <AlertTriangle size={20} aria-hidden />
        <span>
          <strong>{expected ? t('wizard.cert.changed-expected') : t('wizard.cert.changed-pinned')}</strong>{' '}
          {expected ? t('wizard.cert.changed-why-expected') : t('wizard.cert.changed-why')}
        </span>
      </p>
      <div className="fingerprint-compare">
        <div>
          <p className="field-label">{expected ? t('wizard.cert.expected') : t('wizard.cert.before')}</p>
          <Fingerprint
            value={before}
            label={expected ? t('wizard.cert.expected-fingerprint') : t('wizard.cert.before-fingerprint')}
            compareTo={highlight ? now : null}
          />
        </div>
        <div>
          <p className="field-label">{t('wizard.cert.now')}</p>
          <Fingerprint value={now} label={t('wizard.cert.now-fingerprint')} compareTo={highlight ? before : null} />
        </div>
      </div>
      <p className="field-help">
        {highlight
          ? t('wizard.cert.groups-differ', { count: differing })
          : t('wizard.cert.all-differ', { count: differing, total: b.length })}
      </p>
      {expected ? (
        <CertificateDetails certificate={c} title={t('wizard.cert.new')} />
      ) : (
        <div className="table-frame">
          <table className="data-table compact-table cert-compare">
            <TableHead
              caption={t('wizard.cert.compare-caption')}
              columns={[{ hidden: t('wizard.cert.field') }, t('wizard.cert.before'), t('wizard.cert.now')]}
            />
            <tbody>
              {rows.map(([label, was, is]) => (
                <tr key={label} className={was !== is && was !== '—' && is !== '—' ? 'differs' : undefined}>
                  <th scope="row">{label}</th>
                  <td className="mono">{was}</td>
                  <td className="mono">{is}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** Fingerprint, subject, issuer, validity and self-signed, as a definition list. */
function CertificateDetails({ certificate: c, title }: { certificate: CertificateInfo; title?: string }) {
  const t = useT();
  return (
    <section className="card cert-details" aria-label={title ?? t('wizard.cert.certificate')}>
      {title ? <h3>{title}</h3> : null}
      <dl className="detail-list">
        <dt>{t('wizard.cert.fingerprint')}</dt>
        <dd>
          <Fingerprint value={c.fingerprint} label={t('wizard.cert.fingerprint-label')} />
        </dd>
        <dt>{t('wizard.cert.subject')}</dt>
        <dd className="mono">{c.subject || '—'}</dd>
        <dt>{t('wizard.cert.issuer')}</dt>
        <dd className="mono">
          {c.issuer || '—'}
          {c.selfSigned ? (
            <span className="badge tone-neutral inline-badge">{t('wizard.cert.self-signed')}</span>
          ) : null}
        </dd>
        <dt>{t('wizard.cert.valid')}</dt>
        <dd>
          {t('wizard.cert.valid-range', { from: formatDateTime(c.validFrom), to: formatDateTime(c.validTo) })}
          {c.expired ? (
            <span className="badge tone-warn inline-badge">
              <AlertTriangle size={14} aria-hidden />
              {t('wizard.cert.expired')}
            </span>
          ) : null}
          {c.expired ? <span className="field-help block">{t('wizard.cert.expired-help')}</span> : null}
        </dd>
      </dl>
    </section>
  );
}
