import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneArchive } from '../../main/core/reports/prune';
import { verifyArchive, type VerifyProgress } from '../../main/core/reports/verify';
import { startController } from '../simulator/index';
import { backupSim, listTree, sha256File, tempDir } from '../support/fixtures';

// Real backups (simulated controllers over real HTTPS), made once and copied for each test.
let template: string;
const made: string[] = [];
const AHU = path.join('Plant', 'AHU-01');
const VAV = path.join('Plant', 'VAV-1-01');

beforeAll(async () => {
  template = await tempDir();
  const ahu = await startController({ name: 'AHU-01', site: 'Plant', backupBytes: 16 * 1024, jobDurationMs: 30 });
  const vav = await startController({ name: 'VAV-1-01', site: 'Plant', backupBytes: 16 * 1024, jobDurationMs: 30 });
  try {
    for (const ctrl of [ahu, ahu, ahu, ahu, vav]) {
      const outcome = await backupSim(ctrl, template);
      expect(outcome.status, JSON.stringify(outcome.error)).toBe('succeeded');
      made.push(path.relative(template, outcome.backup!.file!));
    }
  } finally {
    await ahu.close();
    await vav.close();
  }
});
afterAll(async () => {
  await fs.rm(template, { recursive: true, force: true });
  await Promise.all(copies.map((c) => fs.rm(c, { recursive: true, force: true })));
});

const copies: string[] = [];
async function archiveCopy(): Promise<string> {
  const dir = await tempDir();
  copies.push(dir);
  await fs.cp(template, dir, { recursive: true });
  return dir;
}

/** Every file and its SHA-256, to prove an operation changed nothing. */
async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of await listTree(root)) out[f] = await sha256File(path.join(root, f));
  return out;
}

async function flipByte(file: string, at = 100): Promise<void> {
  const buf = await fs.readFile(file);
  buf[at] = buf[at]! ^ 0xff;
  await fs.writeFile(file, buf);
}

const ahuNewestFirst = (): string[] => made.slice(0, 4).reverse();

describe('verifyArchive', () => {
  it('finds every real backup intact', async () => {
    const root = await archiveCopy();
    const seen: VerifyProgress[] = [];
    const report = await verifyArchive(root, { onProgress: (p) => seen.push(p) });
    expect(report.ok).toBe(true);
    expect(report.entries.map((e) => e.path).sort()).toEqual([...made].sort());
    expect(report.totals).toMatchObject({ entries: 5, ok: 5, changed: 0, missing: 0, orphaned: 0, invalidSidecar: 0 });
    const first = report.entries.find((e) => e.path === made[0])!;
    expect(first).toMatchObject({ status: 'ok', controller: 'AHU-01', site: 'Plant', detail: null });
    expect(first.actualSha256).toBe(first.expectedSha256);
    expect(first.bytes).toBe(first.expectedBytes);
    expect(Date.parse(first.finishedAt!)).not.toBeNaN();
    expect(report.totals.okBytes).toBe(report.entries.reduce((s, e) => s + e.bytes!, 0));
    expect(seen.at(-1)).toMatchObject({
      filesDone: 5,
      filesTotal: 5,
      bytesDone: report.totals.okBytes,
      bytesTotal: report.totals.okBytes,
    });
  });

  it('reports changed, missing, orphaned and invalid records, skips reports/, and modifies nothing', async () => {
    const root = await archiveCopy();
    const [newest] = ahuNewestFirst();
    await flipByte(path.join(root, newest!));
    await fs.rm(path.join(root, made[4]!));
    await fs.writeFile(path.join(root, AHU, 'stray.ecybackup'), 'PK not really');
    await fs.writeFile(path.join(root, AHU, 'AHU-01_20250101_000000.ecybackup.part'), 'partial');
    await fs.writeFile(path.join(root, AHU, 'AHU-01_x.ecybackup.1-0a.part.json'), '{}');
    await fs.writeFile(path.join(root, AHU, 'bad.ecybackup'), 'PK');
    await fs.writeFile(path.join(root, AHU, 'bad.ecybackup.json'), '{"schemaVersion": 1, "sha256": ');
    await fs.mkdir(path.join(root, 'reports'));
    await fs.writeFile(path.join(root, 'reports', 'ignored.ecybackup'), 'x');
    const before = await snapshot(root);

    const report = await verifyArchive(root);
    expect(await snapshot(root)).toEqual(before);
    expect(report.ok).toBe(false);
    const by = Object.fromEntries(report.entries.map((e) => [e.path, e]));
    expect(by[newest!]).toMatchObject({ status: 'changed', controller: 'AHU-01' });
    expect(by[newest!]!.actualSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(by[newest!]!.actualSha256).not.toBe(by[newest!]!.expectedSha256);
    expect(by[made[4]!]).toMatchObject({ status: 'missing', controller: 'VAV-1-01', bytes: null, actualSha256: null });
    expect(by[path.join(AHU, 'stray.ecybackup')]).toMatchObject({ status: 'orphaned', controller: null, bytes: 13 });
    expect(by[path.join(AHU, 'AHU-01_20250101_000000.ecybackup.part')]).toMatchObject({ status: 'orphaned' });
    expect(by[path.join(AHU, 'AHU-01_x.ecybackup.1-0a.part.json')]).toMatchObject({
      status: 'orphaned',
      detail: expect.stringContaining('the next backup of this controller completes or removes it') as unknown,
    });
    expect(by[path.join(AHU, 'bad.ecybackup.json')]).toMatchObject({ status: 'invalid-sidecar' });
    expect(by[path.join(AHU, 'bad.ecybackup')]).toBeUndefined();
    expect(report.entries.some((e) => e.path.startsWith('reports'))).toBe(false);
    expect(report.totals).toMatchObject({ entries: 9, ok: 3, changed: 1, missing: 1, orphaned: 3, invalidSidecar: 1 });
  });

  it('a size change is reported as changed with both sizes', async () => {
    const root = await archiveCopy();
    await fs.appendFile(path.join(root, made[0]!), 'extra');
    const e = (await verifyArchive(root)).entries.find((x) => x.path === made[0])!;
    expect(e.status).toBe('changed');
    expect(e.bytes).toBe(e.expectedBytes! + 5);
    expect(e.detail).toContain(String(e.expectedBytes));
  });

  it('a sidecar with a wrong-typed field is an invalid record, not a crash', async () => {
    const root = await archiveCopy();
    const sidecar = path.join(root, `${made[0]!}.json`);
    const json = JSON.parse(await fs.readFile(sidecar, 'utf8'));
    await fs.writeFile(sidecar, JSON.stringify({ ...json, sha256: 'not-a-hash' }));
    const e = (await verifyArchive(root)).entries.find((x) => x.path === `${made[0]!}.json`)!;
    expect(e).toMatchObject({ status: 'invalid-sidecar' });
    expect(e.detail).toContain('sha256');
  });

  it('refuses a folder that does not exist, and stops when cancelled', async () => {
    await expect(verifyArchive(path.join(template, 'nope'))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(verifyArchive(template, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('pruneArchive', () => {
  it('keeps the N newest of each controller and deletes older file + sidecar pairs', async () => {
    const root = await archiveCopy();
    const report = await pruneArchive(root, { keep: 2, dryRun: false });
    const [n1, n2, n3, n4] = ahuNewestFirst();
    const tree = await listTree(root);
    for (const kept of [n1!, n2!, made[4]!]) expect(tree).toEqual(expect.arrayContaining([kept, `${kept}.json`]));
    for (const gone of [n3!, n4!]) expect(tree.filter((f) => f.startsWith(gone))).toEqual([]);
    const ahu = report.folders.find((f) => f.folder === AHU)!;
    expect(ahu.backups.map((b) => [b.path, b.action])).toEqual([
      [n1, 'kept'],
      [n2, 'kept'],
      [n3, 'deleted'],
      [n4, 'deleted'],
    ]);
    expect(ahu).toMatchObject({ controller: 'AHU-01', site: 'Plant', newestVerified: n1 });
    expect(report.totals).toMatchObject({ folders: 2, kept: 3, deleted: 2, failed: 0, untouched: 0 });
    expect(report.totals.bytesFreed).toBe(ahu.backups[2]!.bytes + ahu.backups[3]!.bytes);
    expect((await verifyArchive(root)).ok).toBe(true);
  });

  it('a dry run lists the same deletions and deletes nothing', async () => {
    const root = await archiveCopy();
    const before = await snapshot(root);
    const report = await pruneArchive(root, { keep: 1, dryRun: true });
    expect(await snapshot(root)).toEqual(before);
    const ahu = report.folders.find((f) => f.folder === AHU)!;
    expect(ahu.backups.map((b) => b.action)).toEqual(['kept', 'would-delete', 'would-delete', 'would-delete']);
    expect(report).toMatchObject({ dryRun: true, keep: 1, totals: { deleted: 3, kept: 2 } });
  });

  it('never deletes the newest backup that verifies, even when newer ones are damaged', async () => {
    const root = await archiveCopy();
    const [n1, n2, n3, n4] = ahuNewestFirst();
    await flipByte(path.join(root, n1!));
    await flipByte(path.join(root, n2!), 200);
    const report = await pruneArchive(root, { keep: 1, dryRun: false });
    const ahu = report.folders.find((f) => f.folder === AHU)!;
    expect(ahu.backups.map((b) => [b.action, b.verified])).toEqual([
      ['kept', 'changed'],
      ['deleted', 'changed'],
      ['kept', 'ok'],
      ['deleted', null],
    ]);
    expect(ahu.newestVerified).toBe(n3);
    const tree = await listTree(root);
    expect(tree).toEqual(expect.arrayContaining([n1!, n3!, `${n3!}.json`]));
    expect(tree).not.toContain(n4!);
  });

  it('deletes nothing of a controller none of whose backups verifies', async () => {
    const root = await archiveCopy();
    for (const f of ahuNewestFirst()) await flipByte(path.join(root, f));
    const before = await listTree(root);
    const report = await pruneArchive(root, { keep: 1, dryRun: false });
    expect(await listTree(root)).toEqual(before);
    const ahu = report.folders.find((f) => f.folder === AHU)!;
    expect(ahu.newestVerified).toBeNull();
    expect(ahu.backups.every((b) => b.action === 'kept')).toBe(true);
  });

  it('leaves files without a valid record alone and reports them', async () => {
    const root = await archiveCopy();
    const strays = [
      path.join(AHU, 'stray.ecybackup'),
      path.join(AHU, 'old.ecybackup.part'),
      path.join(AHU, 'bad.ecybackup'),
      path.join(AHU, 'bad.ecybackup.json'),
      path.join(AHU, 'gone.ecybackup.json'),
    ];
    for (const s of strays)
      await fs.writeFile(
        path.join(root, s),
        s.endsWith('gone.ecybackup.json') ? await fs.readFile(path.join(root, `${made[0]!}.json`)) : 'x',
      );
    const report = await pruneArchive(root, { keep: 1, dryRun: false });
    expect(await listTree(root)).toEqual(expect.arrayContaining(strays));
    const ahu = report.folders.find((f) => f.folder === AHU)!;
    expect(ahu.untouched.map((u) => u.path).sort()).toEqual([
      path.join(AHU, 'bad.ecybackup.json'),
      path.join(AHU, 'gone.ecybackup.json'),
      path.join(AHU, 'old.ecybackup.part'),
      path.join(AHU, 'stray.ecybackup'),
    ]);
    expect(report.totals.untouched).toBe(4);
    expect(report.folders.find((f) => f.folder === VAV)!.backups).toHaveLength(1);
  });

  it('refuses a keep that is not a whole number of at least 1', async () => {
    for (const keep of [0, -1, 1.5, Number.NaN]) {
      await expect(pruneArchive(template, { keep, dryRun: true }), String(keep)).rejects.toMatchObject({
        code: 'INVALID_INPUT',
      });
    }
  });
});
