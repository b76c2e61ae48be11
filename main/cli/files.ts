import fs from 'node:fs/promises';
import path from 'node:path';
import { CodedError } from '../core/errors';
import { readSiteCa } from '../core/device/site-ca';

/** Reads a site CA file named by `--ca` (PEM or DER; a .p12 is refused with how to export it), as PEM. */
export async function readCaArg(file: string, option: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    throw new CodedError('INVALID_INPUT', `Cannot read ${option} ${file}: ${(err as Error).message}`);
  }
  return readSiteCa(bytes, path.basename(file));
}
