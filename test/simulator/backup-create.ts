import { XMLParser } from 'fast-xml-parser';
import { DATA_TYPES, type DataType } from './backup-archive';
import type { BackupTarget } from './device-backups';

/** A validated POST /system/backup/create request. */
export interface CreateRequest {
  target: BackupTarget;
  fileName: string;
  dataTypes: DataType[];
  envysionProjects: string[];
}

/** Why a request body was refused: the status, and whether the answer is plain text or a JSON/XML error. */
export class Refusal {
  constructor(
    readonly status: number,
    readonly message: string,
    readonly text: boolean,
  ) {}
}

/** The body format a POST declared, or a refusal (missing or unknown Content-Type → 415). */
export function bodyFormat(contentType: string | undefined): 'json' | 'xml' | Refusal {
  if (!contentType) return new Refusal(415, 'Unsupported Media Type: Content-Type is required', true);
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json' || type === 'text/json') return 'json';
  if (type === 'application/xml' || type === 'text/xml') return 'xml';
  return new Refusal(415, `Unsupported Media Type: ${type}`, true);
}

function lowerKeys(value: unknown): Record<string, unknown> | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Parses a JSON or XML body into an object with lower-cased keys (the device reads keys case-insensitively). */
export function parseBody(format: 'json' | 'xml', body: string, xmlRoot: string): Record<string, unknown> | Refusal {
  const invalid = new Refusal(400, `Malformed ${format.toUpperCase()} body`, false);
  try {
    if (format === 'json') return lowerKeys(JSON.parse(body)) ?? invalid;
    const doc = lowerKeys(
      new XMLParser({ ignoreAttributes: true, parseTagValue: false, ignoreDeclaration: true }).parse(body),
    );
    const root = doc?.[xmlRoot.toLowerCase()];
    // A root with only empty children parses to "", which still means "an empty object".
    return lowerKeys(root === '' ? {} : root) ?? invalid;
  } catch {
    return invalid;
  }
}

// JSON has arrays; XML has <DataTypes><DataType>a</DataType>...</DataTypes>, which parses to an object whose
// single child is a string (one element) or an array (several), whatever the child element is called.
function stringList(value: unknown): string[] | undefined {
  if (value === undefined || value === '') return [];
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string') ? value : undefined;
  if (value !== null && typeof value === 'object') {
    const children = Object.values(value);
    return children.length === 1 ? stringList(Array.isArray(children[0]) ? children[0] : [children[0]]) : undefined;
  }
  return undefined;
}

/** Characters a device will not accept in a file name (path separators, dots, control characters). */
function unsafeFileName(name: string): boolean {
  return name.trim() === '' || /[./\\\u0000-\u001f\u007f:*?"<>|]/.test(name) || name.length > 64;
}

function refuse(message: string): Refusal {
  return new Refusal(400, message, false);
}

/** Validates a parsed create body against the device: data types, file name, ENVYSION projects, USB key. */
export function validateCreate(
  fields: Record<string, unknown>,
  device: { usbKeyPresent: boolean; envysionProjects: string[] },
): CreateRequest | Refusal {
  const rawTarget = String(fields.target ?? '').toLowerCase();
  const target: BackupTarget | undefined =
    rawTarget === 'device' ? 'Device' : rawTarget === 'usbkey' ? 'UsbKey' : undefined;
  if (!target) return refuse('Invalid target: expected "Device" or "UsbKey"');
  const fileName = fields.filename;
  if (typeof fileName !== 'string' || unsafeFileName(fileName)) return refuse('Invalid fileName');
  // The seed page's XML example misspells the list as <DatatTypes><DatatType>; accept that spelling too.
  const dataTypes = stringList(fields.datatypes ?? fields.datattypes);
  if (!dataTypes) return refuse('Invalid dataTypes: expected a list of strings');
  const unknownType = dataTypes.find((t) => !(DATA_TYPES as readonly string[]).includes(t));
  if (unknownType !== undefined) return refuse(`Unknown data type "${unknownType}"`);
  const envysionProjects = stringList(fields.envysionprojects);
  if (!envysionProjects) return refuse('Invalid envysionProjects: expected a list of strings');
  const unknownProject = envysionProjects.find((p) => !device.envysionProjects.includes(p));
  if (unknownProject !== undefined) return refuse(`Unknown ENVYSION project "${unknownProject}"`);
  if (dataTypes.length === 0 && envysionProjects.length === 0) return refuse('Nothing to back up: dataTypes is empty');
  if (target === 'UsbKey' && !device.usbKeyPresent) return refuse('The USB key is not present');
  return { target, fileName, dataTypes: dataTypes as DataType[], envysionProjects };
}
