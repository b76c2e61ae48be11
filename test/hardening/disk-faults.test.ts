import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startController } from '../simulator/index';
import type { SimController } from '../simulator/types';
import { backupSim, tempDir } from '../support/fixtures';
import { snapshotArchive } from './archive-guard';

// A full disk and a read-only archive are real here: the built CLI runs in a private mount namespace
// (`unshare -Urm`, no root needed) whose archive folder is a small tmpfs, filled up, then remounted
// read-only. The controller is simulated in this process; the namespace shares its network.

const run = promisify(execFile);
const CLI = path.resolve('dist/cli.cjs');

const SCRIPT = `
set -u
mount -t tmpfs -o size=4m tmpfs "$ARCHIVE"
cp -a "$SEED/." "$ARCHIVE/"
backup() { "$NODE" "$CLI" backup "$ADDRESS" --user admin --password-env CTRL_PW --fingerprint "$PIN" --data-dir "$DATA" --out "$ARCHIVE" --json > "$OUT/$1.json" 2> "$OUT/$1.err"; echo $? > "$OUT/$1.code"; }
state() { (cd "$ARCHIVE" && find . -type f ! -name filler | sort | xargs -r sha256sum) > "$OUT/$1.sha"; }
# Full: leave 256 KiB free for a 1.5 MiB backup.
avail=$(df --output=avail -k "$ARCHIVE" | tail -1)
head -c $(( (avail - 256) * 1024 )) /dev/zero > "$ARCHIVE/filler" 2>/dev/null
backup full; state full
# Space freed: the same backup now succeeds.
rm "$ARCHIVE/filler"
backup freed; state freed
# Read-only (a write-protected USB stick, a share mounted read-only).
mount -o remount,ro "$ARCHIVE"
backup readonly; state readonly
`;

let ctrl: SimController;
let work: string;

beforeAll(async () => {
  work = await tempDir('eclypse-disk-');
  ctrl = await startController({ name: 'AHU-DISK', site: 'Roof', jobDurationMs: 80, backupBytes: 1536 * 1024 });
  // Last week's backup, already in the archive the tmpfs is seeded with.
  const seedCtrl = await startController({ name: 'AHU-DISK', site: 'Roof', jobDurationMs: 50, backupBytes: 64 * 1024 });
  const outcome = await backupSim(seedCtrl, path.join(work, 'seed'));
  await seedCtrl.close();
  expect(outcome.error).toBeNull();
  await Promise.all(['archive', 'out', 'data'].map((d) => fs.mkdir(path.join(work, d))));
});
afterAll(async () => {
  await ctrl.close();
  await fs.rm(work, { recursive: true, force: true });
});

async function step(name: string): Promise<{
  code: number;
  out: {
    status: string;
    error: { code: string; message: string } | null;
    backup: { file: string; sha256: string } | null;
  };
  files: Map<string, string>;
}> {
  const out = path.join(work, 'out');
  const text = await fs.readFile(path.join(out, `${name}.json`), 'utf8');
  const files = new Map(
    (await fs.readFile(path.join(out, `${name}.sha`), 'utf8'))
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [hash, file] = l.split(/\s+/);
        return [file!.replace(/^\.\//, ''), hash!] as [string, string];
      }),
  );
  return { code: Number(await fs.readFile(path.join(out, `${name}.code`), 'utf8')), out: JSON.parse(text), files };
}

describe('archive write faults', () => {
  it('disk full: DISK_ERROR, no .part, the old backup intact; space freed: the backup succeeds; read-only: DISK_ERROR', async () => {
    const seed = await snapshotArchive(path.join(work, 'seed'));
    await run('unshare', ['-Urm', 'sh', '-c', SCRIPT], {
      env: {
        ...process.env,
        CTRL_PW: 'admin',
        NODE: process.execPath,
        CLI,
        ARCHIVE: path.join(work, 'archive'),
        SEED: path.join(work, 'seed'),
        OUT: path.join(work, 'out'),
        DATA: path.join(work, 'data'),
        ADDRESS: `${ctrl.host}:${ctrl.port}`,
        PIN: ctrl.fingerprint,
      },
      timeout: 90_000,
    });

    const full = await step('full');
    expect(full.code).toBe(1);
    expect(full.out.error?.code, full.out.error?.message).toBe('DISK_ERROR');
    expect(full.files).toEqual(seed);

    const freed = await step('freed');
    expect(freed.code).toBe(0);
    expect(freed.out.status).toBe('succeeded');
    for (const [file, hash] of seed) expect(freed.files.get(file)).toBe(hash);
    expect(freed.files.size).toBe(seed.size + 2);

    const readonly = await step('readonly');
    expect(readonly.code).toBe(1);
    expect(readonly.out.error?.code, readonly.out.error?.message).toBe('DISK_ERROR');
    expect(readonly.files).toEqual(freed.files);
    // No partial download survived any of the three.
    for (const s of [full, freed, readonly]) expect([...s.files.keys()].filter((f) => f.includes('.part'))).toEqual([]);
  });
});
