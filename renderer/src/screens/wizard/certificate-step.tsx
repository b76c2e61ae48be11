import { AlertTriangle, CheckCircle2, Info } from 'lucide-react';
import type { CertificateInfo } from '../../../../preload/api';
import { CertBadge } from '../../components/badges';
import { ErrorPanel } from '../../components/error-panel';
import { Fingerprint } from '../../components/fingerprint';
import { formatDateTime } from '../../components/format';
import { useWizard } from '../../stores/wizard';

/** Step 2: the certificate the controller showed, and whether it is (still) the one trusted. */
export function CertificateStep() {
  const probe = useWizard((s) => s.probe);
  const trustedNow = useWizard((s) => s.trustedNow);
  const activity = useWizard((s) => s.activity);
  const address = useWizard((s) => s.address);
  if (!probe) return null;
  const { certificate, pinState, pinnedFingerprint, expectedFingerprint } = probe;
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
          {trustedNow
            ? 'Trusted. Backups of this controller will talk only to this certificate.'
            : 'This is the certificate you trusted before. Continue to sign in.'}
        </p>
      ) : null}
      {pinState === 'unknown' ? (
        <p className="step-note tone-info">
          <Info size={18} aria-hidden />
          This controller is not trusted yet. Compare the fingerprint below with the one on the controller&apos;s web page or its label, then trust it.
        </p>
      ) : null}
      {pinState === 'changed' ? <ChangedCertificate pinned={pinnedFingerprint ?? ''} seen={certificate.fingerprint} expected={expectedFingerprint !== undefined} /> : <CertificateDetails certificate={certificate} />}
      {pinState === 'changed' ? <CertificateDetails certificate={certificate} title="The new certificate" /> : null}
      {activity.busy ? <p className="step-status" role="status">Waiting for your answer in the confirmation window…</p> : null}
      {activity.error?.code === 'CANCELLED' ? (
        <p className="step-note tone-neutral" role="status">
          <Info size={18} aria-hidden />
          The certificate was not trusted; nothing was saved. Trust it when you have compared the fingerprint.
        </p>
      ) : activity.error ? (
        <ErrorPanel error={activity.error} />
      ) : null}
    </div>
  );
}

/**
 * A changed certificate: the pinned (or, not trusted yet, the inventory's expected) and the new fingerprint side
 * by side, differences highlighted, and why to stop.
 */
function ChangedCertificate({ pinned, seen, expected }: { pinned: string; seen: string; expected: boolean }) {
  return (
    <div className="cert-changed" role="group" aria-label="Certificate changed">
      <p className="cert-warning">
        <AlertTriangle size={20} aria-hidden />
        <span>
          <strong>{expected ? 'This controller shows a different certificate from the one the inventory expects.' : 'This controller shows a different certificate from the one you trusted.'}</strong> Trust the new certificate only if you know the controller was reset or upgraded{expected ? ', or the fingerprint in the inventory is wrong' : ''}; otherwise another device may be answering at this address.
        </span>
      </p>
      <div className="fingerprint-compare">
        <div>
          <p className="field-label">{expected ? 'Expected (inventory)' : 'Trusted before'}</p>
          <Fingerprint value={pinned} label={expected ? 'Expected fingerprint' : 'Trusted fingerprint'} compareTo={seen} />
        </div>
        <div>
          <p className="field-label">Shown now</p>
          <Fingerprint value={seen} label="New fingerprint" compareTo={pinned} />
        </div>
      </div>
    </div>
  );
}

/** Fingerprint, subject, issuer, validity and self-signed, as a definition list. */
function CertificateDetails({ certificate: c, title }: { certificate: CertificateInfo; title?: string }) {
  return (
    <section className="card cert-details" aria-label={title ?? 'Certificate'}>
      {title ? <h3>{title}</h3> : null}
      <dl className="detail-list">
        <dt>SHA-256 fingerprint</dt>
        <dd>
          <Fingerprint value={c.fingerprint} label="Certificate fingerprint" />
        </dd>
        <dt>Subject</dt>
        <dd className="mono">{c.subject || '—'}</dd>
        <dt>Issuer</dt>
        <dd className="mono">
          {c.issuer || '—'}
          {c.selfSigned ? <span className="badge tone-neutral inline-badge">Self-signed</span> : null}
        </dd>
        <dt>Valid</dt>
        <dd>
          {formatDateTime(c.validFrom)} to {formatDateTime(c.validTo)}
          {c.expired ? (
            <span className="badge tone-warn inline-badge">
              <AlertTriangle size={14} aria-hidden />
              Expired
            </span>
          ) : null}
          {c.expired ? <span className="field-help block">Expired certificates are common on controllers; the fingerprint is what matters.</span> : null}
        </dd>
      </dl>
    </section>
  );
}
