// Every failure the tool can report, as stable codes a script or support person can rely on, and how a run
// treats each one. The words (title and hint, per language) live in the catalogues of shared/messages: English
// in common.en.ts, the one place English is written. Imports only shared/.
import { commonEn } from './messages/common.en';

/** All error codes, for validation and documentation; the order of the README's table. */
export const ERROR_CODES = [
  'UNREACHABLE',
  'TIMEOUT',
  'TLS_FAILED',
  'CERT_UNTRUSTED',
  'CERT_CHANGED',
  'AUTH_FAILED',
  'FORBIDDEN',
  'API_UNSUPPORTED',
  'USB_KEY_MISSING',
  'BAD_REQUEST',
  'DEVICE_BUSY',
  'DEVICE_ERROR',
  'PROTOCOL_ERROR',
  'JOB_FAILED',
  'JOB_TIMEOUT',
  'FILE_NOT_FOUND',
  'DOWNLOAD_INCOMPLETE',
  'ARCHIVE_INVALID',
  'DISK_ERROR',
  'CANCELLED',
  'INVALID_INPUT',
  'KEYCHAIN_UNAVAILABLE',
  'INTERNAL_ERROR',
] as const;

/** A stable error code; its words are `error.<code>.title` and `error.<code>.hint` in the catalogues. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** How the tool treats one failure code. */
export interface ErrorBehaviour {
  /** Worth asking again within one request after a pause (the session's retries): the controller or network may recover. */
  transient: boolean;
  /**
   * Worth a whole new attempt of the controller later in a bulk run: the transient codes, and a download cut
   * short (the backup is made again from the start).
   */
  retriedInRun: boolean;
}

const NEITHER: ErrorBehaviour = { transient: false, retriedInRun: false };
const TRANSIENT: ErrorBehaviour = { transient: true, retriedInRun: true };

/** How each code is treated; total, so a new code does not compile until it says whether it is retried. */
export const ERROR_BEHAVIOUR: Readonly<Record<ErrorCode, ErrorBehaviour>> = {
  UNREACHABLE: TRANSIENT,
  TIMEOUT: TRANSIENT,
  TLS_FAILED: NEITHER,
  CERT_UNTRUSTED: NEITHER,
  CERT_CHANGED: NEITHER,
  AUTH_FAILED: NEITHER,
  FORBIDDEN: NEITHER,
  API_UNSUPPORTED: NEITHER,
  USB_KEY_MISSING: NEITHER,
  BAD_REQUEST: NEITHER,
  DEVICE_BUSY: TRANSIENT,
  DEVICE_ERROR: TRANSIENT,
  PROTOCOL_ERROR: NEITHER,
  JOB_FAILED: NEITHER,
  JOB_TIMEOUT: NEITHER,
  FILE_NOT_FOUND: NEITHER,
  // Not worth asking again for the same bytes, but a new backup from the start usually gets through.
  DOWNLOAD_INCOMPLETE: { transient: false, retriedInRun: true },
  ARCHIVE_INVALID: NEITHER,
  DISK_ERROR: NEITHER,
  CANCELLED: NEITHER,
  INVALID_INPUT: NEITHER,
  KEYCHAIN_UNAVAILABLE: NEITHER,
  INTERNAL_ERROR: NEITHER,
};

/** Whether a string (from a journal, a JSON file, a command line) is one of our codes. */
export function isErrorCode(value: string): value is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(value);
}

/**
 * What to do about a failure, in English: the words main records with an error (logs, journals, CLI JSON).
 * Screens and reports in another language word the code themselves from their catalogue.
 */
export function englishHint(code: ErrorCode): string {
  return commonEn[`error.${code}.hint`];
}

/** The plain shape of an error that crosses a boundary (CLI JSON, IPC, reports, journals). */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  hint: string;
  expectedFingerprint?: string;
  actualFingerprint?: string;
}
