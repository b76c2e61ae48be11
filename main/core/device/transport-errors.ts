import { CodedError } from '../errors';
import { type ErrorCode } from '../../../shared/errors';
import { mapConnectError } from './tls-pin';

/** Where a controller listens. `http` only when the technician explicitly asked for it. */
export interface DeviceAddress {
  host: string;
  port: number;
  protocol: 'https' | 'http';
}

/** The code of an HTTP status a controller answered with. */
export function statusCode(status: number): ErrorCode {
  if (status === 401) return 'AUTH_FAILED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 400 || status === 422) return 'BAD_REQUEST';
  // 409: a job of the same kind is already started (documented for other action resources); like 503, it passes.
  if (status === 503 || status === 409) return 'DEVICE_BUSY';
  if (status >= 500) return 'DEVICE_ERROR';
  return 'PROTOCOL_ERROR';
}

const UNREACHABLE_CODES = ['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTDOWN'];

/**
 * Finds our own CodedError inside a wrapper (got wraps what the pinned agent throws), or maps the transport
 * error to a code: got's TimeoutError, a cancel, a connection dropped during the answer, a refused connect.
 */
export function translateRequestError(err: unknown, address: DeviceAddress): CodedError {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof CodedError) return e;
  }
  const name = (err as { name?: string }).name;
  const code = (err as { code?: string }).code ?? '';
  if (name === 'AbortError' || name === 'CancelError' || code === 'ERR_ABORTED' || code === 'ERR_CANCELED') {
    return new CodedError('CANCELLED', 'Cancelled.');
  }
  if (name === 'TimeoutError' || code === 'ETIMEDOUT') {
    return new CodedError('TIMEOUT', `${address.host}:${address.port} stopped answering (${(err as Error).message}).`);
  }
  if (/^(ERR_SSL|ERR_TLS|EPROTO)/.test(code)) return mapConnectError(err as Error, address.host, address.port);
  if (code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || code === 'EPIPE' || name === 'ReadError') {
    return new CodedError(
      'UNREACHABLE',
      `The connection to ${address.host}:${address.port} dropped during the answer (${code || name}).`,
    );
  }
  if (UNREACHABLE_CODES.includes(code)) return mapConnectError(err as Error, address.host, address.port);
  return new CodedError(
    'PROTOCOL_ERROR',
    `Unexpected answer from ${address.host}:${address.port}: ${(err as Error).message}`,
  );
}

/** Waits `ms`, or rejects with CANCELLED when the signal fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CodedError('CANCELLED', 'Cancelled.'));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new CodedError('CANCELLED', 'Cancelled.'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
