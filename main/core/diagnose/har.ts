import type { RecordedExchange } from '../device/exchange-log';

/** A HAR 1.2 name/value pair. */
interface HarPair {
  name: string;
  value: string;
}

/** One HAR 1.2 entry (only the fields this tool fills; all the required ones are there). */
interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: HarPair[];
    headers: HarPair[];
    queryString: HarPair[];
    postData?: { mimeType: string; text: string };
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: HarPair[];
    headers: HarPair[];
    content: { size: number; mimeType: string; text?: string; comment?: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
    _error?: string;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  comment?: string;
}

/** A HAR 1.2 document (opens in Chrome DevTools, Firefox, Fiddler, Charles), with this tool's findings under `_eclypse`. */
export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    pages: [];
    entries: HarEntry[];
    comment: string;
    _eclypse: Record<string, unknown>;
  };
}

/** Builds the HAR of a capture: its exchanges in order, and what the tool concluded from them. */
export function toHar(
  exchanges: RecordedExchange[],
  tool: { name: string; version: string },
  findings: Record<string, unknown>,
  comment: string,
): Har {
  return {
    log: {
      version: '1.2',
      creator: tool,
      pages: [],
      entries: exchanges.map(toEntry),
      comment,
      _eclypse: findings,
    },
  };
}

function toEntry(e: RecordedExchange): HarEntry {
  const url = new URL(e.url);
  const pairs = (headers: Array<[string, string]>): HarPair[] => headers.map(([name, value]) => ({ name, value }));
  const cookies = (headers: Array<[string, string]>, header: string): HarPair[] =>
    headers
      .filter(([n]) => n.toLowerCase() === header)
      .flatMap(([, v]) => (header === 'cookie' ? v.split(';') : [v.split(';')[0] ?? '']))
      .map((c) => ({
        name: (c.includes('=') ? c.slice(0, c.indexOf('=')) : c).trim(),
        value: c.includes('=') ? c.slice(c.indexOf('=') + 1).trim() : '',
      }))
      .filter((c) => c.name !== '');
  const content = e.response.sha256
    ? {
        size: e.response.size,
        mimeType: e.response.mimeType,
        comment: `Backup file not kept here: ${e.response.size} bytes, SHA-256 ${e.response.sha256}`,
      }
    : {
        size: e.response.size,
        mimeType: e.response.mimeType,
        ...(e.response.text === undefined ? {} : { text: e.response.text }),
      };
  return {
    startedDateTime: e.startedAt,
    time: e.durationMs,
    request: {
      method: e.method,
      url: e.url,
      httpVersion: 'HTTP/1.1',
      cookies: cookies(e.requestHeaders, 'cookie'),
      headers: pairs(e.requestHeaders),
      queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
      ...(e.requestBody ? { postData: e.requestBody } : {}),
      headersSize: -1,
      bodySize: e.requestBody ? Buffer.byteLength(e.requestBody.text) : 0,
    },
    response: {
      status: e.status,
      statusText: e.statusText,
      httpVersion: e.status === 0 ? '' : 'HTTP/1.1',
      cookies: cookies(e.responseHeaders, 'set-cookie'),
      headers: pairs(e.responseHeaders),
      content,
      redirectURL: e.responseHeaders.find(([n]) => n.toLowerCase() === 'location')?.[1] ?? '',
      headersSize: -1,
      bodySize: e.status === 0 ? -1 : e.response.size,
      ...(e.error ? { _error: e.error } : {}),
    },
    cache: {},
    timings: { send: 0, wait: e.durationMs, receive: 0 },
    ...(e.error ? { comment: e.error } : {}),
  };
}
