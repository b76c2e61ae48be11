import { SaidError } from './said-error';

/** Parses a whole number from an option, within 1..max (0..max with allowZero), naming the option if not. */
export function parsePositiveInt(text: string, option: string, max: number, allowZero = false): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(n) || n < (allowZero ? 0 : 1) || n > max) {
    throw new SaidError('INVALID_INPUT', 'cli.input.whole-number', {
      option,
      min: allowZero ? '0' : '1',
      max: String(max),
      text,
    });
  }
  return n;
}
