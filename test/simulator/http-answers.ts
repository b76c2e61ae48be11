import type { IncomingMessage, ServerResponse } from 'node:http';
import { XMLBuilder } from 'fast-xml-parser';

/** One request being answered, with what the answer layer needs to pick a format. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** Decoded path segments after the API base, trailing slash ignored (`/api/rest/v1/info/` → ["info"]). */
  segments: string[];
  query: URLSearchParams;
  body: string;
  keyCase: 'camel' | 'pascal';
  /** Whether this device can speak XML at all (v1 revision >= 7.0). */
  xmlCapable: boolean;
}

const xmlBuilder = new XMLBuilder({ ignoreAttributes: true, format: false, suppressEmptyNode: false });

/** Upper-cases the first letter of every object key, recursively (the doc tables' PascalCase). */
function pascalKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pascalKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), pascalKeys(v)]),
    );
  }
  return value;
}

/** Whether the answer should be XML: asked for by `encode=xml` or an Accept that prefers XML over JSON. */
function wantsXml(ex: Exchange): boolean {
  if (!ex.xmlCapable) return false;
  const encode = ex.query.get('encode')?.toLowerCase();
  if (encode) return encode === 'xml';
  const accept = String(ex.req.headers.accept ?? '').toLowerCase();
  const xmlAt = accept.search(/(application|text)\/xml/);
  const jsonAt = accept.indexOf('application/json');
  return xmlAt >= 0 && (jsonAt < 0 || xmlAt < jsonAt);
}

// XML lists are repeated singular elements, as in the seed body: <DataTypes><DataType>..</DataType></DataTypes>.
function singular(name: string): string {
  return name.length > 1 && name.endsWith('s') ? name.slice(0, -1) : 'Item';
}

function xmlTree(value: unknown, name: string): unknown {
  if (Array.isArray(value)) return { [singular(name)]: value.map((v) => xmlTree(v, singular(name))) };
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        const key = k.charAt(0).toUpperCase() + k.slice(1);
        return [key, xmlTree(v, key)];
      }),
    );
  }
  return value === undefined || value === null ? '' : String(value);
}

/** Serialises a value as an XML document under `root`; element names are PascalCase like the seed's XML. */
function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>${xmlBuilder.build({ [root]: xmlTree(value, root) })}`;
}

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
  extra: Record<string, string> = {},
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(bytes.length), ...extra });
  res.end(bytes);
}

/** Answers a resource as JSON (keys cased per spec) or as XML under `xmlRoot` when the client asked for XML. */
export function answer(ex: Exchange, status: number, value: unknown, xmlRoot: string): void {
  if (wantsXml(ex)) {
    send(ex.res, status, 'application/xml; charset=utf-8', toXml(xmlRoot, value));
    return;
  }
  const body = ex.keyCase === 'pascal' ? pascalKeys(value) : value;
  send(ex.res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

/** Answers a validation error: JSON `{"error": message}` or XML `<Error><Message>`. */
export function answerError(ex: Exchange, status: number, message: string): void {
  if (wantsXml(ex)) {
    send(ex.res, status, 'application/xml; charset=utf-8', toXml('Error', { message }));
    return;
  }
  answer(ex, status, { error: message }, 'Error');
}

/** Answers with a plain-text body (404, 415, 503 and the like, as real devices do). */
export function answerText(
  res: ServerResponse,
  status: number,
  text: string,
  extra: Record<string, string> = {},
): void {
  send(res, status, 'text/plain; charset=utf-8', text, extra);
}

/** The 401 a controller sends: a Basic challenge and an HTML body that no JSON parser will accept. */
export function answerUnauthorized(res: ServerResponse): void {
  const html =
    '<html><head><title>401 Unauthorized</title></head><body><h1>401 Unauthorized</h1>' +
    '<p>This request requires HTTP authentication.</p></body></html>';
  send(res, 401, 'text/html; charset=utf-8', html, { 'WWW-Authenticate': 'basic realm="ECLYPSE"' });
}

/** A create refused because a backup job already runs: 503 or 409, as the controller's dialect answers. */
export function answerBusy(ex: Exchange, ctx: { dialect: { busyStatus: 503 | 409 } }): void {
  if (ctx.dialect.busyStatus === 409) return answerError(ex, 409, 'Conflict: a backup job is already started');
  answerText(ex.res, 503, 'Service Unavailable: full capacity or a backup in progress');
}

/** 204 without a body. */
export function answerNoContent(res: ServerResponse): void {
  res.writeHead(204);
  res.end();
}

// What a controller might say when it refuses a valid login for another reason than the password. No real
// body is public: these are guesses in the plausible shapes (HTML, JSON, text), for the client's hints.
const REFUSALS = {
  'first-login': {
    status: 401,
    type: 'text/html; charset=utf-8',
    body: '<html><body><h1>401 Unauthorized</h1><p>Password change required: this is the first login of this account.</p></body></html>',
  },
  'must-change-password': {
    status: 401,
    type: 'application/json',
    body: '{"error":"User must change password before using the API"}',
  },
  'radius-down': {
    status: 401,
    type: 'text/plain; charset=utf-8',
    body: 'Authentication failed: RADIUS server unreachable and user not in cache',
  },
  'no-api-role': {
    status: 403,
    type: 'application/json',
    body: '{"error":"Forbidden: the user has no REST API access"}',
  },
} as const;

/** A valid login refused for a reason the controller names in its body (see Faults.loginRefusal). */
export function answerRefusedLogin(res: ServerResponse, reason: keyof typeof REFUSALS): void {
  const r = REFUSALS[reason];
  send(res, r.status, r.type, r.body, r.status === 401 ? { 'WWW-Authenticate': 'basic realm="ECLYPSE"' } : {});
}

/** The catch-all 404 with a text body. */
export function answerNotFound(res: ServerResponse): void {
  answerText(res, 404, 'Not Found');
}
