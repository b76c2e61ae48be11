import fs from 'node:fs/promises';
import { BackupError } from '../core/device/errors';

/** Reads a text file named by a command-line option, with an error that names the option. */
export async function readFileArg(file: string, option: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new BackupError('INVALID_INPUT', `Cannot read ${option} ${file}: ${(err as Error).message}`);
  }
}
