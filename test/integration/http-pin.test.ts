import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnownDevices } from '../../main/core/inventory/known-devices';
import { startController } from '../simulator/index';
import type { SimController } from '../simulator/types';
import { listTree, tempDir } from '../support/fixtures';
import { runCli } from '../support/run-cli';

// `backup --http` sends the password readable. A controller that has a pinned certificate speaks HTTPS: asking
// it (or whoever answers on port 80 in its place) over plain HTTP is refused before any byte, unless the
// technician adds --ignore-pin.

let work: string;
let plain: SimController;

beforeAll(async () => {
  work = await tempDir('eclypse-http-pin-');
  plain = await startController({ name: 'PLAIN', plainHttp: true, jobDurationMs: 100, backupBytes: 8 * 1024 });
});
afterAll(async () => {
  await plain.close();
  await fs.rm(work, { recursive: true, force: true });
});

async function dataDirWithPin(name: string): Promise<string> {
  const dataDir = path.join(work, name);
  // The HTTPS side of the same address, trusted earlier (its port differs from the one --http asks).
  await (await KnownDevices.load(dataDir)).pin(plain.host, 443, 'AB:'.repeat(31) + 'AB');
  return dataDir;
}

const backup = (dataDir: string, out: string, extra: string[] = []) =>
  runCli(
    [
      'backup',
      `${plain.host}:${plain.port}`,
      '--http',
      '--user',
      'admin',
      '--password-env',
      'PW',
      '--data-dir',
      dataDir,
      '--out',
      out,
      '--json',
      ...extra,
    ],
    { PW: 'admin' },
  );

describe('backup --http and pins', () => {
  it('refuses plain HTTP to an address with a pinned certificate, before contacting it', async () => {
    const dataDir = await dataDirWithPin('pinned');
    const out = path.join(work, 'archive-refused');
    const r = await backup(dataDir, out);
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout);
    expect(json.error.code).toBe('INVALID_INPUT');
    expect(json.error.message).toContain('pinned on port 443');
    expect(json.error.message).toContain('--ignore-pin');
    expect(plain.requests).toEqual([]);
    expect(await listTree(out)).toEqual([]);
  });

  it('goes ahead with --ignore-pin, and without a pin', async () => {
    const withFlag = await backup(await dataDirWithPin('ignored'), path.join(work, 'archive-ignored'), [
      '--ignore-pin',
    ]);
    expect(withFlag.code, withFlag.stderr).toBe(0);
    expect(JSON.parse(withFlag.stdout).status).toBe('succeeded');
    const unpinned = await backup(path.join(work, 'fresh'), path.join(work, 'archive-fresh'));
    expect(unpinned.code, unpinned.stderr).toBe(0);
  });
});
