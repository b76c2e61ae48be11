import { CodedError } from '../errors';
import {
  ALL_DATA_TYPES,
  DATA_TYPE_PRESETS,
  DATA_TYPES,
  type DataType,
  fileNameProblem,
  MAX_FILE_NAME,
} from '../../../shared/data-types';

/** Parses `all`, `config` or a comma list of data types (any case); unknown names are an INVALID_INPUT. */
export function parseDataTypes(spec: string): DataType[] {
  const trimmed = spec.trim().toLowerCase();
  if (trimmed === 'all' || trimmed === 'config') return [...DATA_TYPE_PRESETS[trimmed]];
  const wanted = spec
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  const unknown = wanted.filter((t) => !(t in DATA_TYPES));
  if (wanted.length === 0 || unknown.length > 0) {
    throw new CodedError(
      'INVALID_INPUT',
      `Unknown data type${unknown.length === 1 ? '' : 's'} ${unknown.map((u) => `"${u}"`).join(', ') || '(none given)'}: use all, config, or a comma list of ${ALL_DATA_TYPES.join(', ')}.`,
    );
  }
  return [...new Set(wanted)] as DataType[];
}

/** Validates a file name given by a person, throwing INVALID_INPUT with the reason. */
export function validateFileName(name: string): string {
  const problem = fileNameProblem(name);
  if (problem) throw new CodedError('INVALID_INPUT', `${problem} Use letters, digits, "-" and "_".`);
  return name;
}

/** Derives a safe default file name from what the controller calls itself ("ahu.bldg-2" → "ahu-bldg-2"). */
export function defaultFileName(controllerName: string): string {
  const safe = controllerName
    // eslint-disable-next-line no-control-regex -- control characters are exactly what a file name must lose
    .replace(/[./\\<>:"|?*\s\u0000-\u001f\u007f]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_FILE_NAME);
  return safe || 'backup';
}
