import { ERROR_BEHAVIOUR, englishHint, type ErrorCode, type ErrorInfo } from '../../shared/errors';

/** Extra facts carried by some errors (never secrets). */
export interface ErrorDetails {
  /** HTTP status when the controller answered. */
  status?: number;
  /** For CERT_CHANGED: the pinned fingerprint. */
  expectedFingerprint?: string;
  /** For CERT_CHANGED / CERT_UNTRUSTED: what the controller presented. */
  actualFingerprint?: string;
}

/**
 * An error with a stable code (shared/errors.ts) and a technician-facing hint: the only error the core throws
 * on purpose, for a controller, the disk, the inventory, the keychain or a command line alike.
 */
export class CodedError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly details: ErrorDetails;

  /** `hint` replaces the code's usual hint where that would mislead (a run declined before it began). */
  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}, hint?: string) {
    super(message);
    this.name = 'CodedError';
    this.code = code;
    this.hint = hint ?? englishHint(code);
    this.details = details;
  }

  /** Whether waiting and trying again may succeed. */
  get transient(): boolean {
    return ERROR_BEHAVIOUR[this.code].transient;
  }
}

/** Turns anything thrown into an ErrorInfo; unknown failures become INTERNAL_ERROR or DISK_ERROR, never a stack. */
export function toErrorInfo(error: unknown): ErrorInfo {
  const e = asCodedError(error);
  const info: ErrorInfo = { code: e.code, message: e.message, hint: e.hint };
  if (e.details.expectedFingerprint) info.expectedFingerprint = e.details.expectedFingerprint;
  if (e.details.actualFingerprint) info.actualFingerprint = e.details.actualFingerprint;
  return info;
}

const DISK_CODES = new Set(['ENOSPC', 'EACCES', 'EPERM', 'EROFS', 'EDQUOT', 'EIO', 'EISDIR', 'ENOTDIR', 'EMFILE']);

/** Wraps a foreign error in a CodedError, mapping file-system failures to DISK_ERROR. */
function asCodedError(error: unknown): CodedError {
  if (error instanceof CodedError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === 'string' && DISK_CODES.has(code)) return new CodedError('DISK_ERROR', message);
  if ((error as { name?: string } | null)?.name === 'AbortError') return new CodedError('CANCELLED', 'Cancelled');
  // Not the controller's doing: a failure nobody coded for is our own bug, and says so.
  return new CodedError('INTERNAL_ERROR', `Unexpected failure in this tool: ${message}`);
}
