import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import type { SimController } from './types';

// Test-only plumbing for simulator.test.ts: plain node:https, deliberately NOT the client from main/, so the
// simulator is checked against the protocol rather than against the code it is meant to test.

/** A buffered answer. */
export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
  /** Peer certificate fingerprint256 of the connection that carried the answer ('' over plain HTTP). */
  fingerprint: string;
}

/** What to send. `auth` sends Basic (true = admin/admin); `cookie` sends a bare session cookie. */
export interface RawRequest {
  method?: string;
  path: string;
  auth?: boolean | { user: string; pass: string };
  cookie?: string;
  headers?: Record<string, string>;
  body?: string;
}

function requestOptions(ctl: SimController, r: RawRequest): https.RequestOptions {
  const headers: Record<string, string> = { Accept: '*/*', ...r.headers };
  if (r.auth) {
    const { user, pass } = r.auth === true ? { user: 'admin', pass: 'admin' } : r.auth;
    headers.Authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  }
  if (r.cookie) headers.Cookie = r.cookie;
  // agent:false = a fresh connection (and TLS handshake) per request, so certificate checks see the current cert.
  return {
    host: ctl.host,
    port: ctl.port,
    method: r.method ?? 'GET',
    path: r.path,
    headers,
    agent: false,
    rejectUnauthorized: false,
  };
}

/** Sends a request and returns the response started (body not read). */
export function open(ctl: SimController, r: RawRequest): Promise<{ res: http.IncomingMessage; fingerprint: string }> {
  return new Promise((resolve, reject) => {
    const lib = ctl.spec.plainHttp ? http : https;
    const req = lib.request(requestOptions(ctl, r), (res) => {
      const socket = res.socket as TLSSocket;
      const fingerprint =
        typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate().fingerprint256 : '';
      resolve({ res, fingerprint });
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

/** Sends a request and buffers the whole answer. */
export async function call(ctl: SimController, r: RawRequest): Promise<RawAnswer> {
  const { res, fingerprint } = await open(ctl, r);
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return { status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8'), fingerprint };
}

/** Parses a JSON answer body. */
export function json<T = unknown>(a: RawAnswer): T {
  return JSON.parse(a.text) as T;
}

/** Logs in with Basic once and returns the session cookie pair ("NAME=value"). */
export async function login(ctl: SimController, path = '/api/rest/v1/info'): Promise<string> {
  const a = await call(ctl, { path, auth: true });
  const setCookie = a.headers['set-cookie']?.[0] ?? '';
  return setCookie.split(';')[0] ?? '';
}

/** Streams a download, hashing and counting it without keeping it; returns the status, length header and digest. */
export async function streamDownload(
  ctl: SimController,
  r: RawRequest,
): Promise<{ status: number; contentLength: number; bytes: number; sha256: string }> {
  const { res } = await open(ctl, r);
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of res) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return {
    status: res.statusCode ?? 0,
    contentLength: Number(res.headers['content-length']),
    bytes,
    sha256: hash.digest('hex'),
  };
}

/** One zip entry as read back: its name, and whether the CRC-32 of its data matches the central directory. */
export interface CheckedEntry {
  name: string;
  size: number;
  crcOk: boolean;
  data?: Buffer;
}

/** Reads every entry of a zip held in memory; yauzl does not check CRCs itself, so they are computed here. */
export async function readZip(zip: Buffer, keep: (name: string) => boolean = () => false): Promise<CheckedEntry[]> {
  const file = await yauzl.fromBufferPromise(zip, { lazyEntries: true, autoClose: false });
  const out: CheckedEntry[] = [];
  try {
    for await (const entry of file.eachEntry()) {
      const stream = await file.openReadStreamPromise(entry);
      let crc = 0;
      const kept: Buffer[] = [];
      for await (const chunk of stream) {
        crc = crc32(chunk as Buffer, crc);
        if (keep(entry.fileName)) kept.push(chunk as Buffer);
      }
      const checked: CheckedEntry = { name: entry.fileName, size: entry.uncompressedSize, crcOk: crc === entry.crc32 };
      if (keep(entry.fileName)) checked.data = Buffer.concat(kept);
      out.push(checked);
    }
  } finally {
    if (file.isOpen) file.close();
  }
  return out;
}
