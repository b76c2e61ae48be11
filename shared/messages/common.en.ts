// Words every part of the tool says: verdicts, statuses, phases, errors, address and file-name problems.
// English, the reference catalogue: common.fr-ca.ts must have every key (the compiler checks it). ICU message
// syntax: {name}, {count, plural, one {…} other {…}}; no "<" in a message (it would start a tag).

/** The common catalogue in English. */
export const commonEn = {
  'common.never': 'never',
  'common.dash': '—',

  'verdict.ready': 'Ready for upgrade',
  'verdict.ready-with-warning': 'Ready with warning',
  'verdict.not-ready': 'Not ready',
  'verdict.reason.no-compatibility': 'The controller did not report whether this backup can be restored.',
  'verdict.reason.usb-key': "The backup is on the controller's USB key: it was not verified on this laptop.",
  'verdict.reason.incompatible': 'The controller says this backup cannot be restored: {compatibility}',

  'warning.pile-up':
    'Backups are piling up on the controller: {reasons}. Each backup stays in its flash memory and this tool cannot delete them (the API publishes no delete). Delete old ones on its web page (https://{address}/ → Backup & Restore), keeping the newest, once they are safe in this archive.',
  'warning.pile-up.count': 'it holds {count} backups',
  'warning.pile-up.growth': 'its backups grew by {growth} % since the last run ({from} → {to})',
  'warning.pile-up.both': '{first}, and {second}',
  'warning.xml-json': 'XML requested but API revision {revision} needs JSON (XML works from 7.0): JSON was used.',
  'warning.provisional':
    "The controller's job still said {percent} % when its backup file {file} was complete; the file was verified (size steady over two listings, zip read back) and kept.",
  'warning.already-archived':
    'This backup was already archived before the interruption; the archived copy was verified and kept.',
  'warning.already-archived-unrecorded':
    'This backup was already archived (without its record) before the interruption; the archived copy matched the download and was kept.',
  'warning.no-preview': 'The controller gave no compatibility preview for this file.',
  'warning.preview-unavailable':
    'Compatibility preview unavailable: the controller could not be asked whether this backup restores.',
  'warning.envysion-not-understood':
    "The controller's list of ENVYSION projects was not understood; the backup was made without ENVYSION projects. Please send a field report (eclypse-backup diagnose).",

  'outcome.saved-not-ready': 'Backed up, not ready for upgrade',
  'outcome.not-backed-up': 'Not backed up',

  'status.pending': 'Waiting',
  'status.running': 'Running',
  'status.retry-wait': 'Will retry',
  'status.succeeded': 'Succeeded',
  'status.failed': 'Failed',
  'status.cancelled': 'Cancelled',

  'phase.pending': 'Waiting',
  'phase.queued': 'Waits for a free slot',
  'phase.retry-wait': 'Waiting to try again — attempt {attempt} next',
  'phase.saved': 'Saved',
  'phase.failed': 'Failed',
  'phase.cancelled': 'Cancelled',
  'phase.connecting': 'Connecting',
  'phase.listing': 'Reading the controller',
  'phase.creating': 'Asking the controller for a backup',
  'phase.waiting': 'Controller is building the backup — {percent} %',
  'phase.downloading': 'Downloading {bytes}',
  'phase.downloading-of': 'Downloading {bytes} of {total}',
  'phase.verifying': 'Verifying',
  'phase.previewing': 'Checking the backup restores',
  'phase.saving': 'Saving to the archive',
  'phase.starting': 'Starting',
  'phase.stalled': 'stalled — no progress for {seconds} s',
  'phase.no-data': 'no data for {seconds} s',

  'cert.pinned': 'Trusted',
  'cert.unknown': 'Not trusted yet',
  'cert.changed': 'Certificate changed',

  'error.UNREACHABLE.title': 'Not reachable',
  'error.UNREACHABLE.hint':
    'The controller did not answer. Check the address, the port, the cable or VLAN, and that the controller is powered.',
  'error.TIMEOUT.title': 'Stopped answering',
  'error.TIMEOUT.hint':
    'The controller stopped answering in time. It may be busy or the network slow; try again, or raise the timeout.',
  'error.TLS_FAILED.title': 'Secure connection failed',
  'error.TLS_FAILED.hint':
    'The secure connection could not be set up. Check that HTTPS is enabled on the controller and the port is right.',
  'error.CERT_UNTRUSTED.title': 'Certificate not trusted yet',
  'error.CERT_UNTRUSTED.hint':
    "This controller is not trusted yet. Compare the fingerprint with the controller's web page, then trust it.",
  'error.CERT_CHANGED.title': 'Certificate changed',
  'error.CERT_CHANGED.hint':
    "The controller's certificate changed. Trust the new one only if you know the controller was reset or upgraded.",
  'error.AUTH_FAILED.title': 'Sign-in refused',
  'error.AUTH_FAILED.hint':
    'The controller refused the login. Check the user name and password. If they are right, the account may have to change its password first (first login on new firmware, or flagged "must change password": sign in once on the controller\'s web page), the controller\'s RADIUS server may be down (only cached users can sign in then), or the account lacks the REST API role. No second attempt was made, to avoid a lockout.',
  'error.FORBIDDEN.title': 'Account not allowed',
  'error.FORBIDDEN.hint':
    "The controller accepted the login but refused the request: the account probably lacks the REST API role. Give it that role in the controller's user management, or use an account that has it.",
  'error.API_UNSUPPORTED.title': 'Firmware has no backup API',
  'error.API_UNSUPPORTED.hint':
    "This controller's firmware does not offer backups through its API. Back it up from its web page or upgrade it first.",
  'error.USB_KEY_MISSING.title': 'No USB key',
  'error.USB_KEY_MISSING.hint':
    'The controller lists no USB key. Plug one in (or back up to the controller itself). If a key is plugged in, this firmware may list it under another path: run "eclypse-backup diagnose" and send the file to support.',
  'error.BAD_REQUEST.title': 'Request refused',
  'error.BAD_REQUEST.hint': 'The controller refused the request. Check the backup options (file name, data types).',
  'error.DEVICE_BUSY.title': 'Controller busy',
  'error.DEVICE_BUSY.hint':
    'The controller is busy (another backup or job is already running on it) or in maintenance. Wait a minute and try again.',
  'error.DEVICE_ERROR.title': 'Controller error',
  'error.DEVICE_ERROR.hint':
    "The controller reported an internal error. Try again; if it persists, restart the controller's web server.",
  'error.PROTOCOL_ERROR.title': 'Unexpected answer',
  'error.PROTOCOL_ERROR.hint': 'The controller answered in an unexpected way. Report this with the details to support.',
  'error.JOB_FAILED.title': 'Controller could not build the backup',
  'error.JOB_FAILED.hint': 'The controller could not build the backup. Check its free storage and its event log.',
  'error.JOB_TIMEOUT.title': 'Backup took too long',
  'error.JOB_TIMEOUT.hint': 'The controller did not finish the backup in time. Try again with a longer job timeout.',
  'error.FILE_NOT_FOUND.title': 'Backup file not listed',
  'error.FILE_NOT_FOUND.hint':
    'The controller did not show the new backup file. Check its backup list; nothing was downloaded.',
  'error.DOWNLOAD_INCOMPLETE.title': 'Download cut short',
  'error.DOWNLOAD_INCOMPLETE.hint': 'The download was cut short. Nothing was saved; try again.',
  'error.ARCHIVE_INVALID.title': 'Downloaded file not valid',
  'error.ARCHIVE_INVALID.hint': 'The downloaded file is not a valid backup archive. Nothing was saved; try again.',
  'error.DISK_ERROR.title': 'Could not write on this laptop',
  'error.DISK_ERROR.hint':
    'The backup could not be written on this computer. Check free space and that the archive folder is writable.',
  'error.CANCELLED.title': 'Cancelled',
  'error.CANCELLED.hint': 'The backup was cancelled. Nothing partial was kept.',
  'error.INVALID_INPUT.title': 'Missing or invalid setting',
  'error.INVALID_INPUT.hint': 'A value given to the tool is not valid. Correct it and try again.',
  'error.KEYCHAIN_UNAVAILABLE.title': 'Keychain unavailable',
  'error.KEYCHAIN_UNAVAILABLE.hint':
    'The system keychain is locked or missing. Unlock it (log in to the desktop session), or give the password each time.',
  'error.FORBIDDEN_SENDER.title': 'Refused by the app',
  'error.FORBIDDEN_SENDER.hint': 'The app refused a request from this window. Restart the app.',
  'error.INTERNAL_ERROR.title': 'A fault in this tool',
  'error.INTERNAL_ERROR.hint':
    'Something went wrong inside this tool, not on the controller. Try again; if it repeats, send the log and these details to support.',
  'error.WINDOW.hint': 'Something unexpected happened in the window. Try again; if it repeats, restart the app.',

  'host.empty': 'Enter the controller’s IP address or host name.',
  'host.scheme': 'Leave out “{scheme}”: enter only the address, for instance 10.20.1.15.',
  'host.space': 'An address has no spaces: for instance 10.20.1.15 or ahu-1.plant.local.',
  'host.path': 'Enter only the address, without a path (“/…”): for instance 10.20.1.15.',
  'host.at': 'An address has no “@”: enter the user name when signing in, and only the address here.',
  'host.port': 'Put {port} in the port field and only {host} here.',
  'host.brackets': 'Write the IPv6 address without the brackets.',
  'host.character': '“{character}” cannot be part of an IP address or host name.',
  'host.too-long': 'A host name has at most 253 characters.',
  'port.invalid': 'The port is a whole number from 1 to 65535 (HTTPS is usually 443).',
  'port.conflict': 'The address says port {typed} but the port field says {field}: keep one.',

  'fileName.empty': 'The file name is empty.',
  'fileName.too-long': 'The file name is longer than {max} characters.',
  'fileName.control': 'The file name contains control characters.',
  'fileName.separator': 'The file name may not contain ".", "/" or "\\".',
  'fileName.reserved': 'The file name may not contain {characters}.',
  'fileName.edge-space': 'The file name may not start or end with a space.',
} as const;

/** A key of the common catalogue. */
export type CommonMessageKey = keyof typeof commonEn;
