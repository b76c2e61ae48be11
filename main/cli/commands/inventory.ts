import type { Command } from 'commander';

/** `inventory`: placeholder registered by the lead; the owner of this command replaces this file. */
export function registerInventory(program: Command): void {
  void program;
}
