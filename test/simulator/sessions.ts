import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Faults } from './types';

/** Name of the session cookie ECLYPSE controllers set. */
export const SESSION_COOKIE = 'ECLYPSERESTSESSIONID';

/** Outcome of checking a request's credentials. */
export type AuthOutcome =
  { ok: true; setCookie?: string } | { ok: false; refusal?: NonNullable<Faults['loginRefusal']> };

/** Whether a request carries `Authorization: Basic ...` (recorded for every request). */
export function hasBasic(req: IncomingMessage): boolean {
  return /^basic\s/i.test(String(req.headers.authorization ?? ''));
}

function basicCredentials(req: IncomingMessage): { user: string; pass: string } | undefined {
  const match = /^basic\s+(\S+)/i.exec(String(req.headers.authorization ?? ''));
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), pass: decoded.slice(colon + 1) };
}

function sessionCookie(req: IncomingMessage): string | undefined {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The controller's login sessions: every Basic request opens a new one (an audit entry on a real device). */
export class SessionBook {
  /** Requests authenticated on each live session, for the sessionExpiresAfter fault. */
  private readonly sessions = new Map<string, number>();
  private opened = 0;

  constructor(
    private readonly credentials: { username: string; password: string },
    private readonly secureCookie: boolean,
  ) {}

  /** Number of sessions opened so far (one per accepted Basic request). */
  get sessionsOpened(): number {
    return this.opened;
  }

  /** Accepts valid Basic (opening a session) or a live session cookie; refuses everything else. */
  check(req: IncomingMessage, faults: Faults): AuthOutcome {
    if (faults.rejectAllLogins) return { ok: false };
    if (hasBasic(req)) {
      // A wrong Basic is refused even if a good cookie rides along: the device checks what was presented.
      const creds = basicCredentials(req);
      const valid =
        creds !== undefined &&
        sameText(creds.user, this.credentials.username) &&
        sameText(creds.pass, this.credentials.password);
      if (!valid) return { ok: false };
      if (faults.loginRefusal) return { ok: false, refusal: faults.loginRefusal };
      const id = randomBytes(16).toString('hex');
      this.sessions.set(id, 1);
      this.opened += 1;
      const secure = this.secureCookie ? '; Secure' : '';
      return { ok: true, setCookie: `${SESSION_COOKIE}=${id}; Path=/${secure}; HttpOnly` };
    }
    const id = sessionCookie(req);
    const uses = id === undefined ? undefined : this.sessions.get(id);
    if (id === undefined || uses === undefined) return { ok: false };
    // The request that opened the session counts as its first use.
    if (faults.sessionExpiresAfter !== undefined && uses >= faults.sessionExpiresAfter) {
      this.sessions.delete(id);
      return { ok: false };
    }
    this.sessions.set(id, uses + 1);
    return { ok: true };
  }
}
