import fs from 'node:fs/promises';
import path from 'node:path';
import { CodedError } from '../errors';
import { assertInside } from '../archive/layout';
import { type ArchiveFolder, backupOf, checkBackup, type CheckedSidecar, readSidecar, scanArchive } from './verify';
import type {
  ControllerIdentity,
  PruneBackup,
  PruneFolder,
  PruneReport,
  PruneTotals,
  PruneUntouched,
} from '../../../shared/prune-report';

/** Options of pruneArchive. */
export interface PruneOptions {
  /** How many of the newest backups to keep per controller (a whole number, at least 1). */
  keep: number;
  /** List what would be deleted, delete nothing. */
  dryRun: boolean;
  signal?: AbortSignal;
}

interface Candidate {
  file: string;
  sidecarPath: string;
  sidecar: CheckedSidecar;
}

/**
 * Keeps the `keep` newest backups of each controller (by the sidecar's `finishedAt`) and deletes the older
 * ones, file first and sidecar last. A controller is who its records say made the backup (address and
 * hostId), never the folder's name: another controller's backups in the same folder are counted apart. The newest backup that verifies (re-hashed) is always kept, in addition
 * when the newest ones are damaged; a folder where no backup verifies is left whole. Files without a valid
 * record are never deleted, only reported. INVALID_INPUT when `keep` is not a whole number ≥ 1.
 */
export async function pruneArchive(archiveRoot: string, options: PruneOptions): Promise<PruneReport> {
  if (!Number.isInteger(options.keep) || options.keep < 1) {
    throw new CodedError(
      'INVALID_INPUT',
      `--keep must be a whole number of backups, at least 1 (got ${String(options.keep)}).`,
    );
  }
  const root = path.resolve(archiveRoot);
  const folders: PruneFolder[] = [];
  for (const folder of await scanArchive(root)) {
    if (options.signal?.aborted) throw new CodedError('CANCELLED', 'Pruning cancelled.');
    const { candidates, untouched } = await classify(root, folder);
    const groups = byIdentity(candidates);
    if (groups.length === 0) groups.push({ identity: null, candidates: [] });
    for (const [i, group] of groups.entries()) {
      // Files without a record belong to no controller: reported once, with the folder's first group.
      folders.push(await pruneGroup(root, folder, group, i === 0 ? untouched : [], options));
    }
  }
  return { archiveRoot: root, keep: options.keep, dryRun: options.dryRun, folders, totals: totalsOf(folders) };
}

interface IdentityGroup {
  identity: ControllerIdentity | null;
  candidates: Candidate[];
}

/** The folder's backups by the controller their records name; records without a full identity form one group, kept whole. */
function byIdentity(candidates: Candidate[]): IdentityGroup[] {
  const groups = new Map<string, IdentityGroup>();
  for (const c of candidates) {
    const d = c.sidecar.device;
    const identity =
      d.host !== undefined && d.port !== undefined && d.hostId !== undefined
        ? { host: d.host, port: d.port, hostId: d.hostId }
        : null;
    const key = identity ? JSON.stringify([identity.host.toLowerCase(), identity.port, identity.hostId]) : '';
    const group = groups.get(key) ?? { identity, candidates: [] };
    group.candidates.push(c);
    groups.set(key, group);
  }
  return [...groups.values()];
}

async function pruneGroup(
  root: string,
  folder: ArchiveFolder,
  group: IdentityGroup,
  untouched: PruneUntouched[],
  options: PruneOptions,
): Promise<PruneFolder> {
  const candidates = group.candidates.sort(newestFirst);
  const rel = (p: string): string => path.relative(root, p);
  const backups: PruneBackup[] = candidates.map((c, i) => ({
    path: rel(c.file),
    sidecar: rel(c.sidecarPath),
    finishedAt: c.sidecar.finishedAt,
    bytes: c.sidecar.bytes,
    action: i < options.keep ? 'kept' : options.dryRun ? 'would-delete' : 'deleted',
    reason: i < options.keep ? `one of the ${options.keep} newest` : `older than the ${options.keep} newest`,
    verified: null,
  }));
  if (group.identity === null) {
    for (const b of backups)
      Object.assign(b, { action: 'kept', reason: 'its record does not say which controller made it: never deleted' });
    return {
      folder: rel(folder.dir),
      identity: null,
      controller: candidates[0]?.sidecar.device.name ?? null,
      site: candidates[0]?.sidecar.device.site ?? null,
      backups,
      newestVerified: null,
      untouched,
    };
  }
  const newest = await newestVerified(candidates, backups, options.signal);
  const kept = backups[newest];
  if (!kept) {
    for (const b of backups.filter((x) => x.action !== 'kept'))
      Object.assign(b, { action: 'kept', reason: 'no backup of this controller verifies: nothing deleted here' });
  } else if (kept.action !== 'kept') {
    Object.assign(kept, { action: 'kept', reason: 'the newest backup that verifies' });
  }
  if (!options.dryRun) await deleteMarked(root, candidates, backups);
  const first = candidates[0]?.sidecar.device;
  return {
    folder: rel(folder.dir),
    identity: group.identity,
    controller: first?.name ?? null,
    site: first?.site ?? null,
    backups,
    newestVerified: kept?.path ?? null,
    untouched,
  };
}

/** Splits a folder into backups with a valid record and a file, and everything pruning must leave alone. */
async function classify(
  root: string,
  folder: ArchiveFolder,
): Promise<{ candidates: Candidate[]; untouched: PruneUntouched[] }> {
  const candidates: Candidate[] = [];
  const untouched: PruneUntouched[] = [];
  const claimed = new Set<string>();
  for (const sidecarPath of folder.sidecars) {
    const file = backupOf(sidecarPath);
    claimed.add(file);
    const read = await readSidecar(sidecarPath);
    const present = await fs.stat(file).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!read.ok) untouched.push({ path: path.relative(root, sidecarPath), reason: read.reason });
    else if (!present)
      untouched.push({ path: path.relative(root, sidecarPath), reason: 'A record whose backup file is gone.' });
    else candidates.push({ file, sidecarPath, sidecar: read.sidecar });
  }
  for (const file of folder.backups.filter((f) => !claimed.has(f))) {
    untouched.push({ path: path.relative(root, file), reason: 'A backup file without its record (.json).' });
  }
  for (const file of folder.parts) untouched.push({ path: path.relative(root, file), reason: 'A partial download.' });
  return { candidates, untouched };
}

function newestFirst(a: Candidate, b: Candidate): number {
  const byTime = Date.parse(b.sidecar.finishedAt) - Date.parse(a.sidecar.finishedAt);
  if (byTime !== 0) return byTime;
  return a.file < b.file ? 1 : a.file > b.file ? -1 : 0;
}

/** Re-hashes newest first until one backup verifies; returns its index, or -1 when none does. */
async function newestVerified(
  candidates: Candidate[],
  backups: PruneBackup[],
  signal: AbortSignal | undefined,
): Promise<number> {
  for (const [i, c] of candidates.entries()) {
    const check = await checkBackup(c.file, c.sidecar, signal);
    const b = backups[i];
    if (b) b.verified = check.status;
    if (check.status === 'ok') return i;
  }
  return -1;
}

async function deleteMarked(root: string, candidates: Candidate[], backups: PruneBackup[]): Promise<void> {
  for (const [i, c] of candidates.entries()) {
    const b = backups[i];
    if (b?.action !== 'deleted') continue;
    try {
      // Defence in depth: only paths found by walking the archive reach here, but a delete must never leave it.
      assertInside(root, c.file);
      assertInside(root, c.sidecarPath);
      // File first, record last: a crash in between leaves a record without a file (verify reports it as
      // missing), never an unexplained file.
      await fs.unlink(c.file).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
      await fs.unlink(c.sidecarPath);
    } catch (err) {
      b.action = 'delete-failed';
      b.reason = `could not delete: ${(err as Error).message}`;
    }
  }
}

function totalsOf(folders: PruneFolder[]): PruneTotals {
  const all = folders.flatMap((f) => f.backups);
  const gone = all.filter((b) => b.action === 'deleted' || b.action === 'would-delete');
  return {
    folders: folders.length,
    kept: all.filter((b) => b.action === 'kept').length,
    deleted: gone.length,
    failed: all.filter((b) => b.action === 'delete-failed').length,
    bytesFreed: gone.reduce((sum, b) => sum + b.bytes, 0),
    untouched: folders.reduce((sum, f) => sum + f.untouched.length, 0),
  };
}
