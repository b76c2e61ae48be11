import type { Readable } from 'node:stream';
import { asList, asNames, field, numberField, stringField, type Body, type BodyFormat } from './codecs';
import { ENDPOINTS, REVISION_GATES, revisionAtLeast } from './endpoints';
import { BackupError } from './errors';
import type { DeviceSession } from './session';

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

/** A backup file as listed by the controller (name without extension). */
export interface DeviceFile {
  name: string;
  size?: number;
}

/** A controller job as last seen. */
export interface JobState {
  progress: number;
  status: 'running' | 'completed' | 'failed' | 'cancelled';
  message?: string;
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

/** The backup operations of one controller, whichever API generation it speaks. */
export interface ControllerApi {
  readonly identity: DeviceIdentity;
  /** Whether the controller has a job resource to follow (v1 ≥ 6.0, and v2). */
  readonly supportsJobs: boolean;
  /** Body format actually used (XML falls back to JSON below revision 7.0). */
  readonly format: BodyFormat;
  listFiles(target: BackupTarget): Promise<DeviceFile[]>;
  envysionProjects(): Promise<string[]>;
  /** Starts a backup; returns the job id, or undefined when the controller gave none. `once`: no retry on 503. */
  createBackup(request: BackupRequest, once?: boolean): Promise<string | undefined>;
  /** The job's state, or undefined when the controller no longer knows it (404). */
  getJob(jobId: string): Promise<JobState | undefined>;
  cancelJob(jobId: string): Promise<void>;
  preview(target: BackupTarget, name: string): Promise<BackupPreview | undefined>;
  openDownload(name: string): Promise<{ stream: Readable; contentLength: number | undefined }>;
}

/** ECLYPSE 1.x REST API (`/api/rest/v1`). */
export class V1Api implements ControllerApi {
  readonly supportsJobs: boolean;
  readonly format: BodyFormat;

  constructor(
    private readonly session: DeviceSession,
    readonly identity: DeviceIdentity,
    requestedFormat: BodyFormat,
  ) {
    this.supportsJobs = revisionAtLeast(identity.apiRevision, REVISION_GATES.jobs);
    this.format = requestedFormat === 'xml' && revisionAtLeast(identity.apiRevision, REVISION_GATES.xml) ? 'xml' : 'json';
  }

  async listFiles(target: BackupTarget): Promise<DeviceFile[]> {
    const res = await this.session.request({ method: 'GET', path: ENDPOINTS.backupFiles.path(target), format: this.format, accept: [404] });
    if (res.status === 404) {
      if (target === 'UsbKey') throw new BackupError('USB_KEY_MISSING', 'The controller lists no USB key files (no key plugged in, or this firmware lists them elsewhere).');
      throw new BackupError('API_UNSUPPORTED', 'The controller has no backup file list.');
    }
    return asList(res.body).flatMap((item) => {
      const name = typeof item === 'string' ? item : stringField(item, 'name', 'fileName');
      if (name === undefined) return [];
      const size = typeof item === 'object' ? numberField(item, 'size') : undefined;
      return [{ name: stripExtension(name), ...(size === undefined ? {} : { size }) }];
    });
  }

  async envysionProjects(): Promise<string[]> {
    const res = await this.session.request({ method: 'GET', path: ENDPOINTS.envysionProjects.path(), format: this.format, accept: [404] });
    if (res.status === 404) return [];
    const body = res.body;
    const wrapped = field(body, 'envysionProjects', 'projects');
    return asNames(wrapped ?? body);
  }

  async createBackup(request: BackupRequest, once = false): Promise<string | undefined> {
    if (!revisionAtLeast(this.identity.apiRevision, REVISION_GATES.backupCreate)) {
      throw new BackupError('API_UNSUPPORTED', `API revision ${this.identity.apiRevision} has no backup resource (needs ${REVISION_GATES.backupCreate}).`);
    }
    const value: Record<string, unknown> = {
      target: request.target,
      fileName: request.fileName,
      dataTypes: request.dataTypes,
      envysionProjects: request.envysionProjects,
    };
    try {
      const res = await this.session.request({ method: 'POST', path: ENDPOINTS.backupCreate.path(), format: this.format, body: { value, root: 'Backup' }, ...(once ? { attempts: 1 } : {}) });
      return stringField(res.body, 'jobId', 'id', 'job');
    } catch (err) {
      throw refineCreateError(err, request.target);
    }
  }

  async getJob(jobId: string): Promise<JobState | undefined> {
    const res = await this.session.request({ method: 'GET', path: ENDPOINTS.job.path(jobId), format: this.format, accept: [404] });
    return res.status === 404 ? undefined : readJob(res.body);
  }

  async cancelJob(jobId: string): Promise<void> {
    await this.session.request({ method: 'POST', path: ENDPOINTS.jobCancel.path(jobId), format: this.format, body: { value: {}, root: 'Job' }, accept: [404] });
  }

  async preview(target: BackupTarget, name: string): Promise<BackupPreview | undefined> {
    const res = await this.session.request({ method: 'GET', path: ENDPOINTS.backupPreview.path(target, name), format: this.format, accept: [404] });
    if (res.status === 404) return undefined;
    const compatibility = stringField(res.body, 'compatibility');
    if (compatibility === undefined) return undefined;
    return { compatibility, dataTypes: asNames(field(res.body, 'dataTypes')) };
  }

  openDownload(name: string): Promise<{ stream: Readable; contentLength: number | undefined }> {
    return this.session.openStream(ENDPOINTS.backupDownload.path(name));
  }
}

/** Firmware 2.x API (`/api/rest/v2`): full backups only, listed by key. */
export class V2Api implements ControllerApi {
  readonly supportsJobs = true;
  readonly format: BodyFormat = 'json';

  constructor(
    private readonly session: DeviceSession,
    readonly identity: DeviceIdentity,
  ) {}

  async listFiles(target: BackupTarget): Promise<DeviceFile[]> {
    if (target !== 'Device') throw new BackupError('INVALID_INPUT', 'API v2 controllers back up to their own store only (target Device).');
    const res = await this.session.request({ method: 'GET', path: ENDPOINTS.v2Backups.path() });
    return v2Entries(res.body).map((e) => ({ name: e.key, ...(e.size === undefined ? {} : { size: e.size }) }));
  }

  async envysionProjects(): Promise<string[]> {
    return [];
  }

  async createBackup(request: BackupRequest, once = false): Promise<string | undefined> {
    if (request.target !== 'Device') throw new BackupError('INVALID_INPUT', 'API v2 controllers back up to their own store only (target Device).');
    const res = await this.session.request({ method: 'POST', path: ENDPOINTS.v2Create.path(), body: { value: { option: 'full' }, root: 'Backup' }, ...(once ? { attempts: 1 } : {}) });
    return stringField(res.body, 'job', 'jobId', 'id');
  }

  async getJob(jobId: string): Promise<JobState | undefined> {
    const res = await this.session.request({ method: 'GET', path: ENDPOINTS.v2Job.path(jobId), accept: [404] });
    return res.status === 404 ? undefined : readJob(res.body);
  }

  async cancelJob(): Promise<void> {
    // No cancel resource is known for v2; the caller still stops waiting and keeps nothing.
  }

  async preview(): Promise<BackupPreview | undefined> {
    return undefined;
  }

  openDownload(name: string): Promise<{ stream: Readable; contentLength: number | undefined }> {
    return this.session.openStream(ENDPOINTS.v2Download.path(name));
  }
}

/** Reads the v2 backup list: an object keyed by backup key (or an array of entries with `key`). */
export function v2Entries(body: Body): Array<{ key: string; size?: number; platform?: Body }> {
  const items = body && typeof body === 'object' && !Array.isArray(body) ? Object.entries(body).map(([k, v]) => ({ k, v })) : asList(body).map((v) => ({ k: undefined, v }));
  return items.flatMap(({ k, v }) => {
    const key = stringField(v, 'key') ?? k;
    if (key === undefined) return [];
    const size = numberField(v, 'size');
    return [{ key, ...(size === undefined ? {} : { size }), platform: field(v, 'platform') }];
  });
}

function readJob(body: Body): JobState {
  const progress = Math.max(0, Math.min(100, numberField(body, 'progress') ?? 0));
  const raw = (stringField(body, 'status', 'state', 'result') ?? '').toLowerCase();
  const message = stringField(body, 'error', 'message', 'errorMessage');
  let status: JobState['status'];
  if (/fail|error|abort/.test(raw)) status = 'failed';
  else if (/cancel/.test(raw)) status = 'cancelled';
  else if (/complet|success|succeed|done|finish/.test(raw)) status = 'completed';
  // The documentation only promises progress: a job at 100 % with no status is done.
  else if (raw === '' && progress >= 100) status = 'completed';
  else status = 'running';
  return { progress, status, ...(message ? { message } : {}) };
}

function refineCreateError(err: unknown, target: BackupTarget): unknown {
  if (!(err instanceof BackupError)) return err;
  // The documentation names one recoverable 400 for a USB target: the key is absent.
  if (err.code === 'BAD_REQUEST' && target === 'UsbKey') {
    return new BackupError('USB_KEY_MISSING', err.message, err.details);
  }
  if (err.code === 'PROTOCOL_ERROR' && err.details.status === 404) {
    return new BackupError('API_UNSUPPORTED', `The controller has no backup-create resource (${err.message}).`, err.details);
  }
  return err;
}

function stripExtension(name: string): string {
  return name.replace(/\.ecybackup$/i, '');
}
