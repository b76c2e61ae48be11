import fs from 'node:fs/promises';
import path from 'node:path';
import { SIDECAR_SUFFIX, BACKUP_EXTENSION } from './layout';

/** What the controller's own backup list held when a backup was made: how many files, and their bytes. */
export interface ControllerStore {
  backups: number;
  /** Sum of the listed sizes; null when the controller lists no sizes. */
  bytes: number | null;
}

/** The newest backup recorded in a controller's archive folder, as far as later runs need it. */
export interface LastBackup {
  finishedAt: string;
  bytes: number;
  controllerStore: ControllerStore | null;
}

/** Reads the newest sidecar of a controller folder; damaged sidecars are skipped (`verify` reports them). */
export async function lastBackupIn(folder: string): Promise<LastBackup | null> {
  const names = await fs.readdir(folder).catch(() => [] as string[]);
  let newest: LastBackup | null = null;
  for (const n of names.filter((x) => x.endsWith(`${BACKUP_EXTENSION}${SIDECAR_SUFFIX}`))) {
    try {
      const sidecar = JSON.parse(await fs.readFile(path.join(folder, n), 'utf8')) as {
        finishedAt?: unknown;
        bytes?: unknown;
        controllerStore?: unknown;
      };
      if (typeof sidecar.bytes !== 'number' || typeof sidecar.finishedAt !== 'string') continue;
      if (newest && sidecar.finishedAt <= newest.finishedAt) continue;
      newest = {
        finishedAt: sidecar.finishedAt,
        bytes: sidecar.bytes,
        controllerStore: readStore(sidecar.controllerStore),
      };
    } catch {
      /* a damaged sidecar says nothing; `verify` reports it */
    }
  }
  return newest;
}

function readStore(value: unknown): ControllerStore | null {
  if (!value || typeof value !== 'object') return null;
  const { backups, bytes } = value as { backups?: unknown; bytes?: unknown };
  if (typeof backups !== 'number' || !Number.isInteger(backups) || backups < 0) return null;
  return { backups, bytes: typeof bytes === 'number' && bytes >= 0 ? bytes : null };
}
