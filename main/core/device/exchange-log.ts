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
export const REDACTED = '[redacted]';

/** Headers of a request or answer, with credentials and cookie values replaced (names and attributes kept). */
export function scrubHeaders(headers: Record<string, string | string[] | number | undefined>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [String(value)]) out.push([name, scrubHeader(name.toLowerCase(), v)]);
  }
  return out;
}

function scrubHeader(name: string, value: string): string {
  if (name === 'authorization' || name === 'proxy-authorization') return `${value.split(/\s+/)[0] ?? ''} ${REDACTED}`.trim();
  if (name === 'cookie') return value.split(';').map((c) => `${c.split('=')[0]!.trim()}=${REDACTED}`).join('; ');
  if (name === 'set-cookie') {
    const [pair, ...attributes] = value.split(';');
    return [`${pair!.split('=')[0]!.trim()}=${REDACTED}`, ...attributes.map((a) => a.trim())].join('; ');
  }
  return value;
}
