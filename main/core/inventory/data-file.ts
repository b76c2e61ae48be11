import fs from 'node:fs/promises';
import { CodedError } from '../errors';

/** The text of a file of the data folder, or null when it does not exist yet (a first start). */
export async function readDataFile(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CodedError('DISK_ERROR', `Cannot read ${file}: ${(err as Error).message}`);
  }
}
