import type { Readable } from 'node:stream';
import type { BackupOptions, JobState } from './answers';
import type { BodyFormat } from './codecs';
import type { BackupTarget, DeviceIdentity } from '../../../shared/controller';

export type { JobState } from './answers';

/** A backup file as listed by the controller (name without extension). */
export interface DeviceFile {
  name: string;
  size?: number;
}

/** What to ask the controller to build. */
export interface BackupRequest {
  target: BackupTarget;
  fileName: string;
  dataTypes: string[];
  envysionProjects: string[];
}

/** The compatibility preview of one backup file (v1 only). */
export interface BackupPreview {
  compatibility: string;
  dataTypes: string[];
}

/**
 * Which spelling of a path a controller answered, where the API's documentation leaves several possible
 * (`usbTarget`: `usb-key`, `usbKey` or `usbkey`; `jobCancel`: `job-resource` or `sub-resource`). Reported in
 * the backup's record and in a field report, so a guess becomes a fact.
 */
export type EndpointVariants = Partial<Record<'usbTarget' | 'jobCancel', string>>;

/** The backup operations of one controller, whichever API generation it speaks. */
export interface ControllerApi {
  readonly identity: DeviceIdentity;
  /** Whether the controller has a job resource to follow (v1 ≥ 6.0, and v2). */
  readonly supportsJobs: boolean;
  /** Body format actually used (XML falls back to JSON below revision 7.0). */
  readonly format: BodyFormat;
  /** The path spellings this controller answered so far. */
  readonly variants: EndpointVariants;
  /** Whether the last listing of the Device target was a 404 (no list at all, as before a first backup). */
  readonly fileListMissing: boolean;
  listFiles(target: BackupTarget): Promise<DeviceFile[]>;
  /** The ENVYSION projects a backup can include (with a warning when the answer was not understood). */
  backupOptions(): Promise<BackupOptions>;
  /** Starts a backup; returns the job id, or undefined when the controller gave none. `once`: no retry when busy. */
  createBackup(request: BackupRequest, once?: boolean): Promise<string | undefined>;
  /** The job's state, or undefined when the controller no longer knows it (404). */
  getJob(jobId: string): Promise<JobState | undefined>;
  /** Asks the controller to stop a job; resolves whatever it answered (best effort). */
  cancelJob(jobId: string): Promise<void>;
  preview(target: BackupTarget, name: string): Promise<BackupPreview | undefined>;
  openDownload(name: string): Promise<{ stream: Readable; contentLength: number | undefined }>;
}
