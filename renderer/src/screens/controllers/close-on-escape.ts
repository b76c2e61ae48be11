import type { KeyboardEvent } from 'react';

/** Esc closes a panel (the form or the import) unless a field used the key itself (a search clearing its text). */
export function closeOnEscape(e: KeyboardEvent, close: () => void): void {
  if (e.key !== 'Escape' || e.defaultPrevented) return;
  e.preventDefault();
  close();
}
