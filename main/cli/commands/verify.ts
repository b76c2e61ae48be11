import type { Command } from 'commander';

/** `verify`: placeholder registered by the lead; the owner of this command replaces this file. */
export function registerVerify(program: Command): void {
  void program;
}
