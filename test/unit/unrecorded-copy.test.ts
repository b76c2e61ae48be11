import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findUnrecordedCopy } from '../../main/core/archive/store';
import { tempDir } from '../support/fixtures';

let folder: string;
beforeEach(async () => {
  folder = await tempDir();
});
afterEach(async () => {
  await fs.rm(folder, { recursive: true, force: true });
});

const bytes = Buffer.from('PK a backup placed before its sidecar');
const download = { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };

describe('a backup placed by a killed process before its sidecar', () => {
  it('is found by name, size and SHA-256 of the new download', async () => {
    await fs.writeFile(path.join(folder, 'AHU-1_x.ecybackup'), 'an older backup, recorded');
    await fs.writeFile(path.join(folder, 'AHU-1_x.ecybackup.json'), '{}');
    await fs.writeFile(path.join(folder, 'AHU-1_x (2).ecybackup'), bytes);
    expect(await findUnrecordedCopy(folder, 'AHU-1_x', download)).toBe(path.join(folder, 'AHU-1_x (2).ecybackup'));
  });

  it("is not a file with a sidecar, other bytes, or another device file's name", async () => {
    await fs.writeFile(path.join(folder, 'AHU-1_x.ecybackup'), bytes);
    await fs.writeFile(path.join(folder, 'AHU-1_x.ecybackup.json'), '{}');
    await fs.writeFile(path.join(folder, 'AHU-1_x (2).ecybackup'), Buffer.from(bytes).fill(0x41, 2));
    await fs.writeFile(path.join(folder, 'AHU-1_x_older.ecybackup'), bytes);
    await fs.writeFile(path.join(folder, 'AHU-1_x (3).ecybackup.part'), bytes);
    expect(await findUnrecordedCopy(folder, 'AHU-1_x', download)).toBeUndefined();
  });
});
