import type { ApiError } from '../../../../preload/api';
import type { WizardStep } from '../../stores/wizard';

/** What fixes a failure: the step to go back to and the button's words, or a plain retry. */
export interface FailureRoute {
  label: string;
  step: WizardStep | 'retry';
}

const ROUTES: Partial<Record<ApiError['code'], FailureRoute>> = {
  AUTH_FAILED: { label: 'Back to sign in', step: 'signin' },
  FORBIDDEN: { label: 'Back to sign in', step: 'signin' },
  KEYCHAIN_UNAVAILABLE: { label: 'Back to sign in', step: 'signin' },
  CERT_CHANGED: { label: 'Check the certificate', step: 'certificate' },
  CERT_UNTRUSTED: { label: 'Check the certificate', step: 'certificate' },
  TLS_FAILED: { label: 'Check the address', step: 'address' },
  UNREACHABLE: { label: 'Check the address', step: 'address' },
  BAD_REQUEST: { label: 'Change what to back up', step: 'contents' },
  USB_KEY_MISSING: { label: 'Change what to back up', step: 'contents' },
  INVALID_INPUT: { label: 'Change what to back up', step: 'contents' },
};

/** The next step for a failed backup ("Back to sign in" for AUTH_FAILED…); "Try again" when retrying is the fix. */
export function failureRoute(code: ApiError['code']): FailureRoute {
  return ROUTES[code] ?? { label: 'Try again', step: 'retry' };
}
