// Text a controller (or a CSV, or a certificate) supplies reaches the technician's terminal: an escape sequence
// in a file name could retitle the window, clear the screen, or redraw a "✓ saved" line; a right-to-left
// override could show one file name as another; a 5 000-character name floods the screen. Everything the CLI
// prints for a person passes through here; --json output stays faithful but escapes what a terminal would act on.

/** Longest line printed for a person; the rest is cut with "…". */
export const MAX_TERMINAL_LINE = 400;

// ESC-introduced sequences, whole: CSI (ESC [ … final), OSC/DCS/SOS/PM/APC (ESC ] … BEL or ST), and two-byte
// ones (ESC + one character). Also their 8-bit forms (CSI = U+009B, OSC = U+009D, …).
const ESCAPE_SEQUENCES =
  // eslint-disable-next-line no-control-regex -- escape sequences are what this file removes
  /\u001b\[[0-?]*[ -/]*[@-~]?|\u009b[0-?]*[ -/]*[@-~]?|[\u001b][\]PX^_][\s\S]*?(?:\u0007|\u001b\\|\u009c|$)|[\u0090\u0098\u009d\u009e\u009f][\s\S]*?(?:\u0007|\u001b\\|\u009c|$)|\u001b[\s\S]?/g;
// Line breaks and tabs become a space: a controller's message must not start a line of its own.
const BLANKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
// Every other C0/C1 control and DEL; bidirectional overrides and isolates; invisible joiners and marks that
// change how a name reads without being seen.
// eslint-disable-next-line no-control-regex -- escape sequences are what this file removes
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

/** One value made safe for a terminal line: no control or escape sequence, no bidi override, at most `max` characters. */
export function terminalText(value: unknown, max = MAX_TERMINAL_LINE): string {
  const text = String(value ?? '')
    .replace(ESCAPE_SEQUENCES, '')
    .replace(BLANKS, ' ')
    .replace(INVISIBLE, '');
  return cut(text, max);
}

/** Several lines for a person (our own line breaks kept), each made safe and bounded like terminalText. */
export function terminalLines(text: string, maxLine = MAX_TERMINAL_LINE): string {
  return text
    .split('\n')
    .map((line) => terminalText(line, maxLine))
    .join('\n');
}

// JSON.stringify escapes C0 controls but leaves C1 controls (U+009B is CSI), DEL, line separators and bidi
// overrides raw. As \uXXXX they are the same JSON value, and inert on a terminal.
const JSON_RAW = /[\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

/** A value as one line of JSON that parses back to exactly it and holds no character a terminal acts on. */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value).replace(JSON_RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  // Never half a surrogate pair.
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  return `${text.slice(0, end)}…`;
}
