// How the tool stands with a controller's certificate: what it showed, and the pin kept for it. Types only.

/** What a technician needs to decide whether to trust a controller's certificate. */
export interface CertificateInfo {
  /** SHA-256 of the DER certificate, `AB:CD:…`. */
  fingerprint: string;
  subject: string;
  issuer: string;
  /** ISO dates of the validity window. */
  validFrom: string;
  validTo: string;
  expired: boolean;
  selfSigned: boolean;
  serialNumber: string;
  /** Whether the chain validated against the site CA given (false when none was given). */
  caTrusted: boolean;
}

/** How the tool stands with a controller's certificate. */
export type PinState = 'pinned' | 'unknown' | 'changed';

/** A trusted certificate for one controller address, as known-devices.json keeps it. */
export interface DevicePin {
  fingerprint: string;
  subject: string;
  pinnedAt: string;
  /** The fingerprint this pin replaced, kept so a re-trust can be audited. */
  previousFingerprint?: string;
  /** What the pinned certificate said of itself when it was trusted, to show beside a changed one (absent in older pins). */
  issuer?: string;
  validFrom?: string;
  validTo?: string;
}
