/** The ECLYPSE controller simulator: real HTTPS servers on 127.0.0.1 that follow shared/eclypse-api.md. */
export { startController } from './controller';
export { startSimulator, defaultFleet, spreadJobMs, INVENTORY_HEADER } from './fleet';
export { V2_JOBS_PATH } from './api-v2';
export { DATA_TYPES } from './backup-archive';
export { jobGauge } from './device-backups';
export { PROFILES, PROFILE_NAMES, parseProfile, type ProfileName } from './dialects';
