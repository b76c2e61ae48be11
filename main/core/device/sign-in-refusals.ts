import { englishHint } from '../../../shared/errors';

/**
 * Why a controller may refuse a login that is not simply a wrong password, read from the refusal's status and
 * body. The causes are documented (ECLYPSE user guides: a password change forced at the first login, accounts
 * flagged "must change password", RADIUS admitting only cached users while its server is down, the REST API
 * role); the words a controller uses for them are not public, so the patterns below are guesses, kept in this
 * one table so that a field report can correct them in one line. Only one login is ever tried: the hint tells
 * the technician what to check before trying again.
 */
interface RefusalCause {
  pattern: RegExp;
  hint: string;
}

const CAUSES: RefusalCause[] = [
  {
    pattern: /first (login|log-in|sign[- ]in|use)|initial password|default password/i,
    hint: "The controller asks for this account's password to be changed at its first login. Sign in once on the controller's web page, set a new password, then use that password here.",
  },
  {
    pattern:
      /(must|needs? to|required to) change|change (the |your )?password|password (change|has )?(is )?(required|expired)|expired password/i,
    hint: "This account must change its password before it can be used. Sign in on the controller's web page, change the password, then use the new one here.",
  },
  {
    pattern: /radius/i,
    hint: "The controller checks logins with a RADIUS server that it cannot reach, and only users it has cached can sign in. Use a local account of the controller, or restore the RADIUS server's network, then try again.",
  },
  {
    pattern: /role|rest ?api|api access|permission|not allowed|privilege/i,
    hint: "The account signed in but may not use the REST API. Give it the REST API role in the controller's user management, or use an account that has it.",
  },
];

/** The hint for a refused login (401) or a forbidden request (403), from the controller's own words when it gave some. */
export function signInHint(status: 401 | 403, bodyText: string): string {
  const cause = CAUSES.find((c) => c.pattern.test(bodyText));
  if (cause) return cause.hint;
  return status === 401 ? englishHint('AUTH_FAILED') : englishHint('FORBIDDEN');
}
