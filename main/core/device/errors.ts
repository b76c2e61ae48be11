/** What the tool knows about one failure code: words for a technician, and how a run treats it. */
export interface ErrorEntry {
  /** A few words a technician scans ("Sign-in refused"). */
  title: string;
  /** What happened and what to do, in plain language. */
  hint: string;
  /** Worth asking again within one request after a pause (the session's retries): the controller or network may recover. */
  transient: boolean;
  /**
   * Worth a whole new attempt of the controller later in a bulk run: the transient codes, and a download cut
   * short (the backup is made again from the start).
   */
  retriedInRun: boolean;
}

/**
 * Every failure the tool can report, one row per stable code a script or support person can rely on. The
 * renderer keeps its own translated words per code in a total table; a new code here must be added there.
 */
export const ERROR_CATALOGUE = {
  UNREACHABLE: {
    title: 'Not reachable',
    hint: 'The controller did not answer. Check the address, the port, the cable or VLAN, and that the controller is powered.',
    transient: true,
    retriedInRun: true,
  },
  TIMEOUT: {
    title: 'Stopped answering',
    hint: 'The controller stopped answering in time. It may be busy or the network slow; try again, or raise the timeout.',
    transient: true,
    retriedInRun: true,
  },
  TLS_FAILED: {
    title: 'Secure connection failed',
    hint: 'The secure connection could not be set up. Check that HTTPS is enabled on the controller and the port is right.',
    transient: false,
    retriedInRun: false,
  },
  CERT_UNTRUSTED: {
    title: 'Certificate not trusted yet',
    hint: 'This controller is not trusted yet. Compare the fingerprint with the controller\'s web page, then trust it.',
    transient: false,
    retriedInRun: false,
  },
  CERT_CHANGED: {
    title: 'Certificate changed',
    hint: 'The controller\'s certificate changed. Trust the new one only if you know the controller was reset or upgraded.',
    transient: false,
    retriedInRun: false,
  },
  AUTH_FAILED: {
    title: 'Sign-in refused',
    hint: 'The controller refused the login. Check the user name and password. If they are right, the account may have to change its password first (first login on new firmware, or flagged "must change password": sign in once on the controller\'s web page), the controller\'s RADIUS server may be down (only cached users can sign in then), or the account lacks the REST API role. No second attempt was made, to avoid a lockout.',
    transient: false,
    retriedInRun: false,
  },
  FORBIDDEN: {
    title: 'Account not allowed',
    hint: 'The controller accepted the login but refused the request: the account probably lacks the REST API role. Give it that role in the controller\'s user management, or use an account that has it.',
    transient: false,
    retriedInRun: false,
  },
  API_UNSUPPORTED: {
    title: 'Firmware has no backup API',
    hint: 'This controller\'s firmware does not offer backups through its API. Back it up from its web page or upgrade it first.',
    transient: false,
    retriedInRun: false,
  },
  USB_KEY_MISSING: {
    title: 'No USB key',
    hint: 'The controller lists no USB key. Plug one in (or back up to the controller itself). If a key is plugged in, this firmware may list it under another path: run "eclypse-backup diagnose" and send the file to support.',
    transient: false,
    retriedInRun: false,
  },
  BAD_REQUEST: {
    title: 'Request refused',
    hint: 'The controller refused the request. Check the backup options (file name, data types).',
    transient: false,
    retriedInRun: false,
  },
  DEVICE_BUSY: {
    title: 'Controller busy',
    hint: 'The controller is busy (another backup or job is already running on it) or in maintenance. Wait a minute and try again.',
    transient: true,
    retriedInRun: true,
  },
  DEVICE_ERROR: {
    title: 'Controller error',
    hint: 'The controller reported an internal error. Try again; if it persists, restart the controller\'s web server.',
    transient: true,
    retriedInRun: true,
  },
  PROTOCOL_ERROR: {
    title: 'Unexpected answer',
    hint: 'The controller answered in an unexpected way. Report this with the details to support.',
    transient: false,
    retriedInRun: false,
  },
  JOB_FAILED: {
    title: 'Controller could not build the backup',
    hint: 'The controller could not build the backup. Check its free storage and its event log.',
    transient: false,
    retriedInRun: false,
  },
  JOB_TIMEOUT: {
    title: 'Backup took too long',
    hint: 'The controller did not finish the backup in time. Try again with a longer job timeout.',
    transient: false,
    retriedInRun: false,
  },
  FILE_NOT_FOUND: {
    title: 'New backup file not found',
    hint: 'The controller did not show the new backup file. Check its backup list; nothing was downloaded.',
    transient: false,
    retriedInRun: false,
  },
  DOWNLOAD_INCOMPLETE: {
    title: 'Download cut short',
    hint: 'The download was cut short. Nothing was saved; try again.',
    transient: false,
    retriedInRun: true,
  },
  ARCHIVE_INVALID: {
    title: 'Downloaded file not valid',
    hint: 'The downloaded file is not a valid backup archive. Nothing was saved; try again.',
    transient: false,
    retriedInRun: false,
  },
  DISK_ERROR: {
    title: 'Could not write on this laptop',
    hint: 'The backup could not be written on this computer. Check free space and that the archive folder is writable.',
    transient: false,
    retriedInRun: false,
  },
  CANCELLED: {
    title: 'Cancelled',
    hint: 'The backup was cancelled. Nothing partial was kept.',
    transient: false,
    retriedInRun: false,
  },
  INVALID_INPUT: {
    title: 'Missing or invalid setting',
    hint: 'A value given to the tool is not valid. Correct it and try again.',
    transient: false,
    retriedInRun: false,
  },
  KEYCHAIN_UNAVAILABLE: {
    title: 'Keychain unavailable',
    hint: 'The system keychain is locked or missing. Unlock it (log in to the desktop session), or give the password each time.',
    transient: false,
    retriedInRun: false,
  },
  INTERNAL_ERROR: {
    title: 'A fault in this tool',
    hint: 'Something went wrong inside this tool, not on the controller. Try again; if it repeats, send the log and these details to support.',
    transient: false,
    retriedInRun: false,
  },
} as const satisfies Record<string, ErrorEntry>;

/** A stable error code; see ERROR_CATALOGUE for what each means to a technician. */
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** All error codes, for validation and documentation. */
export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

/** The hint of every code (the catalogue's `hint` column). */
export const ERROR_HINTS = Object.fromEntries(ERROR_CODES.map((c) => [c, ERROR_CATALOGUE[c].hint])) as { readonly [K in ErrorCode]: (typeof ERROR_CATALOGUE)[K]['hint'] };

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
    return ERROR_CATALOGUE[this.code].transient;
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

/** Turns anything thrown into an ErrorInfo; unknown failures become INTERNAL_ERROR or DISK_ERROR, never a stack. */
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
  // Not the controller's doing: a failure nobody coded for is our own bug, and says so.
  return new BackupError('INTERNAL_ERROR', `Unexpected failure in this tool: ${message}`);
}
