/** The ECLYPSE controller simulator: real HTTPS servers on 127.0.0.1 that follow shared/eclypse-api.md. */
export { startController, SIM_HOST } from './controller';
export { startSimulator, defaultFleet, inventoryCsv, spreadJobMs, INVENTORY_HEADER } from './fleet';
export { V1_BASE, BACKUP_EXTENSION } from './api-v1';
export { V2_BASE, V2_JOBS_PATH } from './api-v2';
export { SESSION_COOKIE } from './sessions';
export { DATA_TYPES, MANIFEST_PATH, type DataType } from './backup-archive';
export { deviceTimestamp, jobGauge, JobGauge } from './device-backups';
export type { ControllerSpec, Faults, PhaseFault, RecordedRequest, SimController, SimPhase, Simulator } from './types';
export { PROFILES, PROFILE_NAMES, parseProfile, resolveDialect, type Dialect, type ProfileName } from './dialects';
