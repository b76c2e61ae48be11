import fs from 'node:fs/promises';
import path from 'node:path';
import { SaidError } from './said-error';
import { readSiteCa } from '../core/device/site-ca';

/** Reads a site CA file named by `--ca` (PEM or DER; a .p12 is refused with how to export it), as PEM. */
export async function readCaArg(file: string, option: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    throw new SaidError('INVALID_INPUT', 'cli.input.unreadable-option', {
      option,
      file,
      reason: (err as Error).message,
    });
  }
  return readSiteCa(bytes, path.basename(file));
}
