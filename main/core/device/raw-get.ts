import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { CookieJar } from 'tough-cookie';
import { BackupError } from './errors';
import type { PinnedAgent } from './tls-pin';

/** What a plain GET needs from its session. */
export interface RawGetOptions {
  /** The session's pinned agent (https); undefined for plain http. */
  agent: PinnedAgent | undefined;
  jar: CookieJar;
  headers: Record<string, string>;
  timeouts: { responseMs: number; idleMs: number };
  signal?: AbortSignal;
}

/**
 * A GET whose body is read as a plain Node stream (downloads): node:https with the session's pinned agent
 * (whose pin check runs before any request byte is written), its cookie jar, timeouts and abort signal, but
 * without got's stream layer between the socket and the disk (measured in bench/download-throughput.ts).
 * Resolves with the response once its headers arrived; a later stall or cancel destroys the response with a
 * `TimeoutError` or `AbortError`. Errors are Node's or the agent's (the caller translates them).
 */
export function openRawGet(url: string, o: RawGetOptions): Promise<IncomingMessage> {
  const cookie = o.jar.getCookieStringSync(url);
  const { responseMs, idleMs } = o.timeouts;
  return new Promise((resolve, reject) => {
    if (o.signal?.aborted) return reject(new BackupError('CANCELLED', 'Cancelled.'));
    const client = url.startsWith('https:') ? https : http;
    const req = client.request(url, { method: 'GET', agent: o.agent, headers: { ...o.headers, ...(cookie ? { cookie } : {}) } });
    let response: IncomingMessage | undefined;
    let waiting: NodeJS.Timeout | undefined;
    const stop = (err: Error): void => {
      response?.destroy(err);
      req.destroy(err);
    };
    const onAbort = (): void => stop(namedError('AbortError', 'The operation was aborted.'));
    // Released when the request closes, so a long-lived caller's signal keeps no request alive.
    const release = (): void => {
      clearTimeout(waiting);
      o.signal?.removeEventListener('abort', onAbort);
    };
    o.signal?.addEventListener('abort', onAbort, { once: true });
    req.once('close', release);
    // As got's timeouts: connecting (with the TLS handshake) is the agent's; then the answer must start within
    // `responseMs` of the request being sent, and the socket may never be silent for longer than `idleMs`.
    req.once('finish', () => {
      waiting = setTimeout(() => stop(namedError('TimeoutError', `Timeout awaiting 'response' for ${responseMs}ms`)), responseMs);
    });
    req.setTimeout(idleMs, () => stop(namedError('TimeoutError', `Timeout awaiting 'socket' for ${idleMs}ms`)));
    req.on('error', (err) => {
      if (response) response.destroy(err);
      else reject(err);
    });
    req.once('response', (res: IncomingMessage) => {
      clearTimeout(waiting);
      response = res;
      for (const c of res.headers['set-cookie'] ?? []) o.jar.setCookieSync(c, url, { ignoreError: true });
      resolve(res);
    });
    req.end();
  });
}

function namedError(name: string, message: string): Error {
  const err = new Error(message);
  err.name = name;
  return err;
}
