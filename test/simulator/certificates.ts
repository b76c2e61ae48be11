import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import { generate } from 'selfsigned';

/** A controller's TLS identity: what the server presents and what a client will pin. */
export interface ControllerCertificate {
  certPem: string;
  keyPem: string;
  /** Upper-case hex with colons, exactly as `tls` reports `getPeerCertificate().fingerprint256`. */
  fingerprint: string;
}

interface PemKeyPair {
  privateKey: string;
  publicKey: string;
}

// Key generation dominates certificate cost, and 500 controllers must start in seconds. Real controllers
// each have their own key, but a pin is on the certificate (its random serial makes every fingerprint
// distinct), so a few shared EC keys lose no realism that a backup client can observe.
const KEY_POOL_SIZE = 4;
const DAY_MS = 24 * 60 * 60 * 1000;
let keyPool: PemKeyPair[] | undefined;
let nextKey = 0;

function pooledKeyPair(): PemKeyPair {
  keyPool ??= Array.from({ length: KEY_POOL_SIZE }, () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return {
      privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
  });
  const pair = keyPool[nextKey % KEY_POOL_SIZE];
  nextKey += 1;
  if (!pair) throw new Error('certificate key pool is empty');
  return pair;
}

// Controller names are free text ("AHU 1 / Roof"); a SAN dNSName must not be.
function dnsLabel(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9.-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'eclypse'
  );
}

/** Node's own fingerprint of a PEM certificate, the value a pinning client compares. */
function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

/** Issues a fresh self-signed certificate with subject CN = the controller name (a new serial each call). */
export async function issueControllerCertificate(
  name: string,
  opts: { expired?: boolean } = {},
): Promise<ControllerCertificate> {
  const now = Date.now();
  // A day of slack before "now" so a client whose clock runs a little behind still sees a valid cert.
  const notBeforeDate = new Date(opts.expired ? now - 3 * 365 * DAY_MS : now - DAY_MS);
  const notAfterDate = new Date(opts.expired ? now - 30 * DAY_MS : now + 5 * 365 * DAY_MS);
  const keyPair = pooledKeyPair();
  const pems = await generate(
    [
      { name: 'commonName', value: name },
      { name: 'organizationName', value: 'Distech Controls Inc.' },
      { shortName: 'OU', value: 'ECLYPSE' },
    ],
    {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      keyPair,
      notBeforeDate,
      notAfterDate,
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: dnsLabel(name) },
            { type: 7, ip: '127.0.0.1' },
          ],
        },
      ],
    },
  );
  return { certPem: pems.cert, keyPem: keyPair.privateKey, fingerprint: fingerprintOf(pems.cert) };
}
