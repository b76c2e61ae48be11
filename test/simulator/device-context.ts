import { planV1Archive, planV2Archive, V2_FULL_INCLUDES, type ArchivePlan, type DataType } from './backup-archive';
import { DEFAULT_REVISION, deviceIdentity, type DeviceIdentity } from './device-identity';
import { DeviceBackups, type BackupTarget } from './device-backups';
import { resolveDialect, type Dialect } from './dialects';
import type { ControllerSpec, Faults } from './types';

/** Default payload of a full backup when the spec gives none. */
const DEFAULT_BACKUP_BYTES = 256 * 1024;
/** Default time a device takes to build a backup. */
const DEFAULT_JOB_DURATION_MS = 600;
/** Default site label in the inventory. */
export const DEFAULT_SITE = 'Demo site';

// Files that were on a device before the run are small: an old configuration-only backup.
const EXISTING_DATA_TYPES: DataType[] = [
  'TIMEZONE',
  'HOSTNAME',
  'NETWORK_CONFIGURATION',
  'BACNET_CONFIGURATION',
  'GFX',
];
const EXISTING_BYTES = 16 * 1024;
const EXISTING_AGE_MS = 30 * 24 * 60 * 60 * 1000;

/** Everything a route handler needs to know about the controller it answers for. */
export interface DeviceContext {
  readonly spec: ControllerSpec;
  readonly identity: DeviceIdentity;
  /** How this firmware answers where the documentation leaves room. */
  readonly dialect: Dialect;
  readonly revision: string;
  readonly site: string;
  readonly backups: DeviceBackups;
  /** Current fault switches (mutable at run time). */
  faults(): Faults;
  /** Answers true (and counts down) while the createBusyCount fault still has 503s to give. */
  takeCreateBusy(): boolean;
  /** Replaces all fault switches (and restarts the createBusyCount countdown). */
  setFaults(next: Faults): void;
}

/** Plans a v1 backup file of this device. */
export function planDeviceV1(
  ctx: Pick<DeviceContext, 'identity' | 'spec'>,
  name: string,
  createdAt: Date,
  dataTypes: DataType[],
  envysionProjects: string[],
  backupBytes = ctx.spec.backupBytes ?? DEFAULT_BACKUP_BYTES,
): ArchivePlan {
  const id = ctx.identity;
  return planV1Archive({
    manifest: {
      model: id.modelName,
      hostId: id.hostId,
      firmware: id.softwareVersion,
      fileName: `${name}.ecybackup`,
      dataTypes,
      envysionProjects,
      createdAt: createdAt.toISOString(),
    },
    dataTypes,
    envysionProjects,
    backupBytes,
    createdAt,
    seedBase: `${id.hostId}/${name}`,
  });
}

/** Plans a v2 backup of this device. */
export function planDeviceV2(
  ctx: Pick<DeviceContext, 'identity' | 'spec'>,
  key: string,
  createdAt: Date,
  includes: string[],
  backupBytes = ctx.spec.backupBytes ?? DEFAULT_BACKUP_BYTES,
): ArchivePlan {
  const id = ctx.identity;
  return planV2Archive({
    manifest: {
      model: id.modelName,
      hostId: id.hostId,
      firmware: id.softwareVersion,
      key,
      includes,
      createdAt: createdAt.toISOString(),
    },
    includes,
    backupBytes,
    createdAt,
    seedBase: `${id.hostId}/${key}`,
  });
}

/** Builds the device behind one simulated controller, with its pre-existing backup files. */
export function createDevice(spec: ControllerSpec): DeviceContext {
  let faults: Faults = { ...spec.faults };
  let createBusyLeft = faults.createBusyCount ?? 0;
  const identity = deviceIdentity(spec);
  const dialect = resolveDialect(spec.profile, spec.dialect);
  const backups = new DeviceBackups({
    jobDurationMs: spec.jobDurationMs ?? DEFAULT_JOB_DURATION_MS,
    faults: () => faults,
    dialect,
    site: spec.site ?? '',
    ...(spec.timestamp ? { timestamp: spec.timestamp } : {}),
  });
  const ctx: DeviceContext = {
    spec,
    identity,
    dialect,
    revision: spec.revision ?? DEFAULT_REVISION,
    site: spec.site ?? DEFAULT_SITE,
    backups,
    faults: () => faults,
    takeCreateBusy() {
      if (createBusyLeft <= 0) return false;
      createBusyLeft -= 1;
      return true;
    },
    setFaults(next: Faults) {
      faults = { ...next };
      createBusyLeft = faults.createBusyCount ?? 0;
    },
  };
  addExistingFiles(ctx, spec.existingFiles ?? []);
  return ctx;
}

function addExistingFiles(ctx: DeviceContext, names: string[]): void {
  const target: BackupTarget = 'Device';
  names.forEach((name, i) => {
    // Older files are older in device time too, so "newest" sorting on the client side sees a history.
    const createdAt = new Date(Math.floor((Date.now() - EXISTING_AGE_MS) / 1000) * 1000 + i * 60_000);
    const v2 = ctx.spec.api === 'v2';
    const contents = v2 ? V2_FULL_INCLUDES.slice(0, 4) : EXISTING_DATA_TYPES;
    const plan = v2
      ? planDeviceV2(ctx, name, createdAt, contents, EXISTING_BYTES)
      : planDeviceV1(ctx, name, createdAt, EXISTING_DATA_TYPES, [], EXISTING_BYTES);
    ctx.backups.addExisting({ name, target, createdAt, plan, contents, envysionProjects: [] });
  });
}
