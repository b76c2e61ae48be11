import http, { type IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { CookieJar } from 'tough-cookie';
import { BackupError, type ErrorCode } from './errors';
import { decodeBody, encodeBody, errorMessageFrom, type Body, type BodyFormat } from './codecs';
import { openRawRequest } from './raw-request';
import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { scrubHeaders, type ExchangeRecorder, type RecordedExchange } from './exchange-log';
import { signInHint } from './sign-in-refusals';
import { mapConnectError, PinnedAgent, type TrustPolicy } from './tls-pin';

/** Where a controller listens. `http` only when the technician explicitly asked for it. */
export interface DeviceAddress {
  host: string;
  port: number;
  protocol: 'https' | 'http';
}

/** Limits for one device's requests; defaults suit live plant on a slow site network. */
export interface SessionTimeouts {
  /** TCP connect + TLS handshake. */
  connectMs: number;
  /** Until the first response byte (a preview can take several seconds). */
  responseMs: number;
  /** Longest silence while a response is flowing (a stalled download fails after this). */
  idleMs: number;
}

/** Default timeouts. */
export const DEFAULT_TIMEOUTS: SessionTimeouts = { connectMs: 15_000, responseMs: 60_000, idleMs: 30_000 };

/** Everything a session needs; the password lives only in this object for the duration of the operation. */
export interface SessionOptions {
  address: DeviceAddress;
  trust: TrustPolicy;
  username: string;
  password: string;
  timeouts?: Partial<SessionTimeouts>;
  /** Base delay of the backoff between attempts of a transient failure (default 1 s). */
  retryBaseMs?: number;
  /** Attempts for a transient failure, including the first (default 3). */
  attempts?: number;
  signal?: AbortSignal;
  /** Keeps every exchange, secrets removed, for a field report. */
  recorder?: ExchangeRecorder;
}

/** One answer from the controller, body already decoded. */
export interface DeviceResponse {
  status: number;
  body: Body;
  headers: Record<string, string | string[] | undefined>;
}

/** A request: body encoding follows `format`, and Accept asks for the same format. */
export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  format?: BodyFormat;
  /** A JSON-like object to send; `root` names the XML element. */
  body?: { value: Record<string, unknown>; root: string };
  /** Statuses that are answers, not failures (e.g. 404 while probing). */
  accept?: number[];
  /** Send no credentials and treat 401 as an answer (a first look without an audit-log entry). */
  anonymous?: boolean;
  /** Attempts for a retryable failure, overriding the session's (1 = the answer as it is). */
  attempts?: number;
}

const SESSION_COOKIE = 'ECLYPSERESTSESSIONID';
const USER_AGENT = 'eclypse-field-backup';
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const MAX_RELOGINS = 3;

/**
 * A conversation with one controller: one pinned agent, one session cookie, Basic credentials sent only when
 * there is no session yet, at most one refused login, retries only for transient failures.
 */
export class DeviceSession {
  readonly address: DeviceAddress;
  readonly agent: PinnedAgent | undefined;
  /** The agent every request goes through: the pinned one, or (plain http, asked for explicitly) its own. */
  private readonly transport: http.Agent;
  private readonly jar = new CookieJar();
  private options: SessionOptions;
  private readonly timeouts: SessionTimeouts;
  private loginRefused = false;
  private relogins = 0;
  /** How many requests carried Basic credentials (each is a login in the controller's audit log). */
  basicLogins = 0;

  constructor(options: SessionOptions) {
    this.options = options;
    this.address = options.address;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.agent =
      options.address.protocol === 'https'
        ? new PinnedAgent({ ...options.trust, handshakeTimeoutMs: this.timeouts.connectMs })
        : undefined;
    this.transport = this.agent ?? new http.Agent({ keepAlive: true, maxSockets: 2 });
  }

  /** Sends a request, decoding the answer; non-2xx (outside `accept`) becomes a BackupError. */
  async request(spec: RequestSpec): Promise<DeviceResponse> {
    const attempts = spec.attempts ?? this.options.attempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.requestOnce(spec);
      } catch (err) {
        const e = translateRequestError(err, this.address);
        // A POST is repeated only when the controller said it did not take it (503).
        const retryable = spec.method === 'GET' ? e.transient : e.code === 'DEVICE_BUSY';
        if (!retryable || attempt >= attempts) throw e;
        await this.pause(attempt);
      }
    }
  }

  /** Opens a streamed GET (downloads), retrying a busy or unreachable controller; the caller checks the length. */
  async openStream(path: string): Promise<{ stream: Readable; status: number; contentLength: number | undefined }> {
    const attempts = this.options.attempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.openStreamOnce(path);
      } catch (err) {
        const e = translateRequestError(err, this.address);
        if (!e.transient || attempt >= attempts) throw e;
        await this.pause(attempt);
      }
    }
  }

  private async openStreamOnce(path: string): Promise<{ stream: Readable; status: number; contentLength: number | undefined }> {
    for (let relogin = 0; ; relogin++) {
      // No compression: a gzipped body would lose its Content-Length and with it the length check.
      const response = await this.send('GET', path, { accept: '*/*' }, undefined, false);
      const status = response.statusCode ?? 0;
      if (status === 401 && this.mayLogInAgain(response.sentBasic, relogin)) {
        response.destroy();
        continue;
      }
      if (status < 200 || status >= 300) {
        const text = await readText(response).catch(() => '');
        const e = this.statusError(status, text, response.headers['content-type'], path);
        if (status === 404) throw new BackupError('FILE_NOT_FOUND', `The controller no longer has the file: ${e.message}`, e.details);
        throw e;
      }
      const coding = (response.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
      if (coding !== 'identity' && coding !== '') {
        response.destroy();
        throw new BackupError('PROTOCOL_ERROR', `The controller sent the backup file ${coding}-encoded although it was asked not to; it was not kept.`);
      }
      const len = Number(response.headers['content-length']);
      const stream = this.options.recorder ? this.recordStream(response) : response;
      return { stream, status, contentLength: Number.isFinite(len) && len >= 0 ? len : undefined };
    }
  }

  /** Replaces the abort signal for later requests (a best-effort cancel after the run's signal fired). */
  useSignal(signal: AbortSignal | undefined): void {
    this.options.signal = signal;
  }

  /** Closes the keep-alive sockets of this controller. */
  close(): void {
    this.transport.destroy();
  }

  private async requestOnce(spec: RequestSpec): Promise<DeviceResponse> {
    const format = spec.format ?? 'json';
    const accept = format === 'xml' ? 'application/xml' : 'application/json';
    const encoded = spec.body ? encodeBody(spec.body.value, format, spec.body.root) : undefined;
    for (let relogin = 0; ; relogin++) {
      const headers = { accept, ...(encoded ? { 'content-type': encoded.contentType } : {}) };
      const response = await this.send(spec.method, spec.path, headers, encoded?.body ?? (spec.method === 'POST' ? '' : undefined), spec.anonymous === true);
      const status = response.statusCode ?? 0;
      const text = await readText(response).catch((err: unknown) => {
        this.record(response, undefined, err);
        throw translateRequestError(err, this.address);
      });
      this.record(response, encoded ? { mimeType: encoded.contentType, text: encoded.body } : undefined, undefined, text);
      const contentType = response.headers['content-type'];
      if (spec.anonymous && status === 401) return { status: 401, body: undefined, headers: response.headers };
      if (status === 401 && this.mayLogInAgain(response.sentBasic, relogin)) continue;
      if ((status >= 200 && status < 300) || spec.accept?.includes(status)) {
        return { status, body: decodeBody(text, contentType), headers: response.headers };
      }
      throw this.statusError(status, text, contentType, spec.path);
    }
  }

  /**
   * Sends one request with the session cookie, or Basic credentials when there is none (never both, never
   * Basic when `anonymous`). Resolves once the answer's headers arrived; `sentBasic` says what went out.
   */
  private async send(
    method: 'GET' | 'POST',
    path: string,
    headers: Record<string, string>,
    body: string | Buffer | undefined,
    anonymous: boolean,
  ): Promise<IncomingMessage & SentRequest> {
    const url = this.urlOf(path);
    const startedAt = Date.now();
    // Sorted as a browser (and tough-cookie's own Cookie header) would: longest path first, then oldest.
    const cookies = this.jar.getCookiesSync(url, { sort: true });
    const hasSession = cookies.some((c) => c.key === SESSION_COOKIE);
    const auth: { authorization?: string } = anonymous || hasSession ? {} : this.basicHeader();
    const cookie = cookies.map((c) => c.cookieString()).join('; ');
    // Identity: an answer is read whole and small, and a compressed one could not be checked against its length.
    const sentHeaders = { 'user-agent': USER_AGENT, 'accept-encoding': 'identity', ...headers, ...auth };
    const sent: SentRequest = { sentBasic: auth.authorization !== undefined, sent: { method, url, startedAt, headers: { ...sentHeaders, ...(cookie ? { cookie } : {}) } } };
    const response = await openRawRequest(url, {
      method,
      agent: this.transport,
      cookie,
      jar: this.jar,
      headers: sentHeaders,
      body,
      timeouts: this.timeouts,
      signal: this.options.signal,
    }).catch((err: unknown) => {
      this.recordFailure(sent.sent, body, err);
      throw translateRequestError(err, this.address);
    });
    return Object.assign(response, sent);
  }

  /** Hands one finished exchange to the recorder, secrets removed. */
  private record(response: IncomingMessage & SentRequest, requestBody: RecordedExchange['requestBody'], err?: unknown, text?: string): void {
    const recorder = this.options.recorder;
    if (!recorder) return;
    const { sent } = response;
    const body = text === undefined ? undefined : this.redact(text);
    recorder.add({
      startedAt: new Date(sent.startedAt).toISOString(),
      durationMs: Date.now() - sent.startedAt,
      method: sent.method,
      url: sent.url,
      requestHeaders: scrubHeaders(sent.headers),
      ...(requestBody ? { requestBody } : {}),
      status: response.statusCode ?? 0,
      statusText: response.statusMessage ?? '',
      responseHeaders: scrubHeaders(response.headers),
      response: { mimeType: String(response.headers['content-type'] ?? ''), size: body === undefined ? 0 : Buffer.byteLength(body), ...(body === undefined ? {} : { text: body }) },
      ...(err ? { error: this.redact((err as Error).message ?? String(err)) } : {}),
    });
  }

  private recordFailure(sent: SentRequest['sent'], body: string | Buffer | undefined, err: unknown): void {
    this.options.recorder?.add({
      startedAt: new Date(sent.startedAt).toISOString(),
      durationMs: Date.now() - sent.startedAt,
      method: sent.method,
      url: sent.url,
      requestHeaders: scrubHeaders(sent.headers),
      ...(typeof body === 'string' && body !== '' ? { requestBody: { mimeType: sent.headers['content-type'] ?? '', text: body } } : {}),
      status: 0,
      statusText: '',
      responseHeaders: [],
      response: { mimeType: '', size: 0 },
      error: `${(err as { code?: string }).code ?? (err as Error).name ?? 'Error'}: ${this.redact((err as Error).message ?? String(err))}`,
    });
  }

  /** A download as the recorder keeps it: size and SHA-256 of the bytes, never the bytes (a backup holds the user database). */
  private recordStream(response: IncomingMessage & SentRequest): Readable {
    const hash = createHash('sha256');
    let size = 0;
    const pass = new PassThrough({ highWaterMark: 1024 * 1024 });
    const finish = (err?: Error): void => {
      this.options.recorder?.add({
        startedAt: new Date(response.sent.startedAt).toISOString(),
        durationMs: Date.now() - response.sent.startedAt,
        method: response.sent.method,
        url: response.sent.url,
        requestHeaders: scrubHeaders(response.sent.headers),
        status: response.statusCode ?? 0,
        statusText: response.statusMessage ?? '',
        responseHeaders: scrubHeaders(response.headers),
        response: { mimeType: String(response.headers['content-type'] ?? ''), size, sha256: hash.digest('hex') },
        ...(err ? { error: err.message } : {}),
      });
    };
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      hash.update(chunk);
    });
    response.once('end', () => finish());
    response.once('error', (err) => {
      finish(err);
      pass.destroy(err);
    });
    pass.once('close', () => {
      if (!response.complete) response.destroy();
    });
    response.pipe(pass);
    return pass;
  }

  /** Basic credentials, asked for only when no session cookie is held: each Basic request is a new audit entry. */
  private basicHeader(): { authorization: string } {
    if (this.loginRefused) {
      throw new BackupError('AUTH_FAILED', `The controller refused the login for "${this.options.username}"; not trying again.`);
    }
    this.basicLogins++;
    const token = Buffer.from(`${this.options.username}:${this.options.password}`, 'utf8').toString('base64');
    return { authorization: `Basic ${token}` };
  }

  /**
   * On a 401: a request that carried Basic means the credentials were refused (never tried again, whatever
   * cookie came with the refusal); a cookie-only request means the session expired, and one fresh login is
   * allowed for it.
   */
  private mayLogInAgain(sentBasic: boolean, relogin: number): boolean {
    if (sentBasic || relogin > 0) {
      this.loginRefused = true;
      return false;
    }
    this.jar.removeAllCookiesSync();
    this.relogins++;
    if (this.relogins > MAX_RELOGINS) {
      throw new BackupError('PROTOCOL_ERROR', 'The controller keeps ending the session; stopped to avoid filling its audit log.');
    }
    return true;
  }

  private urlOf(path: string): string {
    return `${this.address.protocol}://${formatHost(this.address.host)}:${this.address.port}/${stripSlash(path)}`;
  }

  private statusError(status: number, text: string, contentType: string | string[] | undefined, path: string): BackupError {
    const message = this.redact(errorMessageFrom(text, Array.isArray(contentType) ? contentType[0] : contentType) || `HTTP ${status}`);
    const where = `${path.split('?')[0]}`;
    const code = statusCode(status);
    const prefix = code === 'AUTH_FAILED' ? `Login refused for "${this.options.username}"` : `HTTP ${status} on ${where}`;
    // A refused login may not be a wrong password: the controller's own words can say which cause it is.
    const hint = status === 401 || status === 403 ? signInHint(status, this.redact(text)) : undefined;
    return new BackupError(code, `${prefix}: ${message}`, { status }, hint);
  }

  /**
   * A controller's error text goes into journals, reports and the screen: if it quotes the password (some
   * servlet error pages echo the request), plain or as its Basic token, that part is masked.
   */
  private redact(message: string): string {
    const { username, password } = this.options;
    if (!password) return message;
    const token = Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
    return [token, password, encodeURIComponent(password)].reduce((m, secret) => m.split(secret).join('•••'), message);
  }

  private pause(attempt: number): Promise<void> {
    const base = this.options.retryBaseMs ?? 1000;
    const delay = base * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5);
    return sleep(delay, this.options.signal);
  }
}

/** What went out with a request, for the session's decisions (`sentBasic`) and for a field report (`sent`). */
interface SentRequest {
  sentBasic: boolean;
  sent: { method: string; url: string; startedAt: number; headers: Record<string, string> };
}

function statusCode(status: number): ErrorCode {
  if (status === 401) return 'AUTH_FAILED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 400 || status === 422) return 'BAD_REQUEST';
  // 409: a job of the same kind is already started (documented for other action resources); like 503, it passes.
  if (status === 503 || status === 409) return 'DEVICE_BUSY';
  if (status >= 500) return 'DEVICE_ERROR';
  return 'PROTOCOL_ERROR';
}

/** Waits `ms`, or rejects with CANCELLED when the signal fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new BackupError('CANCELLED', 'Cancelled.'));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new BackupError('CANCELLED', 'Cancelled.'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Reads a whole (small) answer as text, refusing more than MAX_BODY_BYTES, compressed or not. */
async function readText(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as Readable) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      response.destroy();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return decompress(Buffer.concat(chunks), response.headers['content-encoding']).toString('utf8');
}

/** Identity is asked for, but a server may compress anyway: the common encodings are undone, within the limit. */
function decompress(body: Buffer, encoding: string | undefined): Buffer {
  const coding = (encoding ?? '').trim().toLowerCase();
  if (coding === '' || coding === 'identity') return body;
  const limit = { maxOutputLength: MAX_BODY_BYTES };
  try {
    if (coding === 'gzip' || coding === 'x-gzip') return zlib.gunzipSync(body, limit);
    if (coding === 'deflate') return zlib.inflateSync(body, limit);
    if (coding === 'br') return zlib.brotliDecompressSync(body, limit);
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    throw new BackupError('PROTOCOL_ERROR', `The controller sent a damaged ${coding} answer (${(err as Error).message}).`);
  }
  throw new BackupError('PROTOCOL_ERROR', `The controller sent an answer in an encoding this tool does not read (${coding}).`);
}

function tooLarge(): BackupError {
  return new BackupError('PROTOCOL_ERROR', `The controller sent an answer larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB.`);
}

/** Finds our own BackupError inside a wrapper, or maps the transport error to a code. */
export function translateRequestError(err: unknown, address: DeviceAddress): BackupError {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof BackupError) return e;
  }
  const name = (err as { name?: string }).name;
  if (name === 'AbortError' || (err as { code?: string }).code === 'ERR_ABORTED') {
    return new BackupError('CANCELLED', 'Cancelled.');
  }
  if (name === 'TimeoutError') {
    return new BackupError('TIMEOUT', `${address.host}:${address.port} stopped answering (${(err as Error).message}).`);
  }
  const code = (err as { code?: string }).code ?? '';
  if (/^(ERR_SSL|ERR_TLS|EPROTO)/.test(code)) return mapConnectError(err as Error, address.host, address.port);
  if (code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || code === 'EPIPE' || name === 'ReadError') {
    return new BackupError('UNREACHABLE', `The connection to ${address.host}:${address.port} dropped during the answer (${code || name}).`);
  }
  if (['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTDOWN', 'ETIMEDOUT'].includes(code)) {
    return mapConnectError(err as Error, address.host, address.port);
  }
  return new BackupError('PROTOCOL_ERROR', `Unexpected answer from ${address.host}:${address.port}: ${(err as Error).message}`);
}

function stripSlash(path: string): string {
  return path.replace(/^\/+/, '');
}

function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
