import fs from 'node:fs/promises';
import type { z } from 'zod';
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

/**
 * A JSON file of the data folder checked against its schema, or null when it does not exist yet. A damaged
 * file is refused and left as it is: the technician's pins or profiles are never overwritten by a blank.
 */
export async function readDataJson<T>(file: string, schema: z.ZodType<T>, what: string): Promise<T | null> {
  const text = await readDataFile(file);
  if (text === null) return null;
  try {
    return schema.parse(JSON.parse(text));
  } catch {
    throw new CodedError(
      'INVALID_INPUT',
      `${file} is not a valid ${what}. Fix or move it away; it was left untouched.`,
    );
  }
}
