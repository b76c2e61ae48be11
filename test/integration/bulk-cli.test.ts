import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli';
import { readJournal } from '../../main/core/runs/run-journal';
import { startController } from '../simulator/index';
import type { ControllerSpec, SimController } from '../simulator/types';
import { listTree, refusedPort, sha256File, tempDir } from '../support/fixtures';

/** The CLI with the controller password in CTRL_PW; `killWhen` SIGKILLs it when stderr shows something. */
function cli(args: string[], killWhen?: (stderr: string) => boolean) {
  return runCli(args, { CTRL_PW: 'admin' }, (err, control) => killWhen?.(err) && control.kill());
}

let sims: SimController[] = [];
let work: string;
let inventory: string;
const common = (): string[] => [
  '--inventory',
  inventory,
  '--user',
  'admin',
  '--password-env',
  'CTRL_PW',
  '--data-dir',
  path.join(work, 'data'),
  '--out',
  path.join(work, 'archive'),
];

async function site(specs: Array<Partial<ControllerSpec> & { name: string }>): Promise<void> {
  await Promise.all(sims.map((s) => s.close()));
  sims = await Promise.all(specs.map((s) => startController({ jobDurationMs: 300, site: 'Campus', ...s })));
  const lines = sims.map((s) => `${s.spec.name},${s.host},${s.port},${s.spec.site},admin,${s.fingerprint}`);
  await fs.writeFile(inventory, `name,host,port,site,username,fingerprint\n${lines.join('\n')}\n`);
}

beforeAll(async () => {
  work = await tempDir();
  inventory = path.join(work, 'inventory.csv');
});
afterAll(async () => {
  await Promise.all(sims.map((s) => s.close()));
  await fs.rm(work, { recursive: true, force: true });
});

describe('eclypse-backup bulk', () => {
  it('killed with SIGKILL mid-run, then --resume: finished controllers are not contacted again, nothing is backed up twice', async () => {
    await site(
      Array.from({ length: 8 }, (_, i) => ({
        name: `AHU-${i + 1}`,
        jobDurationMs: 400 + i * 50,
        backupBytes: 2 * 1024 * 1024,
      })),
    );
    const first = await cli(['bulk', ...common(), '--concurrency', '3'], (err) => (err.match(/✓/g) ?? []).length >= 3);
    expect(first.signal).toBe('SIGKILL');
    const runId = /^run: (\S+)$/m.exec(first.stderr)![1]!;
    expect(first.stderr.split('\n')[0]).toBe(`run: ${runId}`);

    const dataDir = path.join(work, 'data');
    const before = await readJournal(dataDir, runId);
    const doneIds = [...before.results.values()].filter((r) => r.status === 'succeeded').map((r) => r.controllerId);
    expect(doneIds.length).toBeGreaterThanOrEqual(3);
    const requestsAtKill = new Map(sims.map((s) => [`${s.host}:${s.port}`, s.requests.length]));

    const resumed = await cli([
      'bulk',
      '--resume',
      runId,
      '--user',
      'admin',
      '--password-env',
      'CTRL_PW',
      '--data-dir',
      dataDir,
      '--out',
      path.join(work, 'archive'),
      '--json',
    ]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const out = JSON.parse(resumed.stdout);
    expect(out).toMatchObject({ runId, summary: { total: 8, succeeded: 8, failed: 0, cancelled: 0 } });
    for (const id of doneIds)
      expect(sims.find((s) => `${s.host}:${s.port}` === id)!.requests.length).toBe(requestsAtKill.get(id));
    // Exactly one backup per controller, on the device and in the archive; no partial left by the kill.
    expect(sims.map((s) => s.createdJobs)).toEqual(sims.map(() => 1));
    const files = await listTree(path.join(work, 'archive'));
    expect(files.filter((f) => f.endsWith('.part'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ecybackup'))).toHaveLength(8);
    for (const r of out.results) expect(await sha256File(r.backup.file)).toBe(r.backup.sha256);
    for (const file of Object.values(out.reports) as string[]) await expect(fs.stat(file)).resolves.toBeTruthy();
  });

  it('a site with one wrong password and one offline controller: exit 1, failures grouped by cause with the fix', async () => {
    await site([{ name: 'GOOD-1' }, { name: 'GOOD-2' }, { name: 'BADPW', password: 'changed' }, { name: 'OFFLINE' }]);
    await sims[3]!.close();
    // The inventory points OFFLINE at a port nothing listens on (its own may be reused by another test file).
    const offline = sims[3]!;
    await fs.writeFile(
      inventory,
      (await fs.readFile(inventory, 'utf8')).replace(`,${offline.port},`, `,${await refusedPort()},`),
    );
    const r = await cli(['bulk', ...common(), '--concurrency', '4']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('AUTH_FAILED (1): BADPW');
    expect(r.stdout).toContain('UNREACHABLE (1): OFFLINE');
    expect(r.stdout).toMatch(/✓ Ready for upgrade +2\n {2}⚠ Ready with warning +0\n {2}✗ Not ready +2\n/);
    expect(r.stdout).toMatch(/Report: .*\.html/);
    expect(sims[2]!.requests.filter((q) => q.basic)).toHaveLength(1);
  });

  it('--dry-run creates nothing on any controller and prints a verdict', async () => {
    await site([{ name: 'DRY-1' }, { name: 'DRY-2', revision: '3.5' }]);
    const r = await cli(['bulk', ...common(), '--dry-run', '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ dryRun: true, verdict: 'blocked' });
    expect(out.controllers.map((c: { verdict: string }) => c.verdict)).toEqual(['ready', 'blocked']);
    expect(sims.flatMap((s) => s.requests).filter((q) => q.method === 'POST')).toEqual([]);
  });

  it('a bad inventory is refused with every problem and its line, exit 2, nothing contacted', async () => {
    await fs.writeFile(inventory, 'name,host,port\nA,10.0.0.1,443\nB,,443\nC,10.0.0.3,99999\n');
    const r = await cli(['bulk', ...common()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 3.*host/i);
    expect(r.stderr).toMatch(/line 4.*port/i);
  });
});
