import { isUtf8 } from 'node:buffer';
import { parse } from 'csv-parse/sync';
import { parseTarget } from '../device/backup-target';
import type { BackupTarget } from '../../../shared/controller';
import { normalizeFingerprint } from '../device/fingerprint';
import { deviceKey } from './known-devices';
import type { CsvProblem, InventoryController } from '../../../shared/inventory';
import { hostProblem as sharedHostProblem } from '../../../shared/address';

/** What an inventory CSV holds: the controllers of its good lines, and every problem of its bad ones. */
export interface CsvImportResult {
  controllers: InventoryController[];
  problems: CsvProblem[];
}

/** The inventory CSV's columns, in the order an export writes them. */
export const INVENTORY_COLUMNS = [
  'name',
  'host',
  'port',
  'site',
  'username',
  'fingerprint',
  'credential',
  'target',
] as const;

/** One column of the inventory CSV. */
type InventoryColumn = (typeof INVENTORY_COLUMNS)[number];

/** Port used when the CSV leaves it empty (HTTPS). */
const DEFAULT_PORT = 443;

/** Longest name, site, user name or credential name accepted (it must fit a table and a folder name). */
const MAX_TEXT_LENGTH = 100;

const REQUIRED: readonly InventoryColumn[] = ['name', 'host'];
const CANONICAL_FINGERPRINT = /^(?:[0-9A-F]{2}:){31}[0-9A-F]{2}$/;
const HEADER_EXAMPLE = INVENTORY_COLUMNS.join(',');
const SAVE_AS_UTF8 = 'save it as UTF-8 (in Excel: "Save As" → "CSV UTF-8 (Comma delimited)") and import it again';

/** A cell that the export prefixed with `'` so a spreadsheet shows it as text instead of running a formula. */
export const FORMULA_GUARDED = /^'+[=+\-@\t\r]/;

interface CsvRecord {
  fields: string[];
  line: number;
}

/**
 * Parses an inventory CSV (header row first; `,` or `;`; UTF-8 with or without BOM) into controllers and
 * problems, each problem with its physical line and column. Nothing is imported here: the caller imports
 * only when `problems` is empty.
 */
export function parseInventoryCsv(input: string | Buffer): CsvImportResult {
  const decoded = decodeText(input);
  if (typeof decoded !== 'string') return { controllers: [], problems: [decoded] };
  // One line ending everywhere, so csv-parse never mixes up a file edited on two systems.
  const text = decoded.replace(/\r\n?/g, '\n');
  const { records, failure } = readRecords(text, detectSeparator(text));
  const [header, ...rows] = records;
  if (!header) {
    const reason = `the file has no header: its first line must name the columns, for instance ${HEADER_EXAMPLE}`;
    return { controllers: [], problems: failure ? [failure] : [{ line: 1, column: null, reason }] };
  }
  const { columns, problems, missingRequired } = readHeader(header);
  const controllers: InventoryController[] = [];
  // Without a name or host column the lines cannot be checked in any useful way.
  if (!missingRequired) {
    readRows(rows, columns, controllers, problems);
    if (rows.length === 0 && !failure) {
      problems.push({
        line: header.line,
        column: null,
        reason: 'the file has no controller lines under the header: add one line per controller',
      });
    }
  }
  if (failure) problems.push(failure);
  return { controllers, problems: problems.sort((a, b) => a.line - b.line) };
}

/** Text of the file, or the problem that stops it being read at all (not UTF-8). */
function decodeText(input: string | Buffer): string | CsvProblem {
  if (typeof input === 'string') return decodedAlready(input.replace(/^\uFEFF/, ''));
  const utf16 = (input[0] === 0xff && input[1] === 0xfe) || (input[0] === 0xfe && input[1] === 0xff);
  // UTF-16 without a BOM is still full of NUL bytes, which UTF-8 text never has.
  if (utf16 || input.includes(0)) {
    return { line: 1, column: null, reason: `the file is UTF-16 ("Unicode") text, not UTF-8: ${SAVE_AS_UTF8}` };
  }
  if (!isUtf8(input))
    return {
      line: firstBadUtf8Line(input),
      column: null,
      reason: `the file is not UTF-8 text (this line has a character in another encoding, such as Windows-1252): ${SAVE_AS_UTF8}`,
    };
  const body = input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf ? input.subarray(3) : input;
  return body.toString('utf8');
}

/**
 * Text someone else decoded (the app reads a file as UTF-8, a person pastes): the damage of a wrong
 * encoding is still visible in it. NUL comes from UTF-16, U+FFFD from bytes that were not UTF-8 — in
 * both cases names would be imported mangled, so the file is refused with the same advice as its bytes.
 */
function decodedAlready(text: string): string | CsvProblem {
  if (text.includes('\u0000'))
    return { line: 1, column: null, reason: `the file is UTF-16 ("Unicode") text, not UTF-8: ${SAVE_AS_UTF8}` };
  const bad = text.indexOf('\uFFFD');
  if (bad < 0) return text;
  const line = text.slice(0, bad).split(/\r\n?|\n/).length;
  return {
    line,
    column: null,
    reason: `the file is not UTF-8 text (this line has a character that could not be read, such as a Windows-1252 "é"): ${SAVE_AS_UTF8}`,
  };
}

/** Line (1-based) of the first invalid UTF-8 byte; a newline byte is never part of a UTF-8 sequence. */
function firstBadUtf8Line(buf: Buffer): number {
  let start = 0;
  for (let line = 1; ; line++) {
    const nl = buf.indexOf(0x0a, start);
    const end = nl === -1 ? buf.length : nl;
    if (!isUtf8(buf.subarray(start, end)) || nl === -1) return line;
    start = nl + 1;
  }
}

/** `;` when the header line has more semicolons than commas (Excel in many European locales), else `,`. */
function detectSeparator(text: string): ',' | ';' {
  const header = /^[^\n]*\S[^\n]*$/m.exec(text)?.[0] ?? '';
  const count = (c: string): number => header.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

const PARSE_OPTIONS = { record_delimiter: '\n', relax_quotes: true, relax_column_count: true } as const;

/** Every non-blank record with the physical line it starts on; a CSV syntax error stops the reading. */
function readRecords(text: string, delimiter: string): { records: CsvRecord[]; failure?: CsvProblem } {
  let rows: string[][];
  try {
    // Blank lines are kept as records so lines can be counted here: asking csv-parse for each record's
    // position (`info`, `raw`, `on_record`) builds an object per record and is measurably slower on 100 000 lines.
    rows = parse(text, { ...PARSE_OPTIONS, delimiter });
  } catch (err) {
    return syntaxFailure(text, delimiter, err);
  }
  const records: CsvRecord[] = [];
  let line = 1;
  for (const fields of rows) {
    let blank = true;
    let breaks = 0;
    for (const f of fields) {
      if (blank && f.trim() !== '') blank = false;
      breaks += lineBreaks(f);
    }
    // Excel writes blank rows as ",,,,": they are blank lines too.
    if (!blank) records.push({ fields, line });
    // A record spans several lines only through line breaks inside quotes.
    line += 1 + breaks;
  }
  return { records };
}

/** The records before a CSV syntax error, and the problem on the line where the broken record starts. */
function syntaxFailure(text: string, delimiter: string, err: unknown): { records: CsvRecord[]; failure: CsvProblem } {
  let lastLine = 0;
  try {
    // Slow path, run only on a broken file: csv-parse reports where each good record ends.
    parse(text, { ...PARSE_OPTIONS, delimiter, on_record: (_fields, context) => void (lastLine = context.lines) });
  } catch {
    // The same error again; lastLine now holds the end of the last good record.
  }
  const before =
    lastLine === 0 ? { records: [] } : readRecords(text.split('\n').slice(0, lastLine).join('\n'), delimiter);
  const line = firstNonBlankLine(text, lastLine + 1);
  const code = (err as { code?: string }).code ?? '';
  const reason =
    code === 'CSV_QUOTE_NOT_CLOSED'
      ? 'a double quote opened on this line is never closed: close it or remove it (the lines after it were not checked)'
      : 'a double quote is misplaced: put the whole value in double quotes and write a quote inside it as two (""); the lines after it were not checked';
  return { records: before.records, failure: { line, column: null, reason } };
}

function lineBreaks(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function firstNonBlankLine(text: string, from: number): number {
  const lines = text.split('\n');
  for (let i = from - 1; i < lines.length; i++) if ((lines[i] ?? '').trim() !== '') return i + 1;
  return from;
}

/** Maps header cells to known columns; unknown, repeated, unnamed and missing columns are problems. */
function readHeader(header: CsvRecord): {
  columns: (InventoryColumn | null)[];
  problems: CsvProblem[];
  missingRequired: boolean;
} {
  const problems: CsvProblem[] = [];
  const seen = new Set<InventoryColumn>();
  const line = header.line;
  const columns = header.fields.map((raw, i): InventoryColumn | null => {
    const name = raw.trim().toLowerCase();
    const known = (INVENTORY_COLUMNS as readonly string[]).includes(name) ? (name as InventoryColumn) : null;
    if (name === '') {
      problems.push({
        line,
        column: null,
        reason: `header column ${i + 1} has no name: name it or remove the extra separator`,
      });
    } else if (!known) {
      const guess = closestColumn(name);
      const hint = guess ? ` (did you mean "${guess}"?)` : '';
      problems.push({
        line,
        column: raw.trim(),
        reason: `unknown column "${raw.trim()}"${hint}: the columns are ${INVENTORY_COLUMNS.join(', ')}`,
      });
    } else if (seen.has(known)) {
      problems.push({
        line,
        column: known,
        reason: `the column "${known}" appears twice in the header: keep only one`,
      });
      return null;
    }
    if (known) seen.add(known);
    return known;
  });
  const missing = REQUIRED.filter((col) => !seen.has(col));
  for (const col of missing) {
    problems.push({
      line,
      column: col,
      reason: `the header has no "${col}" column: the first line must name the columns, for instance ${HEADER_EXAMPLE}`,
    });
  }
  return { columns, problems, missingRequired: missing.length > 0 };
}

/** The known column a typo most likely meant (at most two letters off), for "did you mean". */
function closestColumn(name: string): InventoryColumn | undefined {
  let best: { col: InventoryColumn; d: number } | undefined;
  for (const col of INVENTORY_COLUMNS) {
    const d = editDistance(name, col);
    if (d <= 2 && (!best || d < best.d)) best = { col, d };
  }
  return best?.col;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (cur[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** Checks each data line; good ones become controllers, a repeated address names the line it repeats. */
function readRows(
  rows: CsvRecord[],
  columns: (InventoryColumn | null)[],
  out: InventoryController[],
  problems: CsvProblem[],
): void {
  const firstLine = new Map<string, number>();
  const at = new Map(INVENTORY_COLUMNS.map((col) => [col, columns.indexOf(col)]));
  for (const row of rows) {
    if (row.fields.length !== columns.length) {
      // A space before an opening quote makes the quote part of the value, so its separators split it.
      const fix = row.fields.some((f) => /^\s+"/.test(f))
        ? 'remove the space before the opening double quote'
        : 'add or remove a separator, or put a value that contains one in double quotes';
      problems.push({
        line: row.line,
        column: null,
        reason: `this line has ${row.fields.length} fields but the header has ${columns.length}: ${fix}`,
      });
      continue;
    }
    const rowProblems: CsvProblem[] = [];
    const controller = readRow(row, at, rowProblems);
    if (rowProblems.length > 0) {
      problems.push(...rowProblems.sort((a, b) => columnOrder(a.column) - columnOrder(b.column)));
      continue;
    }
    const earlier = firstLine.get(controller.id);
    if (earlier !== undefined) {
      problems.push({
        line: row.line,
        column: 'host',
        reason: `the same controller (${controller.id}) is already on line ${earlier}: remove one of the two lines`,
      });
      continue;
    }
    firstLine.set(controller.id, row.line);
    out.push(controller);
  }
}

function columnOrder(column: string | null): number {
  return (INVENTORY_COLUMNS as readonly (string | null)[]).indexOf(column);
}

/** One line's controller; problems are pushed for its bad cells. */
function readRow(row: CsvRecord, at: Map<InventoryColumn, number>, problems: CsvProblem[]): InventoryController {
  const text = (col: InventoryColumn): string | null => {
    const i = at.get(col) ?? -1;
    const cell = i < 0 ? undefined : row.fields[i];
    return cell === undefined ? null : cellValue(cell) || null;
  };
  const add = (column: InventoryColumn, reason: string): void => void problems.push({ line: row.line, column, reason });
  const port = readPort(text('port'), add);
  const fingerprint = readFingerprint(text('fingerprint'), add);
  const target = readTarget(text('target'), add);
  const fields = {
    name: text('name') ?? '',
    host: text('host') ?? '',
    port: port ?? DEFAULT_PORT,
    site: text('site'),
    username: text('username'),
    credential: text('credential'),
    fingerprint,
    target,
    notes: null,
  };
  for (const p of controllerProblems(fields)) add(p.column, p.reason);
  return { id: deviceKey(fields.host, fields.port), ...fields };
}

/** A cell's value: trimmed, unquoted, and without the `'` an export put before a formula-like value. */
function cellValue(field: string): string {
  let s = field.trim();
  // After a space csv-parse keeps the quotes of `a, "b"` as text; a spreadsheet would not.
  if (s !== field && s.length >= 2 && s.startsWith('"') && s.endsWith('"'))
    s = s.slice(1, -1).replace(/""/g, '"').trim();
  return FORMULA_GUARDED.test(s) ? s.slice(1) : s;
}

type AddProblem = (column: InventoryColumn, reason: string) => void;

function readPort(text: string | null, add: AddProblem): number | null {
  if (text === null) return DEFAULT_PORT;
  const n = Number(text);
  if (/^\d{1,5}$/.test(text) && n >= 1 && n <= 65535) return n;
  add('port', `"${text}" is not a port number: use 1–65535, or leave it empty for ${DEFAULT_PORT}`);
  return null;
}

function readFingerprint(text: string | null, add: AddProblem): string | null {
  if (text === null) return null;
  // Most inventories carry the canonical spelling; skipping the normaliser then saves a third of the parse.
  if (CANONICAL_FINGERPRINT.test(text)) return text;
  try {
    return normalizeFingerprint(text);
  } catch (err) {
    const sha1 = /^[0-9a-f]{40}$/i.test(text.replace(/[\s:-]/g, ''))
      ? ' This looks like a SHA-1 fingerprint: copy the SHA-256 one.'
      : '';
    add(
      'fingerprint',
      `${(err as Error).message}${sha1} Copy it from the controller's certificate, or leave it empty.`,
    );
    return null;
  }
}

function readTarget(text: string | null, add: AddProblem): BackupTarget | null {
  if (text === null) return null;
  try {
    return parseTarget(text);
  } catch {
    add('target', `unknown target "${text}": use Device or UsbKey, or leave it empty for the run's default`);
    return null;
  }
}

/** The fields a controller is made of, before its id is derived from host and port. */
export type ControllerFields = Omit<InventoryController, 'id'>;

/** A reason a field cannot be kept, for the technician: which column and what to change. */
export interface FieldProblem {
  column: InventoryColumn;
  reason: string;
}

/**
 * Checks a controller's fields against the rules every inventory entry obeys, whether it comes from a CSV,
 * the app or inventory.json, so anything stored can be exported and imported back.
 */
export function controllerProblems(c: ControllerFields): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const text = (column: InventoryColumn, value: string | null, required: boolean): void => {
    const reason = textProblem(column, value, required);
    if (reason) problems.push({ column, reason });
  };
  text('name', c.name, true);
  const host = hostProblem(c.host);
  if (host) problems.push({ column: 'host', reason: host });
  if (!Number.isInteger(c.port) || c.port < 1 || c.port > 65535)
    problems.push({ column: 'port', reason: `${c.port} is not a port number: use 1–65535` });
  text('site', c.site, false);
  text('username', c.username, false);
  text('credential', c.credential, false);
  if (c.fingerprint !== null && !CANONICAL_FINGERPRINT.test(c.fingerprint)) {
    problems.push({
      column: 'fingerprint',
      reason: 'the fingerprint must be a SHA-256 fingerprint written AB:CD:… (64 hexadecimal digits)',
    });
  }
  if (c.target !== null && c.target !== 'Device' && c.target !== 'UsbKey')
    problems.push({ column: 'target', reason: `unknown target "${String(c.target)}": use Device or UsbKey` });
  return problems;
}

function textProblem(column: InventoryColumn, value: string | null, required: boolean): string | undefined {
  if (value === null || value === '')
    return required ? `the ${column} is empty: every controller needs one` : undefined;
  if (value.length > MAX_TEXT_LENGTH)
    return `the ${column} is ${value.length} characters long: shorten it to ${MAX_TEXT_LENGTH} or fewer`;
  // eslint-disable-next-line no-control-regex -- a control character in a CSV cell is the mistake being reported
  if (/[\u0000-\u001f\u007f-\u009f]/.test(value))
    return `the ${column} contains a line break, tab or other control character: remove it`;
  if (value.trim() !== value) return `the ${column} starts or ends with a space: remove it`;
  return undefined;
}

/** Why a host cannot be used as a controller address, or undefined; the rules are shared/address.ts's. */
function hostProblem(host: string): string | undefined {
  const p = sharedHostProblem(host);
  if (!p) return undefined;
  switch (p.kind) {
    case 'empty':
      return "the host is empty: give the controller's IP address or host name";
    case 'scheme':
      return `"${host}" starts with "${p.scheme}": give only the IP address or host name, without "${p.scheme}"`;
    case 'space':
      return `"${host}" contains a space: give only the IP address or host name`;
    case 'path':
      return `"${host}" contains a path ("/"): give only the IP address or host name, nothing after it`;
    case 'at':
      return `"${host}" contains "@": put the user name in the username column and only the address in host`;
    case 'port':
      return `"${host}" includes a port: put ${p.port} in the port column and only ${p.host} in host`;
    case 'brackets':
      return `"${host}": write the IPv6 address without the brackets`;
    case 'character':
      return `"${host}" contains ${p.character === '"' ? 'a double quote' : `"${p.character}"`}, which cannot be part of an IP address or host name`;
    case 'too-long':
      return "the host is longer than 253 characters: give the controller's IP address or host name";
  }
}
