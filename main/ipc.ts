import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { toErrorInfo } from './core/errors';
import { englishHint } from '../shared/errors';
import type { Dispatch } from './app/dispatch';
import {
  CALL_NAMES,
  CALLS,
  type ApiError,
  type CallName,
  type EventName,
  type EventPayload,
  type Result,
} from '../preload/api';

/** Sends one event to the window (main/index.ts: `webContents.send`). */
export type SendEvent = <K extends EventName>(channel: K, payload: EventPayload<K>) => void;

const FORBIDDEN_SENDER: ApiError = {
  code: 'FORBIDDEN_SENDER',
  message: "This call did not come from the app's own window, so it was refused.",
  hint: 'Nothing was done. Restart the app if this keeps happening.',
};

// Bounds on what a rejected payload can make main write into an answer.
const MAX_ISSUES = 3;
const MAX_ISSUE_CHARS = 160;
const MAX_MESSAGE_CHARS = 500;
const SAFE_NAME = /^[A-Za-z0-9_]{1,40}$/;
const MASK = '•••';

/** Serves every call of the contract: one `ipcMain.handle` per channel, sender checked, payload validated. */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  dispatch: Dispatch,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): void {
  for (const channel of CALL_NAMES) {
    // Only the first argument is the request: the preload never sends more, and extras are ignored unread.
    ipcMain.handle(channel, (event, request: unknown) => serveCall(channel, dispatch, isTrustedSender(event), request));
  }
}

/** One call, from an untrusted payload to a result; never throws, never echoes a password. */
export async function serveCall(
  channel: CallName,
  dispatch: Dispatch,
  trusted: boolean,
  request: unknown,
): Promise<Result<unknown>> {
  if (!trusted) return { ok: false, error: FORBIDDEN_SENDER };
  const parsed = CALLS[channel].request.safeParse(request);
  if (!parsed.success) {
    const message = redact(describeIssues(parsed.error.issues), [...passwordsIn(request), ...longStringsIn(request)]);
    return { ok: false, error: { code: 'INVALID_INPUT', message, hint: englishHint('INVALID_INPUT') } };
  }
  try {
    // The table is typed per channel; TypeScript cannot correlate CALLS[channel] with dispatch[channel].
    const handler = dispatch[channel] as (request: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    const info = toErrorInfo(err);
    // A library may quote what it was given; a password must not ride back on its message.
    return { ok: false, error: { ...info, message: redact(info.message, passwordsIn(request)) } };
  }
}

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
}

/** `credential.password: Too big: …; port: Invalid input: …`, built only from the schema's words and safe field names. */
function describeIssues(issues: readonly Issue[]): string {
  const parts = issues.slice(0, MAX_ISSUES).map((issue) => {
    const at =
      issue.path
        .map((p) => (typeof p === 'number' ? `[${p}]` : typeof p === 'string' && SAFE_NAME.test(p) ? p : '?'))
        .join('.') || 'request';
    const what =
      issue.code === 'unrecognized_keys'
        ? `unknown field(s) ${
            (issue.keys ?? [])
              .filter((k) => SAFE_NAME.test(k))
              .slice(0, 5)
              .join(', ') || '(unnamed)'
          }`
        : issue.message;
    return `${at}: ${what.slice(0, MAX_ISSUE_CHARS)}`;
  });
  const more = issues.length > MAX_ISSUES ? ` (and ${issues.length - MAX_ISSUES} more)` : '';
  return `${parts.join('; ')}${more}`.slice(0, MAX_MESSAGE_CHARS);
}

function redact(message: string, secrets: string[]): string {
  let out = message;
  for (const s of secrets) if (s && out.includes(s)) out = out.split(s).join(MASK);
  return out;
}

/** Every string found under a `password` key, however deep (bounded: the payload is not validated yet). */
function passwordsIn(request: unknown): string[] {
  return stringsIn(request, (key) => key.toLowerCase().includes('password'));
}

/** Any long string value of the payload: a secret given under the wrong name is still never echoed. */
function longStringsIn(request: unknown): string[] {
  return stringsIn(request, () => true).filter((s) => s.length >= 8);
}

function stringsIn(
  value: unknown,
  underKey: (key: string) => boolean,
  depth = 0,
  key = '',
  out: string[] = [],
): string[] {
  if (depth > 8 || out.length >= 2000) return out;
  if (typeof value === 'string') {
    if (underKey(key)) out.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value.slice(0, 2000)) stringsIn(v, underKey, depth + 1, key, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value).slice(0, 2000)) stringsIn(v, underKey, depth + 1, k, out);
  }
  return out;
}
