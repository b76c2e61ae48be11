import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneArchive } from '../../main/core/reports/prune';
import { startController } from '../simulator/index';
import type { SimController } from '../simulator/types';
import { backupSim, listTree, tempDir } from '../support/fixtures';
import { runCli } from '../support/run-cli';

// Two controllers that call themselves the same (the factory default "ECLYPSE": same host name, and here even
// the same hostId, as a cloned or lying controller would say) must never lose each other's backups: `prune`
// counts backups per controller as their records name it (address and hostId), and the CLI names a folder by
// the inventory or the address, never only by what the controller says.

let work: string;
let first: SimController;
let twin: SimController;

beforeAll(async () => {
  work = await tempDir('eclypse-prune-identity-');
  // Same spec name: same hostName and hostId reported, different address.
  first = await startController({ name: 'ECLYPSE', backupBytes: 8 * 1024, jobDurationMs: 30 });
  twin = await startController({ name: 'ECLYPSE', backupBytes: 8 * 1024, jobDurationMs: 30 });
});
afterAll(async () => {
  await Promise.all([first.close(), twin.close()]);
  await fs.rm(work, { recursive: true, force: true });
});

describe('prune by controller identity', () => {
  it("keeps the newest of EACH controller when two share a folder, deleting only the first one's older backups", async () => {
    const archive = path.join(work, 'shared-folder');
    // An archive as an earlier version (or a run naming both "ECLYPSE") left it: one folder, two controllers.
    const sameFolder = { name: 'ECLYPSE', site: 'Plant' };
    const twinOnly = await backupSim(twin, archive, {
      controller: { host: twin.host, port: twin.port, protocol: 'https', pin: twin.fingerprint, ...sameFolder },
    });
    expect(twinOnly.status, JSON.stringify(twinOnly.error)).toBe('succeeded');
    const firsts: string[] = [];
    for (let i = 0; i < 3; i++) {
      const o = await backupSim(first, archive, {
        controller: { host: first.host, port: first.port, protocol: 'https', pin: first.fingerprint, ...sameFolder },
      });
      expect(o.status).toBe('succeeded');
      firsts.push(path.relative(archive, o.backup!.file!));
    }
    const twinFile = path.relative(archive, twinOnly.backup!.file!);
    expect(path.dirname(twinFile)).toBe(path.dirname(firsts[0]!));

    const report = await pruneArchive(archive, { keep: 1, dryRun: false });
    const left = (await listTree(archive)).filter((f) => f.endsWith('.ecybackup'));
    // The twin's only backup, older than all of the first's, is kept; of the first's, only the newest.
    expect(left.sort()).toEqual([twinFile, firsts[2]!].sort());
    expect(report.folders.map((f) => f.identity?.port).sort()).toEqual([first.port, twin.port].sort());
    expect(report.totals).toMatchObject({ kept: 2, deleted: 2, failed: 0 });
    for (const f of report.folders) expect(f.identity?.hostId).toBe(report.folders[0]!.identity!.hostId);
  });

  it('never deletes a backup whose record does not say which controller made it', async () => {
    const archive = path.join(work, 'no-identity');
    const files: string[] = [];
    for (let i = 0; i < 2; i++) files.push((await backupSim(first, archive)).backup!.file!);
    for (const f of files) {
      const sidecar = JSON.parse(await fs.readFile(`${f}.json`, 'utf8'));
      delete sidecar.device.hostId;
      await fs.writeFile(`${f}.json`, JSON.stringify(sidecar));
    }
    const report = await pruneArchive(archive, { keep: 1, dryRun: false });
    expect(report.totals).toMatchObject({ kept: 2, deleted: 0 });
    expect(report.folders[0]!.backups.map((b) => b.reason)).toEqual(
      expect.arrayContaining([expect.stringContaining('does not say which controller')]),
    );
  });
});

describe('CLI archive folders', () => {
  const args = (c: SimController, dataDir: string, out: string) => [
    'backup',
    `${c.host}:${c.port}`,
    '--user',
    'admin',
    '--password-env',
    'PW',
    '--fingerprint',
    c.fingerprint,
    '--data-dir',
    dataDir,
    '--out',
    out,
    '--json',
  ];

  it('names the folder by the address when the controller is not in the inventory, so same-named controllers stay apart', async () => {
    const out = path.join(work, 'cli-archive');
    const dataDir = path.join(work, 'cli-data');
    for (const c of [first, twin]) {
      const r = await runCli(args(c, dataDir, out), { PW: 'admin' });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).device.hostName).toBe('ECLYPSE');
    }
    const folders = [...new Set((await listTree(out)).map((f) => path.dirname(f)))].sort();
    expect(folders).toEqual(
      [path.join('unassigned', `127.0.0.1_${first.port}`), path.join('unassigned', `127.0.0.1_${twin.port}`)].sort(),
    );
    // And a prune of this archive keeps each controller's backup.
    const prune = await runCli(['prune', '--keep', '1', '--out', out]);
    expect(prune.code, prune.stderr).toBe(0);
    expect((await listTree(out)).filter((f) => f.endsWith('.ecybackup'))).toHaveLength(2);
    expect(prune.stdout).toContain(`127.0.0.1:${first.port}, controller id`);
  });

  it('uses the inventory name and site when the controller is in the inventory', async () => {
    const out = path.join(work, 'cli-inventory-archive');
    const dataDir = path.join(work, 'cli-inventory-data');
    const csv = path.join(work, 'inventory.csv');
    await fs.writeFile(csv, `name,host,port,site\nBoiler room AHU,${first.host},${first.port},North wing\n`);
    expect((await runCli(['inventory', 'import', csv, '--data-dir', dataDir])).code).toBe(0);
    const r = await runCli(args(first, dataDir, out), { PW: 'admin' });
    expect(r.code, r.stderr).toBe(0);
    const files = await listTree(out);
    expect(files.every((f) => f.startsWith(path.join('North wing', 'Boiler room AHU') + path.sep))).toBe(true);
  });
});
