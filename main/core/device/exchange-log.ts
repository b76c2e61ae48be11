import { createHash } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';

/**
 * One request to a controller and its answer, kept for a field report (`eclypse-backup diagnose`). Secrets are
 * gone before a record is made: the Authorization header, cookie values and any echo of the password in an
 * answer are replaced, and a backup file is kept only as its size and SHA-256.
 */
export interface RecordedExchange {
  startedAt: string;
  durationMs: number;
  method: string;
  url: string;
  requestHeaders: Array<[string, string]>;
  requestBody?: { mimeType: string; text: string };
  /** 0 when no answer came (the failure is in `error`). */
  status: number;
  statusText: string;
  responseHeaders: Array<[string, string]>;
  response: { mimeType: string; size: number; text?: string; sha256?: string };
  /** A transport failure: what went wrong instead of an answer, or in the middle of one. */
  error?: string;
}

/** Where a session hands its exchanges (diagnose collects them into a HAR file). */
export interface ExchangeRecorder {
  add(exchange: RecordedExchange): void;
}

/** What replaces a secret in a recorded exchange. */
const REDACTED = '[redacted]';

/** Headers of a request or answer, with credentials and cookie values replaced (names and attributes kept). */
function scrubHeaders(headers: Record<string, string | string[] | number | undefined>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [String(value)])
      out.push([name, scrubHeader(name.toLowerCase(), v)]);
  }
  return out;
}

/** The name of a `name=value` cookie. */
function cookieName(pair: string): string {
  const eq = pair.indexOf('=');
  return (eq < 0 ? pair : pair.slice(0, eq)).trim();
}

function scrubHeader(name: string, value: string): string {
  if (name === 'authorization' || name === 'proxy-authorization')
    return `${value.split(/\s+/)[0] ?? ''} ${REDACTED}`.trim();
  if (name === 'cookie')
    return value
      .split(';')
      .map((c) => `${cookieName(c)}=${REDACTED}`)
      .join('; ');
  if (name === 'set-cookie') {
    const [pair = '', ...attributes] = value.split(';');
    return [`${cookieName(pair)}=${REDACTED}`, ...attributes.map((a) => a.trim())].join('; ');
  }
  return value;
}

/** What the recorder needs of an attempt, whichever way it ended (got's request options and timings). */
interface Attempt {
  options: {
    method: string;
    url?: URL | string;
    headers: Record<string, string | string[] | undefined>;
    body?: unknown;
  };
  timings?: { start: number; end?: number; error?: number };
}

function requestPart(
  a: Attempt,
): Pick<RecordedExchange, 'startedAt' | 'durationMs' | 'method' | 'url' | 'requestHeaders' | 'requestBody'> {
  const start = a.timings?.start ?? Date.now();
  const body = typeof a.options.body === 'string' && a.options.body !== '' ? a.options.body : undefined;
  const type = a.options.headers['content-type'];
  return {
    startedAt: new Date(start).toISOString(),
    durationMs: Math.max(0, (a.timings?.end ?? a.timings?.error ?? Date.now()) - start),
    method: a.options.method,
    url: String(a.options.url ?? ''),
    requestHeaders: scrubHeaders(a.options.headers),
    ...(body !== undefined ? { requestBody: { mimeType: String(type ?? ''), text: body } } : {}),
  };
}

/** Records one attempt that got an answer (its body as text, through `redact`). */
export function recordAnswer(
  response: {
    statusCode: number;
    statusMessage?: string;
    headers: Record<string, string | string[] | undefined>;
    rawBody?: Buffer;
    request: Attempt;
  },
  recorder: ExchangeRecorder,
  redact: (text: string) => string,
): void {
  const text = response.rawBody === undefined ? undefined : redact(response.rawBody.toString('utf8'));
  recorder.add({
    ...requestPart(response.request),
    status: response.statusCode,
    statusText: response.statusMessage ?? '',
    responseHeaders: scrubHeaders(response.headers),
    response: {
      mimeType: String(response.headers['content-type'] ?? ''),
      size: text === undefined ? 0 : Buffer.byteLength(text),
      ...(text === undefined ? {} : { text }),
    },
  });
}

/** Records an attempt that got no answer (refused, reset, timed out). */
export function recordFailure(
  error: Error & { code?: string; request?: Attempt; options?: Attempt['options']; timings?: Attempt['timings'] },
  recorder: ExchangeRecorder,
  redact: (text: string) => string,
): void {
  const attempt: Attempt | undefined = error.options
    ? { options: error.options, ...(error.timings ? { timings: error.timings } : {}) }
    : error.request;
  if (!attempt) return;
  recorder.add({
    ...requestPart(attempt),
    status: 0,
    statusText: '',
    responseHeaders: [],
    response: { mimeType: '', size: 0 },
    error: `${error.code ?? error.name}: ${redact(error.message)}`,
  });
}

/** A download as the recorder keeps it: size and SHA-256 of the bytes, never the bytes (a backup holds the user database). */
export function recordStream(
  stream: Readable & Attempt,
  response: { statusCode: number; statusMessage?: string; headers: Record<string, string | string[] | undefined> },
  recorder: ExchangeRecorder,
): Readable {
  const hash = createHash('sha256');
  let size = 0;
  const pass = new PassThrough({ highWaterMark: 1024 * 1024 });
  // Its reader may attach later: an early failure stays in the errored state instead of going unhandled.
  pass.on('error', () => undefined);
  const finish = (err?: Error): void => {
    recorder.add({
      ...requestPart(stream),
      status: response.statusCode,
      statusText: response.statusMessage ?? '',
      responseHeaders: scrubHeaders(response.headers),
      response: { mimeType: String(response.headers['content-type'] ?? ''), size, sha256: hash.digest('hex') },
      ...(err ? { error: err.message } : {}),
    });
  };
  stream.on('data', (chunk: Buffer) => {
    size += chunk.length;
    hash.update(chunk);
  });
  stream.once('end', () => finish());
  stream.once('error', (err) => {
    finish(err);
    pass.destroy(err);
  });
  pass.once('close', () => {
    if (!stream.readableEnded) stream.destroy();
  });
  stream.pipe(pass);
  return pass;
}
