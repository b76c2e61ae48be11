/** What replaces a secret in a log record. */
export const REDACTED = '[redacted]';

// Shorter secrets cannot be masked as text without masking ordinary words and digits everywhere; they are
// still removed wherever they sit in their usual places (fields, Basic tokens, cookies, password= pairs).
const MIN_LITERAL = 4;
/** Bounds the literal forms kept: a long-lived app sees many cookies; the oldest are dropped first. */
const MAX_FORMS = 256;
const MAX_DEPTH = 8;

/** Field names whose string values are secrets whatever they hold. */
const SECRET_KEY =
  /pass(word|wd|phrase)?$|^pwd$|secret|^authorization$|^proxy-authorization$|^cookie$|^set-cookie$|token$|^sessionid$/i;

/** Secrets in their usual places in free text: Basic/Bearer tokens, session cookies, password pairs, URL userinfo. */
const PATTERNS: Array<[RegExp, string]> = [
  [/\b(Basic|Bearer|Digest)(\s+)[A-Za-z0-9+/=._~-]{4,}/gi, `$1$2${REDACTED}`],
  [/\b([A-Za-z0-9_.-]*(?:SESSION|SESSID|TOKEN)[A-Za-z0-9_.-]*)=([^;,\s"'&<>]+)/gi, `$1=${REDACTED}`],
  [/\b(pass(?:word|wd)?|pwd)=([^&;,\s"'<>]+)/gi, `$1=${REDACTED}`],
  [/("(?:pass(?:word|wd)?|pwd|secret|token)"\s*:\s*")((?:[^"\\]|\\.)*)"/gi, `$1${REDACTED}"`],
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s/@:]+):([^\s/@]+)@/gi, `$1:${REDACTED}@`],
];

/**
 * Removes secrets from log records: the literal forms it was told of (a password, its Basic token, its URL and
 * JSON forms, session cookie values), secrets in their usual places in any text, and every string under a
 * secret-sounding field name. A child shares its parent's forms and adds its own (one controller's cookies).
 */
export class Redactor {
  private readonly forms = new Set<string>();
  private sorted: string[] = [];

  /** `mask` replaces what is removed (the records' `[redacted]`, or the `•••` error texts have always shown). */
  constructor(
    private readonly parent?: Redactor,
    private readonly mask = REDACTED,
  ) {}

  /** A redactor that also knows secrets of its own (they do not reach the parent). */
  child(): Redactor {
    return new Redactor(this, this.mask);
  }

  /** A password and every form it travels in: plain, `user:password` in base64 (Basic), URL- and JSON-encoded. */
  addPassword(password: string, username?: string): void {
    if (!password) return;
    const forms = [
      password,
      encodeURIComponent(password),
      encodeURIComponent(password).replace(/%20/g, '+'),
      JSON.stringify(password).slice(1, -1),
    ];
    if (username !== undefined) forms.push(Buffer.from(`${username}:${password}`, 'utf8').toString('base64'));
    this.root().add(forms);
  }

  /** A value that must never be written (a session cookie's value), for this redactor and its children. */
  addValue(value: string): void {
    this.add([value, encodeURIComponent(value)]);
  }

  /** `text` with every known secret and every secret in a usual place replaced. */
  text(text: string): string {
    let out = text;
    for (const form of this.allForms()) if (out.includes(form)) out = out.split(form).join(this.mask);
    for (const [pattern, replacement] of PATTERNS)
      out = out.replace(pattern, replacement.split(REDACTED).join(this.mask));
    return out;
  }

  /** A copy of `value` (any JSON-like value) with every string redacted and secret-named fields replaced. */
  value(value: unknown, depth = 0): unknown {
    if (typeof value === 'string') return this.text(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth >= MAX_DEPTH) return '[too deep]';
    if (Array.isArray(value)) return value.map((v) => this.value(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const name = this.text(key);
      out[name] = typeof v === 'string' && SECRET_KEY.test(key) ? this.mask : this.value(v, depth + 1);
    }
    return out;
  }

  private root(): Redactor {
    return this.parent ? this.parent.root() : this;
  }

  private add(forms: string[]): void {
    for (const f of forms) {
      if (f.length < MIN_LITERAL || this.forms.has(f)) continue;
      this.forms.add(f);
      const oldest = this.forms.values().next().value;
      if (this.forms.size > MAX_FORMS && oldest !== undefined) this.forms.delete(oldest);
    }
    // Longest first: a password that contains another secret is masked whole.
    this.sorted = [...this.forms].sort((a, b) => b.length - a.length);
  }

  private allForms(): string[] {
    return this.parent ? [...this.sorted, ...this.parent.allForms()] : this.sorted;
  }
}
