import type { Request, RequestError, Response } from 'got';
import type { Logger, LogLevel } from '../log/logger';

/** Query parameters whose values are never logged, whatever the path. */
const SECRET_PARAM = /pass|pwd|secret|token|auth|session|key/i;

/** The path of a request for the log: the query's secret-sounding values replaced, no host, no userinfo. */
export function loggablePath(url: URL | string | undefined): string {
  if (url === undefined) return '';
  let u: URL;
  try {
    u = new URL(String(url), 'https://controller.invalid');
  } catch {
    return '(unparsable path)';
  }
  const params = [...u.searchParams.entries()].map(([k, v]) => `${k}=${SECRET_PARAM.test(k) ? '[redacted]' : v}`);
  return `${u.pathname}${params.length > 0 ? `?${params.join('&')}` : ''}`;
}

/** The attempt number (1 = first) of a got request or error. */
export function attemptOf(item: { request?: { retryCount?: number }; retryCount?: number }): number {
  return (item.retryCount ?? item.request?.retryCount ?? 0) + 1;
}

/** One answered attempt: method, path, status, duration, bytes, attempt. */
export function logAnswer(log: Logger, response: Response): void {
  if (!log.enabled('info')) return;
  const t = response.timings;
  log.info('request', {
    method: response.request.options.method,
    path: loggablePath(response.request.options.url),
    status: response.statusCode,
    ms: Math.round((t.end ?? t.response ?? Date.now()) - t.start),
    bytes: response.rawBody?.length ?? 0,
    attempt: attemptOf(response),
  });
}

/** An attempt that got no answer (refused, reset, timed out, cancelled). */
export function logFailure(log: Logger, error: RequestError, level: LogLevel): void {
  if (!log.enabled(level)) return;
  const t = error.timings;
  log[level]('request failed', {
    method: error.options.method,
    path: loggablePath(error.options.url),
    attempt: attemptOf(error),
    code: error.code,
    ms: t ? Math.round((t.error ?? t.end ?? Date.now()) - t.start) : undefined,
    error,
  });
}

/** A streamed download, logged once its connection closes: status, bytes received, whether it was whole, duration. */
export function logStreamEnd(log: Logger, stream: Request, status: number, startedAt: number, attempt: number): void {
  if (!log.enabled('info')) return;
  stream.once('close', () => {
    log.info('request', {
      method: 'GET',
      path: loggablePath(stream.options.url),
      status,
      ms: Math.round(performance.now() - startedAt),
      bytes: stream.downloadProgress.transferred,
      complete: stream.readableEnded,
      attempt,
      stream: true,
    });
  });
}
