import type { PhaseFault, SimPhase } from '../simulator/types';
import type { Expected } from './matrix-case';

// What the client must conclude for each phase × fault of the transport matrix, v1 and v2 firmware.

export const PHASES: SimPhase[] = ['probe', 'login', 'list', 'create', 'job', 'download', 'preview'];
export const KINDS: Array<PhaseFault['kind']> = ['offline', 'reset', 'stall', '503', '500-html', '401'];

const PREVIEW_LOST = /Compatibility preview unavailable/;

/** What the client must conclude on a v1 controller when `kind` hits every request of `phase` (`401` hits only the first). */
export function expectedOf(phase: SimPhase, kind: PhaseFault['kind']): Expected {
  // The preview only informs the verdict: without it the verified backup is kept, with a warning.
  if (phase === 'preview')
    return kind === '401' ? { status: 'succeeded', logins: 2 } : { status: 'succeeded', warning: PREVIEW_LOST };
  switch (kind) {
    case 'offline':
      return { status: 'failed', code: 'UNREACHABLE' };
    case 'reset':
      return { status: 'failed', code: phase === 'download' ? 'DOWNLOAD_INCOMPLETE' : 'UNREACHABLE' };
    case 'stall':
      return { status: 'failed', code: 'TIMEOUT' };
    case '503':
      return { status: 'failed', code: 'DEVICE_BUSY' };
    case '500-html':
      return { status: 'failed', code: 'DEVICE_ERROR', message: /500/ };
    case '401':
      // Discovery is anonymous (a 401 there means "the API is here"); a refused Basic login is never
      // repeated (lockouts); anywhere else a 401 is an expired session, renewed with exactly one login.
      if (phase === 'probe') return { status: 'succeeded', logins: 1 };
      if (phase === 'login') return { status: 'failed', code: 'AUTH_FAILED' };
      return { status: 'succeeded', logins: 2 };
    default:
      throw new Error(`no expectation for ${kind}`);
  }
}

/**
 * The same for firmware 2.x, which has no preview. Its login rides the services probe once the anonymous look
 * at the v1 root found nothing; a 401 that hits the v1 root first leaves the decision to after the login
 * (the v1 /info then 404s), so the one login still goes through. A 401 on the list is an expired session.
 */
export function expectedOfV2(phase: SimPhase, kind: PhaseFault['kind']): Expected {
  const v1 = expectedOf(phase, kind);
  return v1.status === 'succeeded'
    ? { status: 'succeeded', warning: /no compatibility preview/, ...(v1.logins ? { logins: v1.logins } : {}) }
    : v1;
}
