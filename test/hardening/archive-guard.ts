import fs from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { listTree, sha256File } from '../support/fixtures';

/** Every file under the archive with its SHA-256, to prove later that none was changed or removed. */
export async function snapshotArchive(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const file of await listTree(root)) out.set(file, await sha256File(path.join(root, file)));
  return out;
}

/** Files that appeared since a snapshot (relative paths, sorted). */
export async function newFiles(root: string, before: Map<string, string>): Promise<string[]> {
  return (await listTree(root)).filter((f) => !before.has(f));
}

/**
 * The promise of every failure: each file that was in the archive is still there, byte for byte; no
 * `.part` is left anywhere; and nothing was written beside the archive folder (its parent holds only it).
 */
export async function expectArchiveIntact(root: string, before: Map<string, string>, label: string): Promise<void> {
  const after = await snapshotArchive(root);
  for (const [file, hash] of before) expect(after.get(file), `${label}: ${file} changed or vanished`).toBe(hash);
  expect(
    [...after.keys()].filter((f) => f.includes('.part')),
    `${label}: partial download left`,
  ).toEqual([]);
  expect(await fs.readdir(path.dirname(root)), `${label}: something was written beside the archive`).toEqual([
    path.basename(root),
  ]);
}

/** Every backup file in the archive has a sidecar whose size and SHA-256 match it. */
export async function expectSidecarsMatch(root: string): Promise<number> {
  const files = (await listTree(root)).filter((f) => f.endsWith('.ecybackup'));
  for (const file of files) {
    const sidecar = JSON.parse(await fs.readFile(path.join(root, `${file}.json`), 'utf8')) as {
      sha256: string;
      bytes: number;
    };
    const full = path.join(root, file);
    expect(await sha256File(full), `${file} does not match its sidecar`).toBe(sidecar.sha256);
    expect((await fs.stat(full)).size).toBe(sidecar.bytes);
  }
  return files.length;
}
