import { hashFile } from '../archive/file-hash';
import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CodedError } from '../errors';
import { BACKUP_EXTENSION, PART_SUFFIX, REPORTS_FOLDER, SIDECAR_SUFFIX } from '../archive/layout';
import type { VerifyEntry, VerifyReport, VerifyStatus, VerifyTotals } from '../../../shared/verify-report';

/** Progress of a verification: files and bytes hashed so far. */
export interface VerifyProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** Relative path of the file being hashed. */
  file: string;
}

/** Options of verifyArchive. */
export interface VerifyOptions {
  signal?: AbortSignal;
  onProgress?: (progress: VerifyProgress) => void;
}

/** The files of one folder of the archive, by kind (absolute paths). */
export interface ArchiveFolder {
  dir: string;
  sidecars: string[];
  backups: string[];
  parts: string[];
}

/** The sidecar fields verification and pruning rely on; the file on disk is untrusted input. */
const SIDECAR_SCHEMA = z.object({
  schemaVersion: z.literal(1),
  // host, port and hostId say which controller made the backup (prune groups by them); optional, so an
  // older or hand-made record still verifies.
  device: z.object({
    name: z.string(),
    site: z.string().nullable(),
    host: z.string().optional(),
    port: z.number().int().optional(),
    hostId: z.string().optional(),
  }),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/i),
  finishedAt: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date'),
});

/** The checked part of a sidecar. */
export type CheckedSidecar = z.infer<typeof SIDECAR_SCHEMA>;

// A real sidecar is about 1 kB; refusing big ones keeps a stray huge file from being read into memory.
const MAX_SIDECAR_BYTES = 1024 * 1024;

/**
 * Checks every backup of the archive against its sidecar by re-hashing it (streamed), and reports sidecars
 * without a file, files without a sidecar, partial downloads and unreadable sidecars. Reads only.
 */
export async function verifyArchive(archiveRoot: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const root = path.resolve(archiveRoot);
  const folders = await scanArchive(root);
  const entries: VerifyEntry[] = [];
  const toHash: Array<{ file: string; sidecar: CheckedSidecar; size: number }> = [];
  for (const folder of folders) {
    const claimed = new Set<string>();
    for (const sidecarPath of folder.sidecars) {
      const file = backupOf(sidecarPath);
      claimed.add(file);
      const read = await readSidecar(sidecarPath);
      if (!read.ok) {
        entries.push(entry(root, sidecarPath, 'invalid-sidecar', null, { detail: read.reason }));
        continue;
      }
      const size = await fileSize(file);
      if (size === null)
        entries.push(
          entry(root, file, 'missing', read.sidecar, { detail: 'The record exists but the backup file is gone.' }),
        );
      else toHash.push({ file, sidecar: read.sidecar, size });
    }
    entries.push(...(await strays(root, folder, claimed)));
  }
  entries.push(...(await hashAll(root, toHash, options)));
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    archiveRoot: root,
    checkedAt: new Date().toISOString(),
    ok: entries.every((e) => e.status === 'ok'),
    totals: totalsOf(entries),
    entries,
  };
}

async function strays(root: string, folder: ArchiveFolder, claimed: Set<string>): Promise<VerifyEntry[]> {
  const out: VerifyEntry[] = [];
  for (const file of folder.backups.filter((f) => !claimed.has(f))) {
    out.push(
      entry(root, file, 'orphaned', null, {
        bytes: await fileSize(file),
        detail: 'A backup file without its record (.json): it cannot be checked.',
      }),
    );
  }
  for (const file of folder.parts) {
    out.push(
      entry(root, file, 'orphaned', null, {
        bytes: await fileSize(file),
        detail: file.endsWith(PART_SUFFIX)
          ? 'A partial download, left by a crash or a backup still running.'
          : 'The record of a backup being saved, left by a crash or a backup still running; the next backup of this controller completes or removes it.',
      }),
    );
  }
  return out;
}

async function hashAll(
  root: string,
  jobs: Array<{ file: string; sidecar: CheckedSidecar; size: number }>,
  options: VerifyOptions,
): Promise<VerifyEntry[]> {
  const bytesTotal = jobs.reduce((sum, j) => sum + j.size, 0);
  let bytesDone = 0;
  const out: VerifyEntry[] = [];
  for (const [i, job] of jobs.entries()) {
    const rel = path.relative(root, job.file);
    const before = bytesDone;
    options.onProgress?.({ filesDone: i, filesTotal: jobs.length, bytesDone, bytesTotal, file: rel });
    const result = await checkBackup(job.file, job.sidecar, options.signal, (n) => {
      bytesDone = before + n;
      options.onProgress?.({ filesDone: i, filesTotal: jobs.length, bytesDone, bytesTotal, file: rel });
    });
    bytesDone = before + job.size;
    out.push(entry(root, job.file, result.status, job.sidecar, result));
  }
  if (jobs.length > 0)
    options.onProgress?.({
      filesDone: jobs.length,
      filesTotal: jobs.length,
      bytesDone: bytesTotal,
      bytesTotal,
      file: '',
    });
  return out;
}

/** What re-hashing one backup found. */
export interface BackupCheck {
  status: 'ok' | 'changed';
  bytes: number | null;
  actualSha256: string | null;
  detail: string | null;
}

/** Re-hashes one backup and compares size and SHA-256 with its sidecar. Throws CANCELLED when aborted. */
export async function checkBackup(
  file: string,
  sidecar: CheckedSidecar,
  signal?: AbortSignal,
  onBytes?: (bytes: number) => void,
): Promise<BackupCheck> {
  let hashed: { bytes: number; sha256: string };
  try {
    hashed = await hashFile(file, signal, onBytes);
  } catch (err) {
    if (err instanceof CodedError) throw err;
    // Reported, not thrown: one unreadable file must not hide the state of the rest of the archive.
    return {
      status: 'changed',
      bytes: null,
      actualSha256: null,
      detail: `The backup file cannot be read: ${(err as Error).message}`,
    };
  }
  const sameBytes = hashed.bytes === sidecar.bytes;
  const sameHash = hashed.sha256 === sidecar.sha256.toLowerCase();
  if (sameBytes && sameHash) return { status: 'ok', bytes: hashed.bytes, actualSha256: hashed.sha256, detail: null };
  const detail = sameBytes
    ? 'The content changed since the backup was made (SHA-256 differs).'
    : `The size changed since the backup was made: ${hashed.bytes} bytes, recorded ${sidecar.bytes}.`;
  return { status: 'changed', bytes: hashed.bytes, actualSha256: hashed.sha256, detail };
}

/** Reads and checks a sidecar; never throws. */
export async function readSidecar(
  file: string,
): Promise<{ ok: true; sidecar: CheckedSidecar } | { ok: false; reason: string }> {
  try {
    const stat = await fs.stat(file);
    if (stat.size > MAX_SIDECAR_BYTES)
      return { ok: false, reason: `The record is ${stat.size} bytes: too large to be a backup record.` };
    const parsed = SIDECAR_SCHEMA.safeParse(JSON.parse(await fs.readFile(file, 'utf8')));
    if (parsed.success) return { ok: true, sidecar: parsed.data };
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: `The record is not valid: ${issue ? `${issue.path.join('.') || 'root'}: ${issue.message}` : 'unknown fields'}.`,
    };
  } catch (err) {
    return { ok: false, reason: `The record cannot be read: ${(err as Error).message}` };
  }
}

/**
 * Lists the archive folder by folder: sidecars, backups and partial downloads. Skips `<archive>/reports/`
 * and never follows symbolic links (a link could leave the archive or loop). INVALID_INPUT when the
 * archive folder does not exist.
 */
export async function scanArchive(archiveRoot: string): Promise<ArchiveFolder[]> {
  const root = path.resolve(archiveRoot);
  const stat = await fs.stat(root).catch(() => null);
  if (!stat?.isDirectory()) throw new CodedError('INVALID_INPUT', `No archive folder at ${root}.`);
  const folders: ArchiveFolder[] = [];
  const walk = async (dir: string): Promise<void> => {
    let dirents: Dirent[];
    try {
      dirents = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      throw new CodedError('DISK_ERROR', `Cannot read the folder ${dir}: ${(err as Error).message}`);
    }
    const folder: ArchiveFolder = { dir, sidecars: [], backups: [], parts: [] };
    for (const d of dirents.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) {
        if (!(dir === root && d.name === REPORTS_FOLDER)) await walk(p);
      } else if (d.isFile()) {
        if (d.name.endsWith(`${BACKUP_EXTENSION}${SIDECAR_SUFFIX}`)) folder.sidecars.push(p);
        else if (d.name.endsWith(BACKUP_EXTENSION)) folder.backups.push(p);
        else if (d.name.endsWith(PART_SUFFIX) || d.name.endsWith(`${PART_SUFFIX}${SIDECAR_SUFFIX}`))
          folder.parts.push(p);
      }
    }
    if (folder.sidecars.length + folder.backups.length + folder.parts.length > 0) folders.push(folder);
  };
  await walk(root);
  return folders;
}

/** The backup a sidecar describes: its own name without `.json`. The `file` field inside is never used as a path. */
export function backupOf(sidecarPath: string): string {
  return sidecarPath.slice(0, -SIDECAR_SUFFIX.length);
}

async function fileSize(file: string): Promise<number | null> {
  const stat = await fs.stat(file).catch(() => null);
  return stat?.isFile() ? stat.size : null;
}

function entry(
  root: string,
  file: string,
  status: VerifyStatus,
  sidecar: CheckedSidecar | null,
  found: Partial<BackupCheck> = {},
): VerifyEntry {
  return {
    path: path.relative(root, file),
    status,
    controller: sidecar?.device.name ?? null,
    site: sidecar?.device.site ?? null,
    bytes: found.bytes ?? null,
    expectedBytes: sidecar?.bytes ?? null,
    expectedSha256: sidecar?.sha256.toLowerCase() ?? null,
    actualSha256: found.actualSha256 ?? null,
    finishedAt: sidecar?.finishedAt ?? null,
    detail: found.detail ?? null,
  };
}

function totalsOf(entries: VerifyEntry[]): VerifyTotals {
  const count = (s: VerifyStatus): number => entries.filter((e) => e.status === s).length;
  return {
    entries: entries.length,
    ok: count('ok'),
    changed: count('changed'),
    missing: count('missing'),
    orphaned: count('orphaned'),
    invalidSidecar: count('invalid-sidecar'),
    okBytes: entries.reduce((sum, e) => sum + (e.status === 'ok' ? (e.bytes ?? 0) : 0), 0),
  };
}
