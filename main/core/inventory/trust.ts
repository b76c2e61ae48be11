import { CodedError } from '../errors';
import { normalizeFingerprint } from '../device/fingerprint';
import { probeCertificate } from '../device/tls-pin';
import { type CertificateInfo, type PinState } from '../../../shared/trust';
import type { KnownDevices } from './known-devices';

/** What the technician said about trusting this controller on this run. */
export interface TrustRequest {
  /** A fingerprint given explicitly (read off the controller's web page): trusts exactly that certificate. */
  fingerprint?: string;
  /** Trust whatever certificate an UNKNOWN controller shows (never overrides an existing pin). */
  trustNew?: boolean;
  siteCaPem?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The pin to connect with, and whether it should be saved once a connection has proved it. */
export interface TrustDecision {
  pin?: string;
  siteCaPem?: string;
  /** True when the pin is new or replaces the stored one (explicit re-trust). */
  savePin: boolean;
  /** The certificate probed to decide, when a probe was needed. */
  probed?: CertificateInfo;
}

/**
 * Decides how to trust a controller before any HTTP byte is sent. A stored pin wins over `trustNew`, so a
 * changed certificate always stops the work; only an explicit fingerprint re-trusts.
 */
export async function decideTrust(
  known: KnownDevices,
  host: string,
  port: number,
  req: TrustRequest,
): Promise<TrustDecision> {
  const stored = known.get(host, port)?.fingerprint;
  const ca = req.siteCaPem ? { siteCaPem: req.siteCaPem } : {};
  if (req.fingerprint) {
    const pin = normalizeFingerprint(req.fingerprint);
    return { pin, ...ca, savePin: pin !== stored };
  }
  if (stored) return { pin: stored, ...ca, savePin: false };
  if (req.siteCaPem && !req.trustNew) return { ...ca, savePin: false };
  const probed = await probeCertificate(host, port, {
    siteCaPem: req.siteCaPem,
    timeoutMs: req.timeoutMs,
    signal: req.signal,
  });
  if (req.trustNew || probed.caTrusted) return { pin: probed.fingerprint, ...ca, savePin: true, probed };
  throw new CodedError(
    'CERT_UNTRUSTED',
    `${host}:${port} is not trusted yet. Its certificate fingerprint is ${probed.fingerprint}.`,
    {
      actualFingerprint: probed.fingerprint,
    },
  );
}

/** Compares a controller's current certificate with its pin. */
export function pinState(known: KnownDevices, host: string, port: number, fingerprint: string): PinState {
  const stored = known.get(host, port)?.fingerprint;
  if (!stored) return 'unknown';
  return stored === normalizeFingerprint(fingerprint) ? 'pinned' : 'changed';
}
