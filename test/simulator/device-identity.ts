import type { ControllerSpec } from './types';
import { hash32 } from './payload';

/** What a simulated controller says about itself; derived from its spec and stable for its name. */
export interface DeviceIdentity {
  name: string;
  hostId: string;
  modelName: string;
  modelType: number;
  softwareVersion: string;
  apiRevision: string;
  bacnetDeviceInstance: number;
}

/** Default v1 `apiRevision` of a simulated controller. */
export const DEFAULT_REVISION = '8.0';

// Firmware builds that plausibly shipped each API revision; only used when the spec names none.
const FIRMWARE_BY_REVISION: Record<string, string> = {
  '8.0': '1.11.18331.555',
  '7.0': '1.10.17320.421',
  '6.0': '1.9.16299.310',
  '4.2': '1.7.15201.118',
};
const V2_FIRMWARE = '2.1.24115.87';

const MODEL_TYPES: Record<string, number> = { S1000: 1000, '303': 303, VAV: 250, APEX: 2000 };

function uuidFrom(name: string): string {
  const hex = [0, 1, 2, 3]
    .map((i) => hash32(`${i}:${name}`).toString(16).padStart(8, '0'))
    .join('')
    .toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Builds the identity a controller reports: hostId is "<model without dash>-<uuid>", e.g. "ECYS1000-5A1F...". */
export function deviceIdentity(spec: ControllerSpec): DeviceIdentity {
  const v2 = spec.api === 'v2';
  const modelName = spec.modelName ?? (v2 ? 'ECY-APEX Rev 1.0A' : 'ECY-S1000 Rev 1.0A');
  const model = modelName.split(' ')[0] ?? modelName;
  const modelKey = model.replace(/^ECY-?/, '');
  const revision = spec.revision ?? DEFAULT_REVISION;
  return {
    name: spec.name,
    hostId: `${model.replace(/-/g, '')}-${uuidFrom(spec.name)}`,
    modelName,
    modelType: MODEL_TYPES[modelKey] ?? 1000,
    softwareVersion: spec.softwareVersion ?? (v2 ? V2_FIRMWARE : (FIRMWARE_BY_REVISION[revision] ?? '1.11.18331.555')),
    apiRevision: revision,
    bacnetDeviceInstance: 100_000 + (hash32(`bacnet:${spec.name}`) % 300_000),
  };
}

/** Body of GET /api/rest/v1/info/device (camelCase; the answer layer applies spec.keyCase). */
export function deviceInfoBody(id: DeviceIdentity, stringValues: boolean): Record<string, unknown> {
  return {
    hostId: id.hostId,
    hostName: id.name,
    controllerName: id.name,
    modelName: id.modelName,
    modelType: stringValues ? String(id.modelType) : id.modelType,
    softwareVersion: id.softwareVersion,
    vendorName: 'Distech Controls',
    hostType: 'ECLYPSE',
  };
}

/** Body of GET /api/rest/v1/info/bacnet. */
export function bacnetInfoBody(id: DeviceIdentity, site: string): Record<string, unknown> {
  return { location: site, deviceInstance: id.bacnetDeviceInstance, description: `${id.modelName} ${id.name}` };
}

/** Compares "major.minor" revisions numerically ("10.0" > "8.0"); true when `revision` >= `atLeast`. */
export function revisionAtLeast(revision: string, atLeast: string): boolean {
  const [a = 0, b = 0] = revision.split('.').map(Number);
  const [c = 0, d = 0] = atLeast.split('.').map(Number);
  return a !== c ? a > c : b >= d;
}
