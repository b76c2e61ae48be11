import path from 'node:path';
import { CodedError } from '../errors';

/** Extension of a controller backup file. */
export const BACKUP_EXTENSION = '.ecybackup';
/** Suffix of the JSON sidecar written beside each backup. */
export const SIDECAR_SUFFIX = '.json';
/** Folder inside the archive where run reports are written. */
export const REPORTS_FOLDER = 'reports';
/** Suffix of a download in progress; never reported as a backup. */
export const PART_SUFFIX = '.part';

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;
const MAX_SEGMENT = 100;

/**
 * Turns any text (a site, a controller name, a device file name) into one safe path segment: no separators,
 * no `..`, no control characters, nothing Windows refuses. What a device says can never leave the archive.
 */
export function safeSegment(text: string, fallback = 'unnamed'): string {
  let s = ends(
    text
      .normalize('NFC')
      // eslint-disable-next-line no-control-regex -- control characters cannot be part of a folder name
      .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, '_')
      // Half a surrogate pair cannot be written as UTF-8: the file would get another name than its sidecar says.
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '_')
      .replace(/\s+/g, ' '),
  );
  if (s.length > MAX_SEGMENT) {
    // Never half a surrogate pair; and trim again, since the cut may expose a dot or a space at the end,
    // which Windows silently drops (two names would then meet).
    s = s.slice(0, MAX_SEGMENT);
    if (/[\uD800-\uDBFF]$/.test(s)) s = s.slice(0, -1);
    s = ends(s);
  }
  if (WINDOWS_RESERVED.test(s.split('.')[0] ?? '')) s = `_${s}`;
  return s === '' ? fallback : s;
}

/** Without leading or trailing dots and spaces (`..`, hidden files, names Windows trims). */
function ends(s: string): string {
  return s.replace(/^[. ]+|[. ]+$/g, '');
}

/** The folder of one controller's backups: `<archive>/<site or "unassigned">/<controller>`. */
export function controllerFolder(archiveRoot: string, site: string | undefined, controllerName: string): string {
  const folder = path.join(
    path.resolve(archiveRoot),
    safeSegment(site ?? '', 'unassigned'),
    safeSegment(controllerName, 'controller'),
  );
  assertInside(archiveRoot, folder);
  return folder;
}

/** Throws DISK_ERROR if `candidate` is not inside `root` (defence in depth behind safeSegment). */
export function assertInside(root: string, candidate: string): void {
  const rel = path.relative(path.resolve(root), path.resolve(candidate));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new CodedError('DISK_ERROR', `Refusing to write outside the archive folder: ${candidate}`);
  }
}
