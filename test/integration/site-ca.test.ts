import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupError } from '../../main/core/device/errors';
import { PinnedAgent, probeCertificate } from '../../main/core/device/tls-pin';

/** A site CA and a controller certificate it signed for 127.0.0.1, as some sites install. */
async function siteCa(): Promise<{ caPem: string; leafPem: string; leafKey: string }> {
  const ca = await generate([{ name: 'commonName', value: 'Campus Root CA' }], {
    keyType: 'ec', algorithm: 'sha256', notAfterDate: new Date(Date.now() + 86_400_000 * 365),
    extensions: [{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }],
  });
  const leaf = await generate([{ name: 'commonName', value: 'AHU-CA' }], {
    keyType: 'ec', algorithm: 'sha256', notAfterDate: new Date(Date.now() + 86_400_000 * 30),
    ca: { key: ca.private, cert: ca.cert },
    extensions: [{ name: 'basicConstraints', cA: false }, { name: 'extKeyUsage', serverAuth: true }, { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
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
    https.get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
}

describe('controllers with certificates signed by a site CA', () => {
  it('probe says the certificate chains to the given site CA, and not to another', async () => {
    expect(await probeCertificate('127.0.0.1', port, { siteCaPem: caPem })).toMatchObject({ caTrusted: true, selfSigned: false, issuer: 'CN=Campus Root CA' });
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
    expect(err).toBeInstanceOf(BackupError);
    expect((err as BackupError).code).toBe('CERT_UNTRUSTED');
    expect(requests).toBe(before);
  });

  it('a stored pin still wins over the CA: a CA-signed replacement is CERT_CHANGED until re-trusted', async () => {
    const agent = new PinnedAgent({ pin: 'AB'.repeat(32), siteCaPem: caPem });
    const before = requests;
    const err = await get(agent).catch((e: unknown) => e);
    agent.destroy();
    expect((err as BackupError).code).toBe('CERT_CHANGED');
    expect(requests).toBe(before);
  });
});
