import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { prepareArchiveFolder } from '../../main/core/archive/private-files';
import { writeRunReports } from '../../main/core/reports/reports';
import type { RunRecord } from '../../shared/run-record';
import { startController } from '../simulator/index';
import type { SimController } from '../simulator/types';
import { listTree, tempDir } from '../support/fixtures';
import { runCli } from '../support/run-cli';

// Backups hold the controller's user database and certificates. On POSIX the archive's folders are 0700 and
// its files 0600 whatever the umask; an archive folder every user may write into is refused before any
// controller is asked for a backup; and no write follows a link someone placed in the archive.

let work: string;
const sims: SimController[] = [];

beforeAll(async () => {
  work = await tempDir('eclypse-modes-');
});
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await fs.rm(work, { recursive: true, force: true });
});

async function controller(spec: Parameters<typeof startController>[0]): Promise<SimController> {
  const s = await startController({ jobDurationMs: 50, backupBytes: 8 * 1024, ...spec });
  sims.push(s);
  return s;
}

const mode = async (p: string): Promise<string> => ((await fs.lstat(p)).mode & 0o777).toString(8);

function inventoryLine(s: SimController, site: string): string {
  return `${s.spec.name},${s.host},${s.port},${site},admin,${s.fingerprint}`;
}

async function bulk(s: SimController, site: string, out: string): Promise<Awaited<ReturnType<typeof runCli>>> {
  const csv = path.join(work, `${path.basename(out)}.csv`);
  await fs.writeFile(csv, `name,host,port,site,username,fingerprint\n${inventoryLine(s, site)}\n`);
  return runCli(
    [
      'bulk',
      '--inventory',
      csv,
      '--password-env',
      'PW',
      '--data-dir',
      path.join(work, `${path.basename(out)}-data`),
      '--out',
      out,
    ],
    { PW: 'admin' },
  );
}

describe('archive file modes (POSIX)', () => {
  it('a bulk run with umask 022 leaves every folder it made 0700 and every file 0600, and closes an older open folder', async () => {
    expect(process.umask() & 0o077).not.toBe(0o077); // the umask alone would leave them readable
    const s = await controller({ name: 'AHU-1' });
    const out = path.join(work, 'archive');
    // A site folder an earlier version made readable by everyone.
    await fs.mkdir(path.join(out, 'Plant'), { recursive: true, mode: 0o755 });
    await fs.chmod(out, 0o755);
    const r = await bulk(s, 'Plant', out);
    expect(r.code, r.stderr).toBe(0);
    const files = await listTree(out);
    expect(files.some((f) => f.endsWith('.ecybackup'))).toBe(true);
    expect(files.some((f) => f.endsWith('.ecybackup.json'))).toBe(true);
    expect(files.filter((f) => f.startsWith(`reports${path.sep}`))).toHaveLength(3);
    for (const f of files) expect(`${f} ${await mode(path.join(out, f))}`).toBe(`${f} 600`);
    for (const d of ['Plant', path.join('Plant', 'AHU-1'), 'reports'])
      expect(`${d} ${await mode(path.join(out, d))}`).toBe(`${d} 700`);
    // The root was the technician's (0755): left as it was.
    expect(await mode(out)).toBe('755');
  });

  it('an archive folder it creates itself is 0700', async () => {
    const s = await controller({ name: 'AHU-2' });
    const out = path.join(work, 'new', 'archive');
    expect((await bulk(s, 'Plant', out)).code).toBe(0);
    expect(await mode(out)).toBe('700');
  });

  it('refuses a world-writable archive folder with what to do, before contacting any controller', async () => {
    const s = await controller({ name: 'AHU-3' });
    const out = path.join(work, 'shared');
    await fs.mkdir(out, { recursive: true });
    await fs.chmod(out, 0o777);
    const r = await runCli(
      [
        'backup',
        `${s.host}:${s.port}`,
        '--user',
        'admin',
        '--password-env',
        'PW',
        '--fingerprint',
        s.fingerprint,
        '--data-dir',
        path.join(work, 'shared-data'),
        '--out',
        out,
        '--json',
      ],
      { PW: 'admin' },
    );
    expect(r.code).toBe(1);
    const error = JSON.parse(r.stdout).error;
    expect(error.code).toBe('DISK_ERROR');
    expect(error.message).toContain('every user of this computer');
    expect(error.message).toContain('chmod o-w');
    expect(s.requests).toEqual([]);
    expect(await listTree(out)).toEqual([]);
  });
});

describe('links placed in the archive', () => {
  it('a controller folder that is a link to elsewhere is refused; nothing is written there', async () => {
    const s = await controller({ name: 'AHU-4' });
    const out = path.join(work, 'linked');
    const elsewhere = path.join(work, 'elsewhere');
    await fs.mkdir(path.join(out, 'Plant'), { recursive: true });
    await fs.mkdir(elsewhere);
    await fs.symlink(elsewhere, path.join(out, 'Plant', 'AHU-4'));
    const r = await bulk(s, 'Plant', out);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('DISK_ERROR');
    expect(await fs.readdir(elsewhere)).toEqual([]);
    expect(s.createdJobs).toBe(0);
  });

  it('a report rewritten over a link (Export report again) replaces the link, never writes through it', async () => {
    const s = await controller({ name: 'AHU-5' });
    const out = path.join(work, 'planted');
    expect((await bulk(s, 'Plant', out)).code).toBe(0);
    const reports = path.join(out, 'reports');
    const json = path.join(
      reports,
      (await fs.readdir(reports)).find((n) => n.endsWith('.json'))!,
    );
    const record = JSON.parse(await fs.readFile(json, 'utf8')) as RunRecord;
    const victim = path.join(work, 'victim.txt');
    await fs.writeFile(victim, 'precious');
    await fs.rm(json);
    await fs.symlink(victim, json);
    await writeRunReports(out, record);
    expect(await fs.readFile(victim, 'utf8')).toBe('precious');
    const st = await fs.lstat(json);
    expect(st.isSymbolicLink()).toBe(false);
    expect((st.mode & 0o777).toString(8)).toBe('600');
    expect(JSON.parse(await fs.readFile(json, 'utf8')).runId).toBe(record.runId);
  });

  it('a folder of the archive that belongs to another user is refused', async () => {
    let root: string;
    let folder: string;
    if (process.getuid!() === 0) {
      root = path.join(work, 'foreign');
      folder = path.join(root, 'Plant');
      await fs.mkdir(folder, { recursive: true, mode: 0o755 });
      execFileSync('chown', ['65534:65534', folder]);
    } else {
      // Not root: a folder root owns stands in for another user's (refused before anything touches it).
      root = '/';
      folder = '/usr';
    }
    await expect(prepareArchiveFolder(root, path.join(folder, 'AHU-6'))).rejects.toThrow(/belongs to another user/);
    if (root !== '/') expect(await fs.readdir(folder)).toEqual([]);
  });
});
