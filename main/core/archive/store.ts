import type { DeviceIdentity } from '../../../shared/controller';
import type { ControllerStore } from './last-backup';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writePrivateFile } from './private-files';
import { CodedError } from '../errors';
import { assertInside, BACKUP_EXTENSION, safeSegment, SIDECAR_SUFFIX } from './layout';
import { hashFile } from './file-hash';

/** Everything known about one backup file, written as JSON beside it. Never holds a secret. */
export interface BackupSidecar {
  schemaVersion: 1;
  tool: { name: 'eclypse-field-backup'; version: string };
  /** Who made it: the inventory's name and site, where it was reached, and what it said of itself. */
  device: DeviceIdentity & {
    name: string;
    site: string | null;
    host: string;
    port: number;
    fingerprint: string | null;
  };
  options: { target: string; fileName: string; dataTypes: string[]; envysionProjects: string[]; format: string };
  deviceFileName: string;
  /** File name inside the controller's folder. */
  file: string;
  bytes: number;
  sha256: string;
  zip: { entries: number; uncompressedBytes: number };
  compatibility: string | null;
  jobId: string | null;
  /** Which path spellings the controller answered where the API leaves several possible (see endpoints.ts). */
  endpointVariants?: Record<string, string>;
  /** The controller's own backup list once this backup was made: the next run warns when it piles up. */
  controllerStore?: ControllerStore;
  startedAt: string;
  finishedAt: string;
}

/**
 * Moves a verified download into the archive under a name derived from the device's, never replacing an
 * existing file: a hard link fails if the name is taken (then " (2)", " (3)"… is tried), and only then is the
 * `.part` removed. Returns the final absolute path.
 */
export async function placeBackup(
  archiveRoot: string,
  folder: string,
  partPath: string,
  deviceFileName: string,
  options: { flushFolder?: boolean } = {},
): Promise<string> {
  await fs.mkdir(folder, { recursive: true });
  const base = safeSegment(deviceFileName, 'backup');
  for (let n = 1; n < 1000; n++) {
    const candidate = path.join(folder, `${base}${n === 1 ? '' : ` (${n})`}${BACKUP_EXTENSION}`);
    assertInside(archiveRoot, candidate);
    if (await exists(`${candidate}${SIDECAR_SUFFIX}`)) continue;
    try {
      await placeWithoutOverwrite(partPath, candidate);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    }
    // Without it the caller flushes the folder itself, once for this name and the sidecar's (flushFolder).
    if (options.flushFolder !== false) await flushFolder(folder);
    return candidate;
  }
  throw new CodedError('DISK_ERROR', `Too many backups named "${base}" in ${folder}.`);
}

/** Writes the sidecar atomically (temp + fsync + rename) beside the backup file, private (0600), through no link. */
export async function writeSidecar(backupPath: string, sidecar: BackupSidecar): Promise<string> {
  const target = `${backupPath}${SIDECAR_SUFFIX}`;
  await writePrivateFile(target, `${JSON.stringify(sidecar, null, 2)}\n`);
  return target;
}

/**
 * Gives the `.part` its final name only if that name is free. A hard link is atomic and refuses to replace;
 * file systems without links (FAT32/exFAT USB drives) get an exclusive copy, flushed, instead.
 */
async function placeWithoutOverwrite(partPath: string, target: string): Promise<void> {
  try {
    await fs.link(partPath, target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS' && code !== 'EXDEV')
      throw err;
    try {
      await fs.copyFile(partPath, target, fsConstants.COPYFILE_EXCL);
    } catch (copyErr) {
      if ((copyErr as NodeJS.ErrnoException).code !== 'EEXIST') await fs.rm(target, { force: true });
      throw copyErr;
    }
    try {
      const fh = await fs.open(target, 'r+');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
    } catch (syncErr) {
      // The copy is ours (EXCL): a half-written one must not stay under a backup's name.
      await fs.rm(target, { force: true });
      throw syncErr;
    }
  }
  await fs.unlink(partPath);
}

/** Where a save keeps the backup's record until the backup has its name: beside the `.part`, as `<part>.json`. */
export function pendingRecordOf(partPath: string): string {
  return `${partPath}${SIDECAR_SUFFIX}`;
}

// A real record is about 1 kB; a bigger file under that name is not ours and is not read into memory.
const MAX_RECORD_BYTES = 1024 * 1024;

/**
 * Settles what killed processes (power cut, SIGKILL, closed lid) left in a controller's folder: a `.part`
 * (`….<pid>-<random>.part`) or a private write's `.tmp` whose writer is gone is removed. A save writes its
 * pending record (`<part>.json`) before it names the backup, so a process killed after naming the backup but
 * before its sidecar left that record: the named file that matches it (name, size and SHA-256) gets its
 * sidecar now, and the archive never keeps a backup it cannot check. Files of a process that still runs
 * (another run on this laptop) are left alone.
 */
export async function removeStaleParts(folder: string): Promise<void> {
  const names = await fs.readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    // A `.tmp` is a private file's write that never reached its rename (writePrivateFile).
    const match = /\.(\d+)-[0-9a-f]+\.(part|part\.json|tmp)$/.exec(name);
    if (!match || processAlive(Number(match[1]))) continue;
    const full = path.join(folder, name);
    if (match[2] === 'part.json') await adoptFromPendingRecord(folder, full).catch(() => undefined);
    await fs.rm(full, { force: true }).catch(() => undefined);
  }
}

async function adoptFromPendingRecord(folder: string, recordPath: string): Promise<void> {
  const stat = await fs.lstat(recordPath);
  if (!stat.isFile() || stat.size > MAX_RECORD_BYTES) return;
  const record = JSON.parse(await fs.readFile(recordPath, 'utf8')) as Partial<BackupSidecar>;
  if (
    typeof record.deviceFileName !== 'string' ||
    typeof record.bytes !== 'number' ||
    typeof record.sha256 !== 'string'
  )
    return;
  const file = await findUnrecordedCopy(folder, record.deviceFileName, { bytes: record.bytes, sha256: record.sha256 });
  if (!file) return;
  await writeSidecar(file, { ...(record as BackupSidecar), file: path.basename(file) });
  await flushFolder(folder);
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, it is just not ours to signal.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

/** Makes the folder's new entries (links, renames) durable. */
export async function flushFolder(folder: string): Promise<void> {
  // Makes the new directory entry durable; not supported on every platform (Windows), where it is skipped.
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(folder, 'r');
    await fh.sync();
  } catch {
    /* best effort */
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

/**
 * A backup of this device file placed in the folder by a process killed before it wrote the sidecar (between
 * the link and the sidecar's rename): a file under one of the names placeBackup gives this device file, with
 * no sidecar, and the very bytes just downloaded again (same size and SHA-256). A resumed run adopts it
 * (writes its sidecar) instead of placing a second copy.
 */
export async function findUnrecordedCopy(
  folder: string,
  deviceFileName: string,
  download: { bytes: number; sha256: string },
): Promise<string | undefined> {
  const base = safeSegment(deviceFileName, 'backup');
  const names = new Set(await fs.readdir(folder).catch(() => [] as string[]));
  for (const name of names) {
    const suffix =
      name.startsWith(base) && name.endsWith(BACKUP_EXTENSION)
        ? name.slice(base.length, name.length - BACKUP_EXTENSION.length)
        : undefined;
    // "NAME.ecybackup" or "NAME (n).ecybackup", as placeBackup names them.
    if (suffix === undefined || !/^(?: \(\d+\))?$/.test(suffix) || names.has(`${name}${SIDECAR_SUFFIX}`)) continue;
    const file = path.join(folder, name);
    const stat = await fs.stat(file).catch(() => undefined);
    if (stat?.size !== download.bytes) continue;
    const hashed = await hashFile(file).catch(() => undefined);
    if (hashed?.sha256 === download.sha256) return file;
  }
  return undefined;
}

/**
 * A backup of this device file already in the controller's folder, verified (size and SHA-256 as its sidecar
 * says): a resumed run whose process died after archiving, but before journalling, keeps that copy instead of
 * downloading a second one.
 */
export async function findArchivedCopy(
  folder: string,
  deviceFileName: string,
  hostId: string,
): Promise<{ file: string; sidecar: BackupSidecar } | undefined> {
  const names = await fs.readdir(folder).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.endsWith(`${BACKUP_EXTENSION}${SIDECAR_SUFFIX}`))) {
    const sidecarPath = path.join(folder, name);
    let sidecar: BackupSidecar;
    try {
      sidecar = JSON.parse(await fs.readFile(sidecarPath, 'utf8')) as BackupSidecar;
    } catch {
      continue;
    }
    if (sidecar.deviceFileName !== deviceFileName || (sidecar.device?.hostId ?? '') !== hostId) continue;
    const file = sidecarPath.slice(0, -SIDECAR_SUFFIX.length);
    const hashed = await hashFile(file).catch(() => undefined);
    if (hashed && hashed.bytes === sidecar.bytes && hashed.sha256 === sidecar.sha256) return { file, sidecar };
  }
  return undefined;
}
