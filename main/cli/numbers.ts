import { CodedError } from '../core/errors';

/** Parses a whole number from an option, within 1..max (0..max with allowZero), naming the option if not. */
export function parsePositiveInt(text: string, option: string, max: number, allowZero = false): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(n) || n < (allowZero ? 0 : 1) || n > max) {
    throw new CodedError('INVALID_INPUT', `${option} must be a whole number from ${allowZero ? 0 : 1} to ${max}, not "${text}".`);
  }
  return n;
}
