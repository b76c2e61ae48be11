import fs from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import type { BackupOutcome, BackupSpec } from '../../main/core/backup/pipeline';
import { englishHint, type ErrorCode } from '../../shared/errors';
import { startController } from '../simulator/index';
import type { ControllerSpec, Faults, SimController } from '../simulator/types';
import { backupSim, sha256File, tempDir } from '../support/fixtures';
import { expectArchiveIntact, newFiles, snapshotArchive } from './archive-guard';

/** Timings short enough for a matrix of dozens of cases, long enough for a busy 2-core machine. */
export const MATRIX_TIMINGS: Partial<BackupSpec> = {
  retryBaseMs: 5,
  wait: { pollStartMs: 20, pollMaxMs: 80, listingGraceMs: 500, jobTimeoutMs: 4_000 },
  timeouts: { connectMs: 2_000, responseMs: 1_200, idleMs: 1_200 },
};

/** What one attempt must end in. */
export type Expected =
  { status: 'failed'; code: ErrorCode; message?: RegExp } | { status: 'succeeded'; warning?: RegExp; logins?: number };

/** One row of a fault matrix: a controller that misbehaves, what the client must conclude, and how it recovers. */
export interface MatrixCase {
  name: string;
  faults?: Faults;
  spec?: Partial<ControllerSpec>;
  options?: Partial<BackupSpec>;
  expected: Expected;
  /** Ends the fault before the retry (default: clear every fault and come back online). */
  recover?: (ctrl: SimController) => Promise<void> | void;
  /** Options of the retry, when they differ (a re-trusted pin, say). */
  retryOptions?: (ctrl: SimController) => Partial<BackupSpec>;
  /** Readies the controller before the first attempt and gives that attempt's options (a rotated certificate). */
  prepare?: (ctrl: SimController) => Promise<Partial<BackupSpec>>;
  /** A warning this firmware always adds on success (a job that never says "done"), left out of the comparison. */
  ignoreWarning?: RegExp;
  /** Extra checks of the failed attempt (what the controller saw, say). */
  check?: (ctrl: SimController, outcome: BackupOutcome) => void;
}

/**
 * An archive that already holds backups of the controller the matrix keeps failing to back up, so "nothing
 * existing was changed" is tested against files in the very folder each case writes into.
 */
export class MatrixArchive {
  private constructor(
    readonly work: string,
    readonly root: string,
  ) {}

  /** A fresh archive under its own parent folder, seeded with two real backups of `name` and a note. */
  static async create(name: string, site: string): Promise<MatrixArchive> {
    const work = await tempDir('eclypse-matrix-');
    const archive = new MatrixArchive(work, path.join(work, 'archive'));
    const seed = await startController({ name, site, jobDurationMs: 50 });
    try {
      for (let i = 0; i < 2; i++) {
        const outcome = await backupSim(seed, archive.root, MATRIX_TIMINGS);
        expect(outcome.error).toBeNull();
      }
    } finally {
      await seed.close();
    }
    await fs.writeFile(path.join(archive.root, 'handover-notes.txt'), 'Customer copy. Do not edit.\n');
    return archive;
  }

  /** Runs one case: the failing attempt with every invariant checked, then the retry once the fault is over. */
  async run(c: MatrixCase, name: string, site: string): Promise<void> {
    const ctrl = await startController({
      name,
      site,
      jobDurationMs: 80,
      backupBytes: 96 * 1024,
      ...c.spec,
      faults: c.faults ?? {},
    });
    try {
      const prepared = (await c.prepare?.(ctrl)) ?? {};
      const before = await snapshotArchive(this.root);
      const first = await backupSim(ctrl, this.root, { ...MATRIX_TIMINGS, ...c.options, ...prepared });
      await expectOutcome(first, c.expected, ctrl, c.name, c.ignoreWarning);
      c.check?.(ctrl, first);
      await expectArchiveIntact(this.root, before, c.name);
      if (first.status === 'succeeded') {
        await expectOneNewBackup(this.root, before, first, c.name);
        return;
      }
      expect(await newFiles(this.root, before), `${c.name}: a failure added files`).toEqual([]);
      await (c.recover ?? recoverFully)(ctrl);
      const retry = await backupSim(ctrl, this.root, { ...MATRIX_TIMINGS, ...c.options, ...c.retryOptions?.(ctrl) });
      expect(retry.error, `${c.name}: the retry after recovery`).toBeNull();
      await expectArchiveIntact(this.root, before, `${c.name} (retry)`);
      await expectOneNewBackup(this.root, before, retry, `${c.name} (retry)`);
    } finally {
      await ctrl.close();
    }
  }

  /** Removes the archive and its parent. */
  async dispose(): Promise<void> {
    await fs.rm(this.work, { recursive: true, force: true });
  }
}

/** The fault is over: the controller is back online and has finished any backup the client gave up on. */
async function recoverFully(ctrl: SimController): Promise<void> {
  ctrl.setFaults({});
  await ctrl.comeBack();
  // A job whose tracking failed keeps running on the device; a create before it ends is (rightly) refused busy.
  for (let waited = 0; ctrl.busy; waited += 20) {
    if (waited > 10_000) throw new Error(`${ctrl.spec.name} stayed busy`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function expectOutcome(
  outcome: BackupOutcome,
  expected: Expected,
  ctrl: SimController,
  label: string,
  ignoreWarning?: RegExp,
): Promise<void> {
  expect(outcome.status, `${label}: ${JSON.stringify(outcome.error)}`).toBe(expected.status);
  if (expected.status === 'failed') {
    expect(outcome.error?.code, `${label}: ${outcome.error?.message}`).toBe(expected.code);
    expect(outcome.error?.hint).toBe(englishHint(expected.code));
    if (expected.message) expect(outcome.error?.message).toMatch(expected.message);
    // A device's words reach terminals and reports: one readable line, never its HTML or control bytes.

    expect(outcome.error?.message).not.toMatch(/<html|<body|<pre|[\u0000-\u001f]/i);
    expect(outcome.backup).toBeNull();
    return;
  }
  expect(outcome.error).toBeNull();
  const warnings = outcome.warnings.filter((w) => !ignoreWarning?.test(w));
  if (expected.warning) expect(warnings.join(' ')).toMatch(expected.warning);
  else expect(warnings).toEqual([]);
  if (expected.logins !== undefined)
    expect(
      ctrl.requests.filter((r) => r.basic),
      `${label}: Basic logins`,
    ).toHaveLength(expected.logins);
}

async function expectOneNewBackup(
  root: string,
  before: Map<string, string>,
  outcome: BackupOutcome,
  label: string,
): Promise<void> {
  const added = await newFiles(root, before);
  // A USB-key backup stays on the controller's key: nothing is downloaded.
  if (outcome.backup!.target === 'UsbKey') return void expect(added).toEqual([]);
  const file = path.relative(root, outcome.backup!.file!);
  expect(added, `${label}: exactly the backup and its sidecar are new`).toEqual([file, `${file}.json`].sort());
  expect(await sha256File(outcome.backup!.file!)).toBe(outcome.backup!.sha256);
}
