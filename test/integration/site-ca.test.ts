import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { readCaArg } from '../../main/cli/files';
import { CodedError } from '../../main/core/errors';
import { readSiteCa } from '../../main/core/device/site-ca';
import { tempDir } from '../support/fixtures';
import { PinnedAgent, probeCertificate } from '../../main/core/device/tls-pin';

/** A site CA and a controller certificate it signed for 127.0.0.1, as some sites install. */
async function siteCa(): Promise<{ caPem: string; leafPem: string; leafKey: string }> {
  const ca = await generate([{ name: 'commonName', value: 'Campus Root CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 86_400_000 * 365),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const leaf = await generate([{ name: 'commonName', value: 'AHU-CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 86_400_000 * 30),
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  });
  return { caPem: ca.cert, leafPem: leaf.cert, leafKey: leaf.private };
}

let server: https.Server;
let port: number;
let requests = 0;
let caPem: string;
let otherCaPem: string;

beforeAll(async () => {
  const site = await siteCa();
  caPem = site.caPem;
  otherCaPem = (await siteCa()).caPem;
  server = https.createServer({ key: site.leafKey, cert: site.leafPem }, (_req, res) => {
    requests++;
    res.end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

function get(agent: PinnedAgent): Promise<number> {
  return new Promise((resolve, reject) => {
    https
      .get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

describe('controllers with certificates signed by a site CA', () => {
  it('probe says the certificate chains to the given site CA, and not to another', async () => {
    expect(await probeCertificate('127.0.0.1', port, { siteCaPem: caPem })).toMatchObject({
      caTrusted: true,
      selfSigned: false,
      issuer: 'CN=Campus Root CA',
    });
    expect((await probeCertificate('127.0.0.1', port, { siteCaPem: otherCaPem })).caTrusted).toBe(false);
    expect((await probeCertificate('127.0.0.1', port)).caTrusted).toBe(false);
  });

  it('the site CA alone is enough to connect; another CA is refused before any request', async () => {
    const agent = new PinnedAgent({ siteCaPem: caPem });
    expect(await get(agent)).toBe(200);
    agent.destroy();
    const before = requests;
    const wrong = new PinnedAgent({ siteCaPem: otherCaPem });
    const err = await get(wrong).catch((e: unknown) => e);
    wrong.destroy();
    expect(err).toBeInstanceOf(CodedError);
    expect((err as CodedError).code).toBe('CERT_UNTRUSTED');
    expect(requests).toBe(before);
  });

  it('a stored pin still wins over the CA: a CA-signed replacement is CERT_CHANGED until re-trusted', async () => {
    const agent = new PinnedAgent({ pin: 'AB'.repeat(32), siteCaPem: caPem });
    const before = requests;
    const err = await get(agent).catch((e: unknown) => e);
    agent.destroy();
    expect((err as CodedError).code).toBe('CERT_CHANGED');
    expect(requests).toBe(before);
  });
});

describe('site CA files as IT departments hand them out', () => {
  it('a DER .cer is read like its PEM, and connects over real TLS', async () => {
    const der = new X509Certificate(caPem).raw;
    const dir = await tempDir('eclypse-ca-');
    const file = path.join(dir, 'Campus Root CA.cer');
    await fs.writeFile(file, der);
    const pem = await readCaArg(file, '--ca');
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(new X509Certificate(pem).fingerprint256).toBe(new X509Certificate(caPem).fingerprint256);
    expect((await probeCertificate('127.0.0.1', port, { siteCaPem: pem })).caTrusted).toBe(true);
    const agent = new PinnedAgent({ siteCaPem: pem });
    expect(await get(agent)).toBe(200);
    agent.destroy();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('a PEM bundle keeps every certificate in it', () => {
    const bundle = readSiteCa(Buffer.from(`Bag Attributes\n${caPem}\n${otherCaPem}`), 'chain.pem');
    expect(bundle.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
  });

  it('a .p12/.pfx, a private key or anything else is refused with what to give instead', async () => {
    const p12 = await fs.readFile(path.join(__dirname, '../fixtures/site-ca.p12'));
    const refusal = (bytes: Buffer, name: string) => {
      try {
        readSiteCa(bytes, name);
      } catch (err) {
        return err as CodedError;
      }
      throw new Error('accepted');
    };
    for (const name of ['site.p12', 'site.pfx', 'exported.bin']) {
      const err = refusal(p12, name);
      expect(err.code).toBe('INVALID_INPUT');
      expect(err.message).toMatch(/PKCS#12.*openssl pkcs12 -in site\.p12 -cacerts -nokeys/);
    }
    expect(
      refusal(Buffer.from('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'), 'ca.key').message,
    ).toMatch(/private key, not a CA certificate/);
    expect(refusal(Buffer.from('hello'), 'notes.txt').message).toMatch(/not a certificate in PEM or DER form/);
  });
});
