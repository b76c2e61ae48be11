// What a controller is, as the tool reports it to the technician, the reports and the app. Types only.

/** Where the controller writes a backup. */
export type BackupTarget = 'Device' | 'UsbKey';

/** Who the controller says it is. */
export interface DeviceIdentity {
  api: 'v1' | 'v2';
  /** "major.minor" for v1; empty for v2, which has no revision resource. */
  apiRevision: string;
  hostId: string;
  hostName: string;
  modelName: string;
  softwareVersion: string;
}

/** What the controller is, as reported in results (no secrets). */
export interface DeviceSummary extends DeviceIdentity {
  host: string;
  port: number;
  fingerprint: string | null;
}
