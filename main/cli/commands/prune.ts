import type { Command } from 'commander';

/** `prune`: placeholder registered by the lead; the owner of this command replaces this file. */
export function registerPrune(program: Command): void {
  void program;
}
