import { X509Certificate } from 'node:crypto';
import { CodedError } from '../errors';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

const P12_HELP =
  'Export the CA certificate on its own: in Windows, open the .p12/.pfx in certmgr, select the CA certificate, ' +
  'Export… → "DER encoded binary X.509 (.CER)" or "Base-64 encoded X.509 (.CER)"; or, with OpenSSL, ' +
  '"openssl pkcs12 -in site.p12 -cacerts -nokeys -out site-ca.pem". Then give that file.';

/**
 * Reads a site CA file as IT departments hand them out: PEM (one or several certificates), or DER (`.cer`,
 * `.crt`, `.der`). A PKCS#12 bundle (`.p12`, `.pfx`) holds keys and is password-protected: it is refused with
 * how to export the certificate alone. Returns PEM text for the TLS trust store.
 */
export function readSiteCa(bytes: Buffer, fileName: string): string {
  const text = bytes.toString('latin1');
  const blocks = text.match(PEM_BLOCK);
  if (blocks) return blocks.map((pem) => parse(Buffer.from(pem, 'latin1'), fileName).toString()).join('');
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    throw new CodedError(
      'INVALID_INPUT',
      `${fileName} holds a private key, not a CA certificate. Give the site CA's certificate (.pem, .crt or .cer).`,
    );
  }
  if (/\.(p12|pfx)$/i.test(fileName) || looksLikePkcs12(bytes)) {
    throw new CodedError(
      'INVALID_INPUT',
      `${fileName} is a PKCS#12 bundle (.p12/.pfx), which this tool does not open. ${P12_HELP}`,
    );
  }
  return parse(bytes, fileName).toString();
}

function parse(der: Buffer, fileName: string): X509Certificate {
  try {
    return new X509Certificate(der);
  } catch {
    throw new CodedError(
      'INVALID_INPUT',
      `${fileName} is not a certificate in PEM or DER form. Give the site CA's certificate (.pem, .crt or .cer). ${P12_HELP}`,
    );
  }
}

/** PKCS#12 starts as SEQUENCE { INTEGER 3, SEQUENCE { OID 1.2.840.113549.1.7.1 (data) … } }. */
function looksLikePkcs12(bytes: Buffer): boolean {
  if (bytes[0] !== 0x30) return false;
  const head = bytes.subarray(0, 32);
  return (
    head.includes(Buffer.from([0x02, 0x01, 0x03])) &&
    head.includes(Buffer.from([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01]))
  );
}
