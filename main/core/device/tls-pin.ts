import { constants } from 'node:crypto';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import type { ClientRequestArgs } from 'node:http';
import type { Duplex } from 'node:stream';
import { CodedError } from '../errors';
import { normalizeFingerprint } from './fingerprint';
import { SILENT_LOGGER, type Logger } from '../log/logger';
import type { CertificateInfo } from '../../../shared/trust';

/** How a connection to one controller decides to trust the certificate it is shown. */
export interface TrustPolicy {
  /** Pinned fingerprint; a certificate with this fingerprint is trusted even when expired. */
  pin?: string;
  /** PEM of a site CA; a certificate that chains to it and names the host is trusted without a pin. */
  siteCaPem?: string;
  /** Limit for TCP connect + TLS handshake. */
  handshakeTimeoutMs?: number;
  /** Where each connection's pin check is logged (the fingerprints are public; nothing secret is). */
  logger?: Logger;
}

const DEFAULT_HANDSHAKE_MS = 15_000;

/** Connects, completes the TLS handshake, describes the certificate and disconnects; sends no HTTP at all. */
export async function probeCertificate(
  host: string,
  port: number,
  options: { siteCaPem?: string; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<CertificateInfo> {
  const socket = await connectTls(
    host,
    port,
    options.siteCaPem,
    options.timeoutMs ?? DEFAULT_HANDSHAKE_MS,
    options.signal,
  );
  try {
    return describeCertificate(socket, host, options.siteCaPem !== undefined);
  } finally {
    socket.destroy();
  }
}

/**
 * An https.Agent for one controller that checks the certificate on every new connection BEFORE handing the
 * socket to the HTTP layer, so no request byte (and no Authorization header) reaches an unverified peer.
 */
export class PinnedAgent extends https.Agent {
  private readonly pin: string | undefined;
  private readonly siteCaPem: string | undefined;
  private readonly handshakeTimeoutMs: number;
  private readonly log: Logger;
  /** The certificate of the last verified connection. */
  lastCertificate: CertificateInfo | undefined;
  /** Aborts handshakes still under way when the agent is destroyed (the session closed or was cancelled). */
  private readonly closing = new AbortController();

  constructor(policy: TrustPolicy) {
    super({ keepAlive: true, maxSockets: 2, maxCachedSessions: 0 });
    this.pin = policy.pin === undefined ? undefined : normalizeFingerprint(policy.pin);
    this.siteCaPem = policy.siteCaPem;
    this.handshakeTimeoutMs = policy.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_MS;
    this.log = policy.logger ?? SILENT_LOGGER;
    if (!this.pin && !this.siteCaPem) {
      throw new CodedError('CERT_UNTRUSTED', 'No pinned fingerprint and no site CA: refusing to connect.');
    }
  }

  override createConnection(
    options: ClientRequestArgs,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex {
    const host = String(options.host ?? options.hostname ?? '');
    const port = Number(options.port ?? 443);
    connectTls(host, port, this.siteCaPem, this.handshakeTimeoutMs, this.closing.signal).then(
      (socket) => {
        try {
          this.lastCertificate = this.verify(socket, host);
          this.log.info('pin check', {
            host,
            port,
            result: this.pin ? 'pin matched' : 'site CA trusted',
            fingerprint: this.lastCertificate.fingerprint,
            expired: this.lastCertificate.expired,
          });
          callback?.(null, socket);
        } catch (err) {
          socket.destroy();
          const e = err as CodedError;
          this.log.warn('pin check', {
            host,
            port,
            result: e.code === 'CERT_CHANGED' ? 'certificate changed' : 'not trusted',
            expected: this.pin ?? null,
            fingerprint: e.details?.actualFingerprint ?? null,
            error: e,
          });
          callback?.(err as Error, undefined as unknown as Duplex);
        }
      },
      (err: Error) => {
        this.log[(err as CodedError).code === 'CANCELLED' ? 'debug' : 'warn']('connect failed', {
          host,
          port,
          error: err,
        });
        callback?.(err, undefined as unknown as Duplex);
      },
    );
    // Returning nothing makes Node wait for the callback: the request is written only to a verified socket.
    return undefined as unknown as Duplex;
  }

  override destroy(): void {
    this.closing.abort();
    super.destroy();
  }

  private verify(socket: tls.TLSSocket, host: string): CertificateInfo {
    const cert = describeCertificate(socket, host, this.siteCaPem !== undefined);
    if (this.pin && cert.fingerprint === this.pin) return cert;
    // A stored pin is the technician's decision: even a CA-signed replacement stops the work until re-trusted.
    if (!this.pin && cert.caTrusted) return cert;
    if (this.pin) {
      throw new CodedError(
        'CERT_CHANGED',
        `The certificate of ${host} changed: pinned ${this.pin}, presented ${cert.fingerprint}.`,
        { expectedFingerprint: this.pin, actualFingerprint: cert.fingerprint },
      );
    }
    throw new CodedError(
      'CERT_UNTRUSTED',
      `The certificate of ${host} (${cert.fingerprint}) is not signed by the site CA.`,
      {
        actualFingerprint: cert.fingerprint,
      },
    );
  }
}

function connectTls(
  host: string,
  port: number,
  siteCaPem: string | undefined,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CodedError('CANCELLED', 'Cancelled before connecting.'));
    // Node's own check cannot accept an expired but pinned certificate, which real controllers often have, so
    // the check is ours. This socket has exactly two users: probeCertificate, which only reads the
    // certificate and writes nothing, and PinnedAgent.createConnection, which compares the fingerprint (or
    // the site CA chain) before handing the socket to HTTP. Never give it to anything else.
    // (trust.test.ts and site-ca.test.ts prove a wrong certificate receives no HTTP byte.)
    const socket = tls.connect({
      host,
      port,
      servername: net.isIP(host) ? undefined : host,
      rejectUnauthorized: false,
      secureContext: secureContextFor(siteCaPem),
      ALPNProtocols: ['http/1.1'],
    });
    // A renegotiation after the pin check could present another certificate on the verified socket. Node
    // honours disableRenegotiation() only on server sockets; the context's SSL_OP_NO_RENEGOTIATION refuses it here.
    socket.disableRenegotiation();
    const fail = (err: Error): void => {
      cleanup();
      socket.destroy();
      reject(mapConnectError(err, host, port));
    };
    const onAbort = (): void => fail(new CodedError('CANCELLED', 'Cancelled while connecting.'));
    const timer = setTimeout(
      () =>
        fail(
          new CodedError('TIMEOUT', `No TLS handshake with ${host}:${port} within ${Math.round(timeoutMs / 1000)} s.`),
        ),
      timeoutMs,
    );
    const cleanup = (): void => {
      clearTimeout(timer);
      socket.off('error', fail);
      signal?.removeEventListener('abort', onAbort);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      cleanup();
      resolve(socket);
    });
  });
}

/**
 * One context per trust source, shared by every connection that uses it: building one loads the whole root
 * store (or parses the site CA), ~0.5 ms of main-thread time per controller of a bulk run when done per
 * connection. A context holds no per-connection state; sessions are not cached (the agent's maxCachedSessions
 * is 0), so every connection still makes a full handshake and shows its certificate.
 */
const secureContexts = new Map<string, tls.SecureContext>();

function secureContextFor(siteCaPem: string | undefined): tls.SecureContext {
  const key = siteCaPem ?? '';
  let context = secureContexts.get(key);
  if (!context) {
    context = tls.createSecureContext({
      secureOptions: constants.SSL_OP_NO_RENEGOTIATION,
      ...(siteCaPem === undefined ? {} : { ca: siteCaPem }),
    });
    // A few site CAs per laptop at most; a bound keeps a long-lived app from collecting them.
    if (secureContexts.size >= 16) secureContexts.clear();
    secureContexts.set(key, context);
  }
  return context;
}

function describeCertificate(socket: tls.TLSSocket, host: string, siteCaGiven: boolean): CertificateInfo {
  // The leaf alone: building the detailed chain costs more than the rest of the handshake's JavaScript.
  const cert = socket.getPeerCertificate(false);
  if (!cert || !cert.fingerprint256) {
    throw new CodedError('TLS_FAILED', `${host} presented no certificate.`);
  }
  const validTo = new Date(cert.valid_to);
  // Self-issued: the issuer's name is its own. (The leaf-only view has no issuer certificate to compare with,
  // and OpenSSL's checkIssued also demands keyCertSign, which controllers' self-signed certificates lack.)
  const selfSigned = formatName(cert.issuer) === formatName(cert.subject);
  const caTrusted = siteCaGiven && socket.authorized && tls.checkServerIdentity(host, cert) === undefined;
  return {
    fingerprint: cert.fingerprint256.toUpperCase(),
    subject: formatName(cert.subject),
    issuer: formatName(cert.issuer),
    validFrom: toIso(cert.valid_from),
    validTo: toIso(cert.valid_to),
    expired: Number.isFinite(validTo.getTime()) && validTo.getTime() < Date.now(),
    selfSigned,
    serialNumber: cert.serialNumber ?? '',
    caTrusted,
  };
}

function formatName(name: object | undefined): string {
  if (!name) return '';
  return Object.entries(name as Record<string, string | string[] | undefined>)
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${k}=${x ?? ''}`))
    .join(', ')
    .replace(CONTROL_CHARACTERS, (c) => `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

// A certificate's subject is whatever its maker typed: an escape sequence in it would rewrite the
// technician's terminal. Control characters are shown as \xNN instead, visibly odd.
// eslint-disable-next-line no-control-regex -- a subject's control characters are what must be made visible
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

function toIso(date: string): string {
  const d = new Date(date);
  return Number.isFinite(d.getTime()) ? d.toISOString() : date;
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'EPIPE',
  'EHOSTDOWN',
]);

/** Maps a socket-level error to the code a technician can act on. */
export function mapConnectError(err: Error, host: string, port: number): CodedError {
  if (err instanceof CodedError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (UNREACHABLE_CODES.has(code)) {
    return new CodedError('UNREACHABLE', `${host}:${port} did not accept the connection (${code}).`);
  }
  if (code === 'ETIMEDOUT') return new CodedError('TIMEOUT', `${host}:${port} did not answer in time.`);
  return new CodedError('TLS_FAILED', `TLS with ${host}:${port} failed: ${err.message}`);
}
