import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findUnrecordedCopy, removeStaleParts } from '../../main/core/archive/store';
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

/** The id of a process that has ended: what a killed run leaves in its file names. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('close', resolve));
  return child.pid ?? 0;
}

describe('the next run in the folder of a process killed while saving', () => {
  const record = { schemaVersion: 1, deviceFileName: 'AHU-1_x', file: '', ...download, device: { name: 'AHU-1' } };

  it('records the named backup from the pending record (its sidecar, with its name) and removes the rest', async () => {
    const pid = await deadPid();
    await fs.writeFile(path.join(folder, 'AHU-1_x.ecybackup'), bytes);
    await fs.writeFile(path.join(folder, `AHU-1_x.ecybackup.${pid}-0a1b.part.json`), JSON.stringify(record));
    await fs.writeFile(path.join(folder, `AHU-1_x.ecybackup.json.${pid}-0a1b2c.tmp`), '{"half');
    await removeStaleParts(folder);
    expect((await fs.readdir(folder)).sort()).toEqual(['AHU-1_x.ecybackup', 'AHU-1_x.ecybackup.json']);
    const sidecar = JSON.parse(await fs.readFile(path.join(folder, 'AHU-1_x.ecybackup.json'), 'utf8')) as {
      file: string;
      sha256: string;
      device: { name: string };
    };
    expect(sidecar).toMatchObject({ file: 'AHU-1_x.ecybackup', sha256: download.sha256, device: { name: 'AHU-1' } });
  });

  it('records nothing for a file with other bytes, and leaves the files of a run still going', async () => {
    const pid = await deadPid();
    await fs.writeFile(path.join(folder, 'AHU-1_x.ecybackup'), Buffer.from(bytes).fill(0x41, 2));
    await fs.writeFile(path.join(folder, `AHU-1_x.ecybackup.${pid}-0a1b.part.json`), JSON.stringify(record));
    await fs.writeFile(path.join(folder, `AHU-1_x.ecybackup.${process.pid}-0c.part`), bytes);
    await fs.writeFile(path.join(folder, `AHU-1_x.ecybackup.${process.pid}-0c.part.json`), JSON.stringify(record));
    await removeStaleParts(folder);
    expect((await fs.readdir(folder)).sort()).toEqual([
      'AHU-1_x.ecybackup',
      `AHU-1_x.ecybackup.${process.pid}-0c.part`,
      `AHU-1_x.ecybackup.${process.pid}-0c.part.json`,
    ]);
  });
});
