import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceSession } from '../../main/core/device/session';
import { issueControllerCertificate, type ControllerCertificate } from '../simulator/certificates';

/**
 * Answers the simulator never gives: a server that compresses although it was asked not to, in each common
 * encoding, and in ones this tool does not read. Requests go through node:https (not a library that
 * decompresses on its own), so each case is the session's to handle.
 */
let server: https.Server;
let cert: ControllerCertificate;
let port = 0;
const seen: Array<{ url: string; acceptEncoding: string | undefined }> = [];
const BODY = JSON.stringify({ hostId: 'ECY-1', note: 'x'.repeat(2000) });

beforeAll(async () => {
  cert = await issueControllerCertificate('answers');
  server = https.createServer({ key: cert.keyPem, cert: cert.certPem }, (req, res) => {
    seen.push({ url: req.url ?? '', acceptEncoding: req.headers['accept-encoding'] });
    const send = (encoding: string, body: Buffer): void => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': encoding,
        'content-length': body.length,
      });
      res.end(body);
    };
    const plain = Buffer.from(BODY);
    switch (req.url) {
      case '/gzip':
        return send('gzip', zlib.gzipSync(plain));
      case '/deflate':
        return send('deflate', zlib.deflateSync(plain));
      case '/br':
        return send('br', zlib.brotliCompressSync(plain));
      case '/identity':
        return send('identity', plain);
      case '/zstd':
        return send('zstd', plain);
      case '/broken-gzip':
        return send('gzip', Buffer.from('not gzip at all'));
      // 10 MiB of JSON whitespace in a few KB: beyond the 8 MiB an answer may have, once inflated.
      case '/gzip-bomb':
        return send(
          'gzip',
          zlib.gzipSync(Buffer.concat([Buffer.from('{"a":1'), Buffer.alloc(10 * 1024 * 1024, ' '), Buffer.from('}')])),
        );
      case '/file-gzip':
        return send('gzip', zlib.gzipSync(Buffer.alloc(4096, 1)));
      // The head of a download, a few bytes, then the connection is cut.
      case '/cut-download':
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': 100_000 });
        res.write(Buffer.alloc(10, 1), () => setTimeout(() => res.socket?.destroy(), 5));
        return;
      default:
        res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function session(): DeviceSession {
  return new DeviceSession({
    address: { host: '127.0.0.1', port, protocol: 'https' },
    trust: { pin: cert.fingerprint },
    username: 'admin',
    password: 'secret',
    attempts: 1,
  });
}

async function get(path: string): Promise<unknown> {
  const s = session();
  try {
    return (await s.request({ method: 'GET', path })).body;
  } finally {
    s.close();
  }
}

describe('answers from the controller, however they are encoded', () => {
  it('asks for no compression', async () => {
    await get('/identity');
    expect(seen.find((r) => r.url === '/identity')?.acceptEncoding).toBe('identity');
  });

  it.each(['gzip', 'deflate', 'br', 'identity'])('reads a %s answer all the same', async (encoding) => {
    expect(await get(`/${encoding}`)).toEqual(JSON.parse(BODY));
  });

  it('refuses an encoding it does not read, naming it', async () => {
    await expect(get('/zstd')).rejects.toMatchObject({
      code: 'PROTOCOL_ERROR',
      message: expect.stringContaining('zstd'),
    });
  });

  it('refuses a damaged compressed answer with a clear error', async () => {
    await expect(get('/broken-gzip')).rejects.toMatchObject({
      code: 'PROTOCOL_ERROR',
      message: expect.stringContaining('damaged gzip'),
    });
  });

  it('stops inflating at the answer size limit', async () => {
    const before = process.memoryUsage().rss;
    await expect(get('/gzip-bomb')).rejects.toMatchObject({
      code: 'PROTOCOL_ERROR',
      message: expect.stringContaining('larger than 8 MiB'),
    });
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('does not keep a backup file the controller compressed: its bytes would not be the backup', async () => {
    const s = session();
    try {
      await expect(s.openStream('/file-gzip')).rejects.toMatchObject({
        code: 'PROTOCOL_ERROR',
        message: expect.stringContaining('gzip-encoded'),
      });
    } finally {
      s.close();
    }
  });
});

describe('a download cut before its reader is attached', () => {
  it('keeps the failure for the reader instead of ending the process', async () => {
    const s = session();
    try {
      const { stream } = await s.openStream('/cut-download');
      // The pipeline opens its .part first: the cut happens while nobody reads.
      await new Promise((r) => setTimeout(r, 100));
      const chunks: Buffer[] = [];
      await expect(
        (async () => {
          for await (const c of stream) chunks.push(c as Buffer);
        })(),
      ).rejects.toThrow();
    } finally {
      s.close();
    }
  });
});

describe('a cancel while the TLS handshake is under way', () => {
  it('is heard at once as CANCELLED, not after the handshake timeout', async () => {
    // Accepts the connection and never answers the ClientHello: a controller stuck mid-handshake.
    const sockets: net.Socket[] = [];
    const closed: net.Socket[] = [];
    const silent = net.createServer((socket) => {
      sockets.push(socket);
      socket.on('close', () => closed.push(socket)).resume();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const cancel = new AbortController();
    const s = new DeviceSession({
      address: { host: '127.0.0.1', port: (silent.address() as AddressInfo).port, protocol: 'https' },
      trust: { pin: cert.fingerprint },
      username: 'admin',
      password: 'secret',
      attempts: 1,
      timeouts: { connectMs: 20_000 },
      signal: cancel.signal,
    });
    try {
      const t0 = performance.now();
      const request = s.request({ method: 'GET', path: '/identity' });
      setTimeout(() => cancel.abort(), 200);
      await expect(request).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(performance.now() - t0).toBeLessThan(5_000);
      // Closing the session ends the handshake too: nothing is left connecting.
      s.close();
      await new Promise((r) => setTimeout(r, 100));
      expect(sockets.length).toBeGreaterThan(0);
      expect(closed).toHaveLength(sockets.length);
    } finally {
      s.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
