import { CodedError } from '../errors';

/**
 * Normalises a SHA-256 fingerprint typed or pasted by a person ("ab:cd:…", "ABCD…", with spaces) to Node's
 * `fingerprint256` form: upper-case hex pairs joined by colons.
 */
export function normalizeFingerprint(input: string): string {
  const hex = input
    .replace(/^sha-?256[:=\s]*/i, '')
    .replace(/[\s:-]/g, '')
    .toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) {
    throw new CodedError(
      'INVALID_INPUT',
      `"${truncate(input)}" is not a SHA-256 fingerprint: expected 64 hexadecimal digits, with or without colons.`,
    );
  }
  return (hex.match(/../g) ?? []).join(':');
}

/** Whether two fingerprints (any accepted spelling) are the same certificate. */
export function sameFingerprint(a: string, b: string): boolean {
  return normalizeFingerprint(a) === normalizeFingerprint(b);
}

function truncate(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
