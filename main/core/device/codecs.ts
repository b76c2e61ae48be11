import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/** Request/response body format; XML only where the controller's revision allows it. */
export type BodyFormat = 'json' | 'xml';

/** A parsed response body: whatever JSON or XML gave, to be read with `field` and `asList`. */
export type Body = unknown;

// Entities off: a controller (or something pretending to be one) must not expand entities in our process.
// Only XML's five predefined entities and character references are decoded (they cannot expand), so
// "Lobby &amp; Atrium" reads as the project name the controller means.
const xmlParser = new XMLParser({
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
  tagValueProcessor: (_name, value) => decodeXmlText(value),
});

const PREDEFINED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes `&amp;`-style predefined entities and `&#233;` / `&#xE9;` references, in one pass (no double decoding). */
function decodeXmlText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(
    /&(?:#x([0-9a-f]{1,6})|#([0-9]{1,7})|(amp|lt|gt|quot|apos));/gi,
    (whole, hex?: string, dec?: string, name?: string) => {
      if (name) return PREDEFINED_ENTITIES[name] ?? whole;
      const code = hex ? Number.parseInt(hex, 16) : Number(dec);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
    },
  );
}

const xmlBuilder = new XMLBuilder({ format: false, suppressEmptyNode: false, processEntities: true });

const MAX_DEPTH = 64;

/** Parses a response body of the given content type; unparseable text is returned as a string. */
export function decodeBody(text: string, contentType: string | undefined): Body {
  const type = (contentType ?? '').toLowerCase();
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (type.includes('json') || /^[[{]/.test(trimmed)) {
    try {
      return JSON.parse(trimmed) as Body;
    } catch {
      return text;
    }
  }
  if (type.includes('xml') || trimmed.startsWith('<?xml')) {
    try {
      return unwrapRoot(xmlParser.parse(trimmed) as Record<string, unknown>);
    } catch {
      return text;
    }
  }
  return text;
}

/** Encodes a request body; XML uses `root` as the element name and PascalCase keys as the doc tables do. */
export function encodeBody(
  value: Record<string, unknown>,
  format: BodyFormat,
  root: string,
): { body: string; contentType: string } {
  if (format === 'json') return { body: JSON.stringify(value), contentType: 'application/json' };
  const xml = xmlBuilder.build({ [root]: toXmlShape(value) }) as string;
  return { body: `<?xml version="1.0" encoding="utf-8"?>${xml}`, contentType: 'application/xml' };
}

/** Reads a property whatever its casing (`jobId`, `JobId`, `JOBID`); `-` and `_` are ignored too. */
export function field(obj: Body, ...names: string[]): unknown {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const wanted = new Set(names.map(normalizeKey));
  for (const [k, v] of Object.entries(obj)) {
    if (wanted.has(normalizeKey(k))) return v;
  }
  return undefined;
}

/** Reads a property as a string (numbers are accepted, as some firmwares send every value as a string and others not). */
export function stringField(obj: Body, ...names: string[]): string | undefined {
  const v = field(obj, ...names);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** Reads a property as a number, accepting numeric strings. */
export function numberField(obj: Body, ...names: string[]): number | undefined {
  const v = field(obj, ...names);
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Reads a list whose shape is not documented: an array, a single wrapper object around an array (as XML
 * gives: `<Files><File>…</File></Files>`), or a single item.
 */
export function asList(value: Body, depth = 0): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value;
  if (depth < MAX_DEPTH && typeof value === 'object') {
    const entries = Object.entries(value);
    const [only] = entries;
    if (entries.length === 1 && only) {
      const inner = only[1];
      if (Array.isArray(inner) || (inner && typeof inner === 'object')) return asList(inner, depth + 1);
      if (inner === '') return [];
    }
  }
  return [value];
}

/** Reads a list of names given either as strings or as objects with a `name` (or `key`) property. */
export function asNames(value: Body): string[] {
  const names: string[] = [];
  for (const item of asList(value)) {
    if (typeof item === 'string') names.push(item);
    else {
      const name = stringField(item, 'name', 'fileName', 'key');
      if (name !== undefined) names.push(name);
    }
  }
  return names;
}

/** Builds a one-line human message from an error body that may be JSON, XML, HTML or plain text. */
export function errorMessageFrom(text: string, contentType: string | undefined): string {
  const body = decodeBody(text, contentType);
  if (body && typeof body === 'object') {
    const direct = stringField(body, 'message', 'error', 'errorMessage', 'description', 'detail', 'title');
    if (direct) return oneLine(direct);
    const nested = field(body, 'error');
    const inner = nested && typeof nested === 'object' ? stringField(nested, 'message', 'description') : undefined;
    if (inner) return oneLine(inner);
  }
  const raw = typeof body === 'string' ? body : text;
  if (/<html|<body|<h1/i.test(raw)) {
    const title = /<(?:h1|title)[^>]*>([^<]*)</i.exec(raw)?.[1];
    return oneLine(title ?? raw.replace(/<[^>]*>/g, ' '));
  }
  return oneLine(raw);
}

function oneLine(s: string): string {
  // Device text reaches terminals and reports: no escape sequences, no control characters.
  const line = s
    // eslint-disable-next-line no-control-regex -- device text loses its control characters before a terminal or report
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

function normalizeKey(k: string): string {
  return k.replace(/[-_]/g, '').toLowerCase();
}

function unwrapRoot(doc: Record<string, unknown>): Body {
  const keys = Object.keys(doc);
  const [only] = keys;
  return keys.length === 1 && only !== undefined ? doc[only] : doc;
}

function toXmlShape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toXmlShape);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const name = k.charAt(0).toUpperCase() + k.slice(1);
      // Arrays become <DataTypes><DataType>…</DataType></DataTypes>, as in the documentation's example.
      out[name] = Array.isArray(v) ? { [singular(name)]: v.map(toXmlShape) } : toXmlShape(v);
    }
    return out;
  }
  return value;
}

function singular(name: string): string {
  return name.endsWith('s') ? name.slice(0, -1) : `${name}Item`;
}
