import type { Command } from 'commander';

/** `credentials`: placeholder registered by the lead; the owner of this command replaces this file. */
export function registerCredentials(program: Command): void {
  void program;
}
