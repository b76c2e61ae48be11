import type { ControllerRunResult, ErrorCode, RunRecord } from '../../../../preload/api';
import type { ControllerLabel } from './controller-directory';

/** The controllers of a run that failed for one reason, with what that reason means and what fixes it. */
export interface FailureGroup {
  code: ErrorCode | 'CANCELLED';
  /** A few words a technician scans: "Sign-in refused". */
  title: string;
  /** The code's hint, in plain language. */
  hint: string;
  /** The action that fixes it for THESE controllers ("Check the password for profile Boiler room"). */
  fix: string;
  controllers: Array<{ id: string; name: string; message: string }>;
}

const TITLES: Partial<Record<ErrorCode, string>> = {
  UNREACHABLE: 'Not reachable',
  TIMEOUT: 'Stopped answering',
  TLS_FAILED: 'Secure connection failed',
  CERT_UNTRUSTED: 'Certificate not trusted yet',
  CERT_CHANGED: 'Certificate changed',
  AUTH_FAILED: 'Sign-in refused',
  FORBIDDEN: 'Account not allowed',
  API_UNSUPPORTED: 'Firmware has no backup API',
  USB_KEY_MISSING: 'No USB key',
  DEVICE_BUSY: 'Controller busy',
  JOB_FAILED: 'Controller could not build the backup',
  JOB_TIMEOUT: 'Backup took too long',
  DOWNLOAD_INCOMPLETE: 'Download cut short',
  ARCHIVE_INVALID: 'Downloaded file not valid',
  DISK_ERROR: 'Could not write on this laptop',
  CANCELLED: 'Cancelled',
  INVALID_INPUT: 'Missing or invalid setting',
  KEYCHAIN_UNAVAILABLE: 'Keychain unavailable',
};

/** Groups a finished run's failures by error code, biggest group first; cancelled controllers form their own. */
export function groupFailures(record: RunRecord, label: (id: string) => ControllerLabel): FailureGroup[] {
  const groups = new Map<string, ControllerRunResult[]>();
  for (const r of record.results) {
    if (r.status === 'succeeded') continue;
    // A controller never reached (the run was cancelled before its turn) counts as cancelled.
    const code = r.status === 'failed' && r.error ? r.error.code : 'CANCELLED';
    groups.set(code, [...(groups.get(code) ?? []), r]);
  }
  return [...groups.entries()]
    .map(([code, results]) => {
      const first = results[0]!;
      const labels = results.map((r) => label(r.controllerId));
      return {
        code: code as FailureGroup['code'],
        title: causeTitle(code),
        hint: first.error?.hint ?? 'These controllers were not backed up: the run was cancelled before they finished.',
        fix: fixFor(code, labels, first.error),
        controllers: results.map((r, i) => ({ id: r.controllerId, name: labels[i]!.name, message: r.error?.message ?? 'Not backed up.' })),
      };
    })
    .sort((a, b) => b.controllers.length - a.controllers.length || a.title.localeCompare(b.title));
}

/** A cause in a few words ("Sign-in refused"); the code itself when it has none. */
export function causeTitle(code: string): string {
  return TITLES[code as ErrorCode] ?? code;
}

/**
 * The action for controllers that failed with `code`, naming what the technician must touch: the profile, the
 * controllers, the setting. `error` is the first one's (its message names what is missing for INVALID_INPUT).
 */
export function fixFor(code: string, labels: ControllerLabel[], error: { message: string; hint: string } | null): string {
  const names = listOf(labels.map((l) => l.name));
  switch (code) {
    case 'AUTH_FAILED':
    case 'FORBIDDEN':
      return loginFix(code, labels);
    case 'UNREACHABLE':
    case 'TIMEOUT':
    case 'TLS_FAILED':
      return `Check that ${names} ${labels.length === 1 ? 'is' : 'are'} powered and on this network (address, port, cable or VLAN), then retry.`;
    case 'CERT_CHANGED':
      return `Trust the new certificate of ${names} only if you know ${labels.length === 1 ? 'it was' : 'they were'} reset or upgraded: open ${labels.length === 1 ? 'it' : 'each'} in "Back up one" to compare fingerprints and re-trust.`;
    case 'CERT_UNTRUSTED':
      return `Trust ${names} first ("Back up one" shows the fingerprint), or start the run with "Trust controllers seen for the first time".`;
    case 'USB_KEY_MISSING':
      return `Plug a USB key into ${names}, or back up to the controller itself.`;
    case 'DEVICE_BUSY':
    case 'DEVICE_ERROR':
    case 'DOWNLOAD_INCOMPLETE':
    case 'ARCHIVE_INVALID':
      return 'Wait a minute, then retry the failed controllers.';
    case 'JOB_TIMEOUT':
      return 'Raise the job timeout in Settings, then retry.';
    case 'DISK_ERROR':
      return 'Free space on this laptop or choose another archive folder in Settings, then retry.';
    case 'KEYCHAIN_UNAVAILABLE':
      return 'Unlock the keychain (log in to the desktop session), then retry.';
    case 'INVALID_INPUT':
      // The message names the controller and what is missing ("No user name for AHU-3: …").
      return error?.message ?? 'Correct the controller in Controllers, then retry.';
    case 'CANCELLED':
      return `Retry to back up ${names}.`;
    default:
      return error?.hint ?? 'Retry; if it repeats, send the report to support.';
  }
}

function loginFix(code: string, labels: ControllerLabel[]): string {
  const profiles = [...new Set(labels.map((l) => l.credential).filter((p): p is string => p !== null))];
  const own = labels.filter((l) => l.credential === null).map((l) => l.name);
  const what = code === 'FORBIDDEN' ? 'Use an account with the REST API role' : 'Check the password';
  const parts: string[] = [];
  if (profiles.length === 1) parts.push(`${what} for profile ${profiles[0]} (Settings → Credential profiles)`);
  if (profiles.length > 1) parts.push(`${what} for profiles ${listOf(profiles)} (Settings → Credential profiles)`);
  if (own.length > 0) parts.push(`${code === 'FORBIDDEN' ? 'Change the account' : 'Check the user name and password'} of ${listOf(own)} in Controllers`);
  return `${parts.map((p, i) => (i === 0 ? p : p.charAt(0).toLowerCase() + p.slice(1))).join('; ')}, then retry.`;
}

/** "A", "A and B", "A, B and 3 more". */
export function listOf(names: string[]): string {
  if (names.length <= 2) return names.join(' and ');
  if (names.length <= 4) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}
