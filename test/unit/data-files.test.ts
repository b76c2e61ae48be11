import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KnownDevices } from '../../main/core/inventory/known-devices';
import { CredentialProfiles, CREDENTIALS_FILE } from '../../main/core/secrets/credential-profiles';
import { MemoryStore } from '../../main/core/secrets/memory-store';
import { tempDir } from '../support/fixtures';

// The pins and the credential profiles are the technician's own work: a damaged file is named and refused,
// never read as empty and then overwritten by the next save.
let dataDir: string;
beforeEach(async () => {
  dataDir = await tempDir();
});
afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

const cases = [
  { file: 'known-devices.json', what: 'pin store', load: () => KnownDevices.load(dataDir) },
  {
    file: CREDENTIALS_FILE,
    what: 'credential profile list',
    load: () => CredentialProfiles.load(dataDir, new MemoryStore()),
  },
];

describe('data files of the laptop', () => {
  for (const c of cases) {
    it(`an absent ${c.what} is empty; a damaged one is refused by name and left as it was`, async () => {
      await expect(c.load()).resolves.toBeTruthy();
      for (const damaged of ['{"devices": {"a:443": ', '{"version": 1, "devices": 7, "profiles": 7}']) {
        const file = path.join(dataDir, c.file);
        await fs.writeFile(file, damaged);
        await expect(c.load()).rejects.toMatchObject({
          code: 'INVALID_INPUT',
          message: `${file} is not a valid ${c.what}. Fix or move it away; it was left untouched.`,
        });
        expect(await fs.readFile(file, 'utf8')).toBe(damaged);
      }
    });
  }
});
