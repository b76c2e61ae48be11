import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli';
import { startController } from '../simulator/index';
import { backupSim, listTree, tempDir } from '../support/fixtures';

let archive: string;
const made: string[] = [];

beforeAll(async () => {
  archive = await tempDir();
  const ctrl = await startController({ name: 'RTU-01', site: 'Depot', backupBytes: 16 * 1024, jobDurationMs: 30 });
  try {
    for (let i = 0; i < 3; i++) {
      const outcome = await backupSim(ctrl, archive);
      expect(outcome.status, JSON.stringify(outcome.error)).toBe('succeeded');
      made.push(path.relative(archive, outcome.backup!.file!));
    }
  } finally {
    await ctrl.close();
  }
});
afterAll(async () => {
  await fs.rm(archive, { recursive: true, force: true });
});

describe('eclypse-backup verify and prune', () => {
  it('verify exits 0 on an intact archive, and --json prints one object', async () => {
    const r = await runCli(['verify', '--out', archive]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('✓ All backups intact: 3 ok');
    const j = await runCli(['verify', '--out', archive, '--json']);
    expect(j.code).toBe(0);
    const out = JSON.parse(j.stdout);
    expect(out).toMatchObject({ status: 'ok', ok: true, error: null, totals: { entries: 3, ok: 3 } });
    expect(out.entries.map((e: { path: string }) => e.path).sort()).toEqual([...made].sort());
  });

  it('prune --dry-run lists what would go and deletes nothing', async () => {
    const before = await listTree(archive);
    const r = await runCli(['prune', '--keep', '1', '--out', archive, '--dry-run', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ status: 'ok', dryRun: true, keep: 1, totals: { kept: 1, deleted: 2 } });
    expect(out.folders[0].backups.map((b: { action: string }) => b.action)).toEqual([
      'kept',
      'would-delete',
      'would-delete',
    ]);
    expect(await listTree(archive)).toEqual(before);
    const text = await runCli(['prune', '--keep', '1', '--out', archive, '--dry-run']);
    expect(text.stdout).toContain('dry run');
    expect(text.stdout.match(/would delete /g)).toHaveLength(2);
  });

  it('verify exits 1 with one line per problem when a backup changed or a partial is left', async () => {
    const damaged = await tempDir();
    try {
      await fs.cp(archive, damaged, { recursive: true });
      const file = path.join(damaged, made[0]!);
      const buf = await fs.readFile(file);
      buf[50] = buf[50]! ^ 0xff;
      await fs.writeFile(file, buf);
      await fs.writeFile(path.join(damaged, path.dirname(made[0]!), 'x.ecybackup.part'), 'partial');
      const r = await runCli(['verify', '--out', damaged]);
      expect(r.code).toBe(1);
      expect(r.stdout.split('\n').filter((l) => l.startsWith('✗ ') && !l.startsWith('✗ Problems found'))).toHaveLength(
        2,
      );
      expect(r.stdout).toContain('✗ Problems found: 2 ok');
      expect(r.stdout).toMatch(new RegExp(`CHANGED +${made[0]!.replace(/[.()]/g, '\\$&')}`));
      expect(r.stdout).toContain('ORPHANED');
      const j = await runCli(['verify', '--out', damaged, '--json']);
      expect(j.code).toBe(1);
      expect(JSON.parse(j.stdout)).toMatchObject({
        status: 'problems',
        ok: false,
        totals: { ok: 2, changed: 1, orphaned: 1 },
      });
    } finally {
      await fs.rm(damaged, { recursive: true, force: true });
    }
  });

  it('prune deletes the older backups, and verify still passes', async () => {
    const copy = await tempDir();
    try {
      await fs.cp(archive, copy, { recursive: true });
      const r = await runCli(['prune', '--keep', '2', '--out', copy]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('1 deleted');
      const left = (await listTree(copy)).filter((f) => f.endsWith('.ecybackup'));
      expect(left.sort()).toEqual(made.slice(1).sort());
      expect((await runCli(['verify', '--out', copy])).code).toBe(0);
    } finally {
      await fs.rm(copy, { recursive: true, force: true });
    }
  });

  it('bad usage exits 2', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['prune', '--out', archive], /--keep/],
      [['prune', '--keep', '0', '--out', archive], /whole number/],
      [['prune', '--keep', '1.5', '--out', archive], /whole number/],
      [['prune', '--keep', 'two', '--out', archive], /whole number/],
      [['verify', '--out', path.join(archive, 'no-such-folder')], /No archive folder/],
      [['verify', '--frobnicate'], /unknown option/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
    const j = await runCli(['verify', '--out', path.join(archive, 'no-such-folder'), '--json']);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stdout)).toMatchObject({ status: 'error', error: { code: 'INVALID_INPUT' } });
  });
});
