import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeBackup } from '../../main/core/archive/store';
import { listTree, tempDir } from '../support/fixtures';

// The narrowest crash window: the backup has its name, the sidecar is not written yet, and the process
// dies. The resumed run downloads the same file again; it must end with one backup, not two.

let root: string;
beforeAll(async () => {
  root = await tempDir('eclypse-place-');
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('placing a backup after a crash', () => {
  it('the same bytes already under the name, without a sidecar, are this backup: kept once, the .part removed', async () => {
    const folder = path.join(root, 'Site', 'AHU-1');
    await fs.mkdir(folder, { recursive: true });
    await fs.writeFile(path.join(folder, 'AHU-1_20260101_000000.ecybackup'), 'zip bytes');
    await fs.writeFile(path.join(folder, 'again.part'), 'zip bytes');
    const placed = await placeBackup(root, folder, path.join(folder, 'again.part'), 'AHU-1_20260101_000000');
    expect(path.basename(placed)).toBe('AHU-1_20260101_000000.ecybackup');
    expect(await listTree(folder)).toEqual(['AHU-1_20260101_000000.ecybackup']);
  });

  it('other bytes under the name are never replaced: the new backup takes the next name', async () => {
    const folder = path.join(root, 'Site', 'AHU-2');
    await fs.mkdir(folder, { recursive: true });
    await fs.writeFile(path.join(folder, 'AHU-2_x.ecybackup'), 'older backup');
    await fs.writeFile(path.join(folder, 'new.part'), 'newer backup');
    const placed = await placeBackup(root, folder, path.join(folder, 'new.part'), 'AHU-2_x');
    expect(path.basename(placed)).toBe('AHU-2_x (2).ecybackup');
    expect(await fs.readFile(path.join(folder, 'AHU-2_x.ecybackup'), 'utf8')).toBe('older backup');
    expect(await fs.readFile(placed, 'utf8')).toBe('newer backup');
  });
});
