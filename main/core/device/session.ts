import http from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import got, {
  type Got,
  type NormalizedOptions,
  type Request,
  type RequestError,
  type Response,
  type RetryObject,
} from 'got';
import { CookieJar } from 'tough-cookie';
import { decodeBody, encodeBody, errorMessageFrom, type Body, type BodyFormat } from './codecs';
import { CodedError } from '../errors';
import { recordAnswer, recordFailure, recordStream, type ExchangeRecorder } from './exchange-log';
import { SILENT_LOGGER, type Logger } from '../log/logger';
import { Redactor } from '../log/redaction';
import { attemptOf, loggablePath, logAnswer, logFailure, logStreamEnd } from './request-log';
import { signInHint } from './sign-in-refusals';
import { PinnedAgent, type TrustPolicy } from './tls-pin';
import { sleep, statusCode, translateRequestError, type DeviceAddress } from './transport-errors';

export { sleep, type DeviceAddress } from './transport-errors';

/** Limits for one device's requests; defaults suit live plant on a slow site network. */
export interface SessionTimeouts {
  /** TCP connect + TLS handshake. */
  connectMs: number;
  /** Until the first response byte (a preview can take several seconds). */
  responseMs: number;
  /** Longest silence while a response is flowing (a stalled download fails after this). */
  idleMs: number;
  /**
   * Longest a whole API request may take, answer included: a controller that sends one byte every 29 s
   * stays under the idle limit for ever, and would otherwise hold a run slot for ever.
   */
  requestMs: number;
  /** Longest a whole backup download may take (a slow site link still moves gigabytes in this time). */
  downloadMs: number;
}

/** Default timeouts. */
const DEFAULT_TIMEOUTS: SessionTimeouts = {
  connectMs: 15_000,
  responseMs: 60_000,
  idleMs: 30_000,
  requestMs: 120_000,
  downloadMs: 3 * 60 * 60_000,
};

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
  /** Where each request, retry and pin check is logged (secrets removed); none by default. */
  logger?: Logger;
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

/** What each request tells the session's hooks about itself. */
interface RequestContext extends Record<string, unknown> {
  anonymous: boolean;
  attempts: number;
  /** The delay got was told for the next attempt (logged by beforeRetry). */
  retryDelayMs?: number;
}

const SESSION_COOKIE = 'ECLYPSERESTSESSIONID';
const USER_AGENT = 'eclypse-field-backup';
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const MAX_RELOGINS = 3;
/** What got undoes on its own (decompress-response on Node 20); anything else is refused by name. */
const READABLE_ENCODINGS = new Set(['', 'identity', 'gzip', 'deflate', 'br']);
/** Statuses a retry may help, by the session's rules (GET: transient; POST: only when not taken, 503/409). */
const RETRY_STATUSES = [409, ...Array.from({ length: 100 }, (_, i) => 500 + i)];

/**
 * A conversation with one controller, on got: one pinned agent (its pin check runs before any request byte
 * is written), one cookie jar and so one session cookie, Basic credentials only while there is no session, at
 * most one refused login, retries only for transient failures (a POST only when the controller said it did
 * not take it), got's timeouts plus a total deadline per request, no redirects, no HTTP/2.
 */
export class DeviceSession {
  readonly address: DeviceAddress;
  readonly agent: PinnedAgent | undefined;
  private readonly httpAgent: http.Agent | undefined;
  private readonly jar = new CookieJar();
  private readonly client: Got;
  private options: SessionOptions;
  private readonly timeouts: SessionTimeouts;
  private readonly log: Logger;
  /** What a controller's words must not carry into errors, journals and reports: the password, its forms, the session. */
  private readonly secrets = new Redactor(undefined, '•••');
  private loginRefused = false;
  private relogins = 0;
  /** How many requests carried Basic credentials (each is a login in the controller's audit log). */
  basicLogins = 0;

  constructor(options: SessionOptions) {
    this.options = options;
    this.address = options.address;
    const t = (this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts });
    this.log = (options.logger ?? SILENT_LOGGER).child({});
    // Before any request: no record of this session may ever hold the password or its Basic token.
    this.log.protectPassword(options.password, options.username);
    this.secrets.addPassword(options.password, options.username);
    this.agent =
      options.address.protocol === 'https'
        ? new PinnedAgent({ ...options.trust, handshakeTimeoutMs: t.connectMs, logger: this.log })
        : undefined;
    this.httpAgent = this.agent ? undefined : new http.Agent({ keepAlive: true, maxSockets: 2 });
    const jar = this.jar;
    this.client = got.extend({
      agent: this.agent ? { https: this.agent } : { http: this.httpAgent },
      // A cookie the controller sets wrongly (another domain, a bad date) is dropped, never a failed request.
      cookieJar: {
        getCookieString: (url: string) => jar.getCookieString(url),
        setCookie: async (raw: string, url: string) => {
          await jar.setCookie(raw, url, { ignoreError: true });
        },
      },
      followRedirect: false,
      http2: false,
      decompress: true,
      throwHttpErrors: false,
      // The pinned agent times the TLS handshake itself (it hands got a socket only once the pin matched).
      timeout: {
        connect: t.connectMs,
        secureConnect: t.connectMs,
        response: t.responseMs,
        socket: t.idleMs,
        request: t.requestMs,
      },
      retry: {
        limit: 2,
        methods: ['GET', 'POST'],
        statusCodes: RETRY_STATUSES,
        calculateDelay: (r) => this.retryDelay(r),
      },
      headers: { 'user-agent': USER_AGENT, 'accept-encoding': 'identity' },
      hooks: {
        beforeRequest: [(o) => this.authorize(o)],
        afterResponse: [(response) => this.heard(response)],
        beforeRetry: [(error) => this.failedAttempt(error)],
        beforeError: [(error) => this.redactError(error)],
      },
    });
  }

  /** Sends a request, decoding the answer; non-2xx (outside `accept`) becomes a CodedError. */
  async request(spec: RequestSpec): Promise<DeviceResponse> {
    const format = spec.format ?? 'json';
    const accept = format === 'xml' ? 'application/xml' : 'application/json';
    const encoded = spec.body ? encodeBody(spec.body.value, format, spec.body.root) : undefined;
    const context: RequestContext = {
      anonymous: spec.anonymous === true,
      attempts: spec.attempts ?? this.options.attempts ?? 3,
    };
    for (let relogin = 0; ; relogin++) {
      const response = await this.send(spec, context, accept, encoded);
      const status = response.statusCode;
      const text = (response.body as Buffer).toString('utf8');
      const contentType = response.headers['content-type'];
      if (context.anonymous && status === 401) return { status: 401, body: undefined, headers: response.headers };
      if (status === 401 && this.mayLogInAgain(sentBasic(response.request.options), relogin)) continue;
      if ((status >= 200 && status < 300) || spec.accept?.includes(status)) {
        return { status, body: decodeBody(text, contentType), headers: response.headers };
      }
      throw this.statusError(status, text, contentType, spec.path);
    }
  }

  private async send(
    spec: RequestSpec,
    context: RequestContext,
    accept: string,
    encoded: { body: string; contentType: string } | undefined,
  ): Promise<Response> {
    let tooLarge = false;
    const call = this.client(this.urlOf(spec.path), {
      method: spec.method,
      headers: { accept, ...(encoded ? { 'content-type': encoded.contentType } : {}) },
      ...(encoded ? { body: encoded.body } : spec.method === 'POST' ? { body: '' } : {}),
      responseType: 'buffer',
      context,
      ...(this.options.signal ? { signal: this.options.signal } : {}),
    });
    let wireEncoding: string | undefined;
    call.on('request', (req: http.ClientRequest) => {
      req.once('response', (res: http.IncomingMessage) => {
        wireEncoding = res.headers['content-encoding'];
      });
    });
    // Counted after decompression: a small gzip bomb is stopped at the limit, not after inflating.
    call.on('downloadProgress', (p) => {
      if (p.transferred > MAX_BODY_BYTES && !tooLarge) {
        tooLarge = true;
        call.cancel();
      }
    });
    try {
      const response = await call;
      const coding = String(response.headers['content-encoding'] ?? '')
        .trim()
        .toLowerCase();
      if (!READABLE_ENCODINGS.has(coding)) {
        throw new CodedError(
          'PROTOCOL_ERROR',
          `The controller sent an answer in an encoding this tool does not read (${coding}).`,
        );
      }
      return response;
    } catch (err) {
      if (tooLarge)
        throw new CodedError(
          'PROTOCOL_ERROR',
          `The controller sent an answer larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB.`,
        );
      throw this.failure(err, wireEncoding);
    }
  }

  /** Opens a streamed GET (downloads), retrying a busy or unreachable controller; the caller checks the length. */
  async openStream(path: string): Promise<{ stream: Readable; status: number; contentLength: number | undefined }> {
    const attempts = this.options.attempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.openStreamOnce(path, attempt);
      } catch (err) {
        const e = translateRequestError(err, this.address);
        if (!e.transient || attempt >= attempts) throw e;
        const delay = this.backoff(attempt);
        this.log.info('retry', {
          method: 'GET',
          path: loggablePath(path),
          attempt: attempt + 1,
          of: attempts,
          after: e.code,
          delayMs: Math.round(delay),
        });
        await sleep(delay, this.options.signal);
      }
    }
  }

  private async openStreamOnce(
    path: string,
    attempt: number,
  ): Promise<{ stream: Readable; status: number; contentLength: number | undefined }> {
    for (let relogin = 0; ; relogin++) {
      // No decompression: a gzipped body would lose its Content-Length and with it the length check, and its
      // bytes would not be the backup. A stream is retried here, whole, before any byte is kept.
      const stream = this.client.stream(this.urlOf(path), {
        headers: { accept: '*/*' },
        decompress: false,
        retry: { limit: 0 },
        timeout: { request: this.timeouts.downloadMs },
        context: { anonymous: false, attempts: 1 } satisfies RequestContext,
        ...(this.options.signal ? { signal: this.options.signal } : {}),
      });
      const watch = watchStream(stream);
      const started = performance.now();
      const response = await responseOf(stream, watch).catch((err: unknown) => {
        throw this.failure(err);
      });
      const status = response.statusCode;
      this.protectCookies(response.headers['set-cookie']);
      logStreamEnd(this.log, stream, status, started, attempt);
      if (status === 401 && this.mayLogInAgain(sentBasic(stream.options), relogin)) {
        stream.destroy();
        continue;
      }
      if (status < 200 || status >= 300) {
        const text = await readLimited(stream).catch(() => '');
        const e = this.statusError(status, text, response.headers['content-type'], path);
        if (status === 404)
          throw new CodedError('FILE_NOT_FOUND', `The controller no longer has the file: ${e.message}`, e.details);
        throw e;
      }
      const coding = (response.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
      if (coding !== 'identity' && coding !== '') {
        stream.destroy();
        throw new CodedError(
          'PROTOCOL_ERROR',
          `The controller sent the backup file ${coding}-encoded although it was asked not to; it was not kept.`,
        );
      }
      const len = Number(response.headers['content-length']);
      const recorder = this.options.recorder;
      const body = recorder ? recordStream(stream, response, recorder) : stream;
      return {
        stream: settled(body, stream, watch),
        status,
        contentLength: Number.isFinite(len) && len >= 0 ? len : undefined,
      };
    }
  }

  /** Replaces the abort signal for later requests (a best-effort cancel after the run's signal fired). */
  useSignal(signal: AbortSignal | undefined): void {
    this.options.signal = signal;
  }

  /** Closes the keep-alive sockets of this controller, and ends handshakes still under way. */
  close(): void {
    this.agent?.destroy();
    this.httpAgent?.destroy();
  }

  /**
   * Before each attempt: the session cookie when there is one, else Basic credentials (never both, never Basic
   * when anonymous). Decided per attempt, so a retry after the first answer set the cookie is not a new login.
   */
  private authorize(o: NormalizedOptions): void {
    const context = o.context as RequestContext;
    const hasSession = new RegExp(`(^|;\\s*)${SESSION_COOKIE}=`).test(String(o.headers.cookie ?? ''));
    if (context.anonymous || hasSession) {
      delete o.headers.authorization;
      return;
    }
    o.headers.authorization = this.basicHeader();
  }

  /** Each attempt's answer, for the field report (the recorder never sees a secret). */
  private heard(response: Response): Response {
    this.protectCookies(response.headers['set-cookie']);
    if (this.options.recorder) recordAnswer(response, this.options.recorder, (s) => this.redact(s));
    logAnswer(this.log, response);
    return response;
  }

  /** An attempt that failed and will be tried again: the decision is logged with its delay. */
  private failedAttempt(error: RequestError): void {
    if (this.options.recorder && !error.response) recordFailure(error, this.options.recorder, (s) => this.redact(s));
    // An answer with an error status was logged by afterResponse; anything else (no answer, a cut one) is logged here.
    if (error.name !== 'HTTPError') logFailure(this.log, error, 'warn');
    const context = error.options.context as RequestContext;
    this.log.info('retry', {
      method: error.options.method,
      path: loggablePath(error.options.url),
      attempt: attemptOf(error) + 1,
      of: context.attempts,
      after: error.response ? `HTTP ${error.response.statusCode}` : (error.code ?? error.name),
      delayMs: Math.round(context.retryDelayMs ?? 0),
    });
  }

  /** The last failure of a request: recorded, logged, and its text cleaned of any echo of the password. */
  private redactError(error: RequestError): RequestError {
    if (this.options.recorder && !error.response) recordFailure(error, this.options.recorder, (s) => this.redact(s));
    error.message = this.redact(error.message);
    if (error.name !== 'HTTPError') logFailure(this.log, error, this.options.signal?.aborted ? 'debug' : 'warn');
    return error;
  }

  /** Session cookie values the controller sets are secrets for this session's log records. */
  private protectCookies(setCookie: string[] | undefined): void {
    for (const cookie of setCookie ?? []) {
      const value = /^[^=]*=([^;]*)/.exec(cookie)?.[1]?.trim();
      if (value) {
        this.log.protectValue(value);
        this.secrets.addValue(value);
      }
    }
  }

  /** got asks before each retry: the session's rules decide, and its backoff says when. */
  private retryDelay({ attemptCount, error }: RetryObject): number {
    const context = error.options.context as RequestContext;
    if (attemptCount >= context.attempts) return 0;
    const e = error.response
      ? new CodedError(statusCode(error.response.statusCode), '')
      : translateRequestError(error, this.address);
    const retryable = error.options.method === 'GET' ? e.transient : e.code === 'DEVICE_BUSY';
    const delay = retryable ? this.backoff(attemptCount) : 0;
    context.retryDelayMs = delay;
    return delay;
  }

  private backoff(attempt: number): number {
    const base = this.options.retryBaseMs ?? 1000;
    return base * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5);
  }

  /** `encoding`: how the answer was compressed on the wire (got's decoded answer no longer says). */
  private failure(err: unknown, encoding = 'compressed'): CodedError {
    const e = translateRequestError(err, this.address);
    // A compressed answer that does not inflate is the controller's fault, and says which encoding.
    if (e.code === 'UNREACHABLE' && String((err as { code?: unknown }).code ?? '').startsWith('Z_')) {
      return new CodedError(
        'PROTOCOL_ERROR',
        `The controller sent a damaged ${encoding} answer (${(err as Error).message}).`,
      );
    }
    return e;
  }

  /** Basic credentials, asked for only when no session cookie is held: each Basic request is a new audit entry. */
  private basicHeader(): string {
    if (this.loginRefused) {
      throw new CodedError(
        'AUTH_FAILED',
        `The controller refused the login for "${this.options.username}"; not trying again.`,
      );
    }
    this.basicLogins++;
    return `Basic ${Buffer.from(`${this.options.username}:${this.options.password}`, 'utf8').toString('base64')}`;
  }

  /**
   * On a 401: a request that carried Basic means the credentials were refused (never tried again, whatever
   * cookie came with the refusal); a cookie-only request means the session expired, and one fresh login is
   * allowed for it.
   */
  private mayLogInAgain(sentBasicCredentials: boolean, relogin: number): boolean {
    if (sentBasicCredentials || relogin > 0) {
      this.loginRefused = true;
      return false;
    }
    this.jar.removeAllCookiesSync();
    this.relogins++;
    if (this.relogins > MAX_RELOGINS) {
      throw new CodedError(
        'PROTOCOL_ERROR',
        'The controller keeps ending the session; stopped to avoid filling its audit log.',
      );
    }
    return true;
  }

  private urlOf(path: string): string {
    return `${this.address.protocol}://${formatHost(this.address.host)}:${this.address.port}/${path.replace(/^\/+/, '')}`;
  }

  private statusError(
    status: number,
    text: string,
    contentType: string | string[] | undefined,
    path: string,
  ): CodedError {
    const message = this.redact(
      errorMessageFrom(text, Array.isArray(contentType) ? contentType[0] : contentType) || `HTTP ${status}`,
    );
    const code = statusCode(status);
    const prefix =
      code === 'AUTH_FAILED'
        ? `Login refused for "${this.options.username}"`
        : `HTTP ${status} on ${path.split('?')[0]}`;
    // A refused login may not be a wrong password: the controller's own words can say which cause it is.
    const hint = status === 401 || status === 403 ? signInHint(status, this.redact(text)) : undefined;
    return new CodedError(code, `${prefix}: ${message}`, { status }, hint);
  }

  /**
   * A controller's error text goes into journals, reports and the screen: if it quotes the password (some
   * servlet error pages echo the request), plain or as its Basic token, that part is masked; so is a session id.
   */
  private redact(message: string): string {
    const { username, password } = this.options;
    const token = password ? Buffer.from(`${username}:${password}`, 'utf8').toString('base64') : '';
    // Every length, as before (the literal forms of the redactor start at 4 characters); then session cookies and the rest.
    const masked = password
      ? [token, password, encodeURIComponent(password)].reduce((m, secret) => m.split(secret).join('•••'), message)
      : message;
    return this.secrets.text(masked);
  }
}

function sentBasic(options: { headers: Record<string, string | string[] | undefined> }): boolean {
  return typeof options.headers.authorization === 'string' && /^basic\s/i.test(options.headers.authorization);
}

/**
 * What went wrong with a download's request, as soon as it happens. The stream's own errors are caught for
 * its whole life (an error in the gap between the answer's head and its reader must not go unhandled and end
 * the process), and the connection's too: bytes beyond the announced Content-Length fail the HTTP parser in
 * the very read that ends the body, but got reports that only after it has ended the stream.
 */
interface StreamWatch {
  error?: Error;
  transportError?: Error;
  onError?: (err: Error) => void;
}

function watchStream(stream: Request): StreamWatch {
  const watch: StreamWatch = {};
  stream.on('error', (err: Error) => {
    watch.error ??= err;
    watch.onError?.(err);
  });
  stream.once('request', (req: http.ClientRequest) => {
    req.once('error', (err) => {
      watch.transportError ??= err;
    });
  });
  return watch;
}

/**
 * The download as its reader sees it: it ends only once the connection is known to have carried exactly the
 * body (else it fails with what the connection said), and then the got request is done — a GET stream's
 * writable side never finishes on its own, and got would keep its listener on the run's abort signal.
 */
function settled(body: Readable, request: Request, watch: StreamWatch): Readable {
  const out = new PassThrough();
  // The reader attaches after an await (the .part is opened first): a failure before that is kept in the
  // stream's errored state, which its pipeline reports, instead of ending the process as unhandled.
  out.on('error', () => undefined);
  if (watch.error) {
    out.destroy(watch.error);
    return out;
  }
  watch.onError = (err) => out.destroy(err);
  if (body !== request) body.once('error', (err) => out.destroy(err));
  body.pipe(out, { end: false });
  body.once('end', () => {
    if (watch.transportError) out.destroy(watch.transportError);
    else out.end();
    request.destroy();
  });
  out.once('close', () => {
    if (!request.destroyed) request.destroy();
  });
  return out;
}

/** The answer's head of a got stream, or its failure. */
function responseOf(stream: Request, watch: StreamWatch): Promise<Response> {
  return new Promise((resolve, reject) => {
    if (watch.error) return reject(watch.error);
    watch.onError = reject;
    stream.once('response', (response: Response) => {
      watch.onError = undefined;
      resolve(response);
    });
  });
}

/** An error body of a download, read to the answer size limit. */
async function readLimited(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      stream.destroy();
      break;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
