import https from 'node:https';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { PinnedAgent } from '../../main/core/device/tls-pin';
import { issueControllerCertificate } from '../simulator/certificates';

// A server that asks for a new handshake once the client has checked its certificate could present another
// certificate on a socket the pin already let through. Every socket refuses renegotiation (TLS 1.2; 1.3 has
// none), so the request fails instead of going on over a connection whose peer changed.

let server: tls.Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A TLS 1.2 server on 127.0.0.1 that renegotiates right after the first request arrives, then answers it. */
async function renegotiatingServer(): Promise<{
  port: number;
  fingerprint: string;
  certPem: string;
  answered: () => number;
}> {
  const cert = await issueControllerCertificate('RENEGOTIATE');
  let answered = 0;
  server = tls.createServer(
    { key: cert.keyPem, cert: cert.certPem, maxVersion: 'TLSv1.2', minVersion: 'TLSv1.2' },
    (socket) => {
      socket.on('error', () => undefined);
      socket.once('data', () => {
        // The server asks no client certificate in the new handshake (the option is about the peer's, here none).
        socket.renegotiate({ requestCert: false }, (err) => {
          if (err) return socket.destroy();
          answered += 1;
          socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok');
        });
      });
    },
  );
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return {
    port: (server!.address() as AddressInfo).port,
    fingerprint: cert.fingerprint,
    certPem: cert.certPem,
    answered: () => answered,
  };
}

function get(port: number, agent: https.Agent): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: '127.0.0.1', port, path: '/api/rest/v1/info/device', agent }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve(body));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

describe('TLS renegotiation', () => {
  it('a pinned connection refuses a renegotiation the controller asks for: the request fails, no answer is read', async () => {
    const s = await renegotiatingServer();
    const agent = new PinnedAgent({ pin: s.fingerprint, handshakeTimeoutMs: 5_000 });
    try {
      await expect(get(s.port, agent)).rejects.toThrow();
      expect(s.answered()).toBe(0);
    } finally {
      agent.destroy();
    }
  });

  it('(control) the same server is answered by a client that allows renegotiation, so the refusal is ours', async () => {
    const s = await renegotiatingServer();
    // Node's own checks, with the test certificate as the only trust anchor and its fingerprint compared too.
    const agent = new https.Agent({
      ca: s.certPem,
      maxCachedSessions: 0,
      checkServerIdentity: (_host, cert) =>
        cert.fingerprint256 === s.fingerprint ? undefined : new Error('not the test certificate'),
    });
    try {
      await expect(get(s.port, agent)).resolves.toBe('ok');
      expect(s.answered()).toBe(1);
    } finally {
      agent.destroy();
    }
  });
});
