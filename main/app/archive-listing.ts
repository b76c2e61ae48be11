import fs from 'node:fs/promises';
import path from 'node:path';
import { readSidecar, scanArchive } from '../core/reports/verify';
import { judgeCompatibility } from '../core/runs/verdict';
import type { ArchiveEntry } from '../../preload/api';

/** An archive entry with the controller's address, to match it with the inventory. */
export interface ListedBackup extends ArchiveEntry {
  /** `host:port` with the host lower-cased (the inventory's id), or null for an old sidecar without an address. */
  controllerId: string | null;
}

/** Every backup of the archive with a readable sidecar, newest first; the sidecars are untrusted input. */
export async function listArchive(root: string): Promise<ListedBackup[]> {
  const out: ListedBackup[] = [];
  for (const folder of await scanArchive(root).catch(() => [])) {
    for (const sidecarPath of folder.sidecars) {
      const read = await readSidecar(sidecarPath);
      if (!read.ok) continue;
      const extra = await sidecarExtras(sidecarPath);
      const s = read.sidecar;
      // The file was hashed and read back before its sidecar was written: what is left to judge is whether the
      // controller said it restores.
      const { verdict, reason } = judgeCompatibility(extra.compatibility);
      out.push({
        path: path.relative(root, sidecarPath.replace(/\.json$/, '')),
        site: s.device.site,
        controller: s.device.name,
        controllerId: extra.host && extra.port ? `${extra.host.toLowerCase()}:${extra.port}` : null,
        deviceFileName: extra.deviceFileName,
        bytes: s.bytes,
        sha256: s.sha256,
        compatibility: extra.compatibility,
        finishedAt: s.finishedAt,
        verdict,
        verdictReason: reason,
        modelName: extra.modelName,
        softwareVersion: extra.softwareVersion,
      });
    }
  }
  return out.sort((a, b) => b.finishedAt.localeCompare(a.finishedAt));
}

/** Fields beyond the checked schema, each taken only when it has the right type. */
async function sidecarExtras(file: string): Promise<{
  deviceFileName: string;
  compatibility: string | null;
  host: string | null;
  port: number | null;
  modelName: string | null;
  softwareVersion: string | null;
}> {
  let raw: Record<string, unknown> = {};
  try {
    raw = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
  } catch {
    // readSidecar already accepted it; a race with a deletion leaves only the checked fields.
  }
  const device = (typeof raw.device === 'object' && raw.device !== null ? raw.device : {}) as Record<string, unknown>;
  return {
    deviceFileName: typeof raw.deviceFileName === 'string' ? raw.deviceFileName : '',
    compatibility: typeof raw.compatibility === 'string' ? raw.compatibility : null,
    host: typeof device.host === 'string' ? device.host : null,
    port: typeof device.port === 'number' ? device.port : null,
    modelName: typeof device.modelName === 'string' && device.modelName ? device.modelName : null,
    softwareVersion:
      typeof device.softwareVersion === 'string' && device.softwareVersion ? device.softwareVersion : null,
  };
}
