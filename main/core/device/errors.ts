/** Every failure the tool can report, with a stable code a script or support person can rely on. */
export const ERROR_HINTS = {
  UNREACHABLE: 'The controller did not answer. Check the address, the port, the cable or VLAN, and that the controller is powered.',
  TIMEOUT: 'The controller stopped answering in time. It may be busy or the network slow; try again, or raise the timeout.',
  TLS_FAILED: 'The secure connection could not be set up. Check that HTTPS is enabled on the controller and the port is right.',
  CERT_UNTRUSTED: 'This controller is not trusted yet. Compare the fingerprint with the controller\'s web page, then trust it.',
  CERT_CHANGED: 'The controller\'s certificate changed. Trust the new one only if you know the controller was reset or upgraded.',
  AUTH_FAILED:
    'The controller refused the login. Check the user name and password. If they are right, the account may have to change its password first (first login on new firmware, or flagged "must change password": sign in once on the controller\'s web page), the controller\'s RADIUS server may be down (only cached users can sign in then), or the account lacks the REST API role. No second attempt was made, to avoid a lockout.',
  FORBIDDEN:
    'The controller accepted the login but refused the request: the account probably lacks the REST API role. Give it that role in the controller\'s user management, or use an account that has it.',
  API_UNSUPPORTED: 'This controller\'s firmware does not offer backups through its API. Back it up from its web page or upgrade it first.',
  USB_KEY_MISSING:
    'The controller lists no USB key. Plug one in (or back up to the controller itself). If a key is plugged in, this firmware may list it under another path: run "eclypse-backup diagnose" and send the file to support.',
  BAD_REQUEST: 'The controller refused the request. Check the backup options (file name, data types).',
  DEVICE_BUSY: 'The controller is busy (another backup or job is already running on it) or in maintenance. Wait a minute and try again.',
  DEVICE_ERROR: 'The controller reported an internal error. Try again; if it persists, restart the controller\'s web server.',
  PROTOCOL_ERROR: 'The controller answered in an unexpected way. Report this with the details to support.',
  JOB_FAILED: 'The controller could not build the backup. Check its free storage and its event log.',
  JOB_TIMEOUT: 'The controller did not finish the backup in time. Try again with a longer job timeout.',
  FILE_NOT_FOUND: 'The controller did not show the new backup file. Check its backup list; nothing was downloaded.',
  DOWNLOAD_INCOMPLETE: 'The download was cut short. Nothing was saved; try again.',
  ARCHIVE_INVALID: 'The downloaded file is not a valid backup archive. Nothing was saved; try again.',
  DISK_ERROR: 'The backup could not be written on this computer. Check free space and that the archive folder is writable.',
  CANCELLED: 'The backup was cancelled. Nothing partial was kept.',
  INVALID_INPUT: 'A value given to the tool is not valid. Correct it and try again.',
  KEYCHAIN_UNAVAILABLE: 'The system keychain is locked or missing. Unlock it (log in to the desktop session), or give the password each time.',
} as const;

/** A stable error code; see ERROR_HINTS for what each means to a technician. */
export type ErrorCode = keyof typeof ERROR_HINTS;

/** All error codes, for validation and documentation. */
export const ERROR_CODES = Object.keys(ERROR_HINTS) as ErrorCode[];

/** Codes worth trying again after a pause: the device or network may recover on its own. */
const TRANSIENT: ReadonlySet<ErrorCode> = new Set(['UNREACHABLE', 'TIMEOUT', 'DEVICE_BUSY', 'DEVICE_ERROR']);

/** Extra facts carried by some errors (never secrets). */
export interface ErrorDetails {
  /** HTTP status when the controller answered. */
  status?: number;
  /** For CERT_CHANGED: the pinned fingerprint. */
  expectedFingerprint?: string;
  /** For CERT_CHANGED / CERT_UNTRUSTED: what the controller presented. */
  actualFingerprint?: string;
}

/** An error with a stable code and a technician-facing hint; the only error type the core throws on purpose. */
export class BackupError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly details: ErrorDetails;

  /** `hint` replaces the code's usual hint where that would mislead (a run declined before it began). */
  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}, hint?: string) {
    super(message);
    this.name = 'BackupError';
    this.code = code;
    this.hint = hint ?? ERROR_HINTS[code];
    this.details = details;
  }

  /** Whether waiting and trying again may succeed. */
  get transient(): boolean {
    return TRANSIENT.has(this.code);
  }
}

/** The plain shape of an error that crosses a boundary (CLI JSON, IPC, reports). */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  hint: string;
  expectedFingerprint?: string;
  actualFingerprint?: string;
}

/** Turns anything thrown into an ErrorInfo; unknown failures become PROTOCOL_ERROR or DISK_ERROR, never a stack. */
export function toErrorInfo(error: unknown): ErrorInfo {
  const e = asBackupError(error);
  const info: ErrorInfo = { code: e.code, message: e.message, hint: e.hint };
  if (e.details.expectedFingerprint) info.expectedFingerprint = e.details.expectedFingerprint;
  if (e.details.actualFingerprint) info.actualFingerprint = e.details.actualFingerprint;
  return info;
}

const DISK_CODES = new Set(['ENOSPC', 'EACCES', 'EPERM', 'EROFS', 'EDQUOT', 'EIO', 'EISDIR', 'ENOTDIR', 'EMFILE']);

/** Wraps a foreign error in a BackupError, mapping file-system failures to DISK_ERROR. */
export function asBackupError(error: unknown): BackupError {
  if (error instanceof BackupError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === 'string' && DISK_CODES.has(code)) return new BackupError('DISK_ERROR', message);
  if ((error as { name?: string } | null)?.name === 'AbortError') return new BackupError('CANCELLED', 'Cancelled');
  return new BackupError('PROTOCOL_ERROR', `Unexpected failure: ${message}`);
}
