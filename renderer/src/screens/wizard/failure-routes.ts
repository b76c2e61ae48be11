import type { ApiError } from '../../../../preload/api';
import type { AppMessageKey } from '../../../../shared/messages/app';
import type { WizardStep } from '../../stores/wizard';

/** What fixes a failure: the step to go back to and the button's words, or a plain retry. */
export interface FailureRoute {
  label: AppMessageKey;
  step: WizardStep | 'retry';
}

const SIGN_IN: FailureRoute = { label: 'wizard.route.signin', step: 'signin' };
const CERTIFICATE: FailureRoute = { label: 'wizard.route.certificate', step: 'certificate' };
const ADDRESS: FailureRoute = { label: 'wizard.route.address', step: 'address' };
const CONTENTS: FailureRoute = { label: 'wizard.route.contents', step: 'contents' };
const RETRY: FailureRoute = { label: 'common.try-again', step: 'retry' };

/** Every code's way forward: total, so a new error code does not compile until it is given one. */
const ROUTES: Record<ApiError['code'], FailureRoute> = {
  AUTH_FAILED: SIGN_IN,
  FORBIDDEN: SIGN_IN,
  KEYCHAIN_UNAVAILABLE: SIGN_IN,
  CERT_CHANGED: CERTIFICATE,
  CERT_UNTRUSTED: CERTIFICATE,
  TLS_FAILED: ADDRESS,
  UNREACHABLE: ADDRESS,
  BAD_REQUEST: CONTENTS,
  USB_KEY_MISSING: CONTENTS,
  INVALID_INPUT: CONTENTS,
  TIMEOUT: RETRY,
  API_UNSUPPORTED: RETRY,
  DEVICE_BUSY: RETRY,
  DEVICE_ERROR: RETRY,
  PROTOCOL_ERROR: RETRY,
  JOB_FAILED: RETRY,
  JOB_TIMEOUT: RETRY,
  FILE_NOT_FOUND: RETRY,
  DOWNLOAD_INCOMPLETE: RETRY,
  ARCHIVE_INVALID: RETRY,
  DISK_ERROR: RETRY,
  CANCELLED: RETRY,
  FORBIDDEN_SENDER: RETRY,
  INTERNAL_ERROR: RETRY,
};

/** The next step for a failed backup ("Back to sign in" for AUTH_FAILED…); "Try again" when retrying is the fix. */
export function failureRoute(code: ApiError['code']): FailureRoute {
  return ROUTES[code];
}
