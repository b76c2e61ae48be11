import type { Readable } from 'node:stream';
import { readJob, readJobId, v2Entries, type BackupOptions, type JobState } from './answers';
import type { BodyFormat } from './codecs';
import type { BackupPreview, BackupRequest, ControllerApi, DeviceFile, EndpointVariants } from './controller-api';
import type { BackupTarget, DeviceIdentity } from '../../../shared/controller';
import { ENDPOINTS } from './endpoints';
import { CodedError } from '../errors';
import type { DeviceSession } from './session';

/** Firmware 2.x API (`/api/rest/v2`): full backups only, listed by key. */
export class V2Api implements ControllerApi {
  readonly supportsJobs = true;
  readonly format: BodyFormat = 'json';
  readonly variants: EndpointVariants = {};
  readonly fileListMissing = false;

  constructor(
    private readonly session: DeviceSession,
    readonly identity: DeviceIdentity,
  ) {}

  async listFiles(target: BackupTarget): Promise<DeviceFile[]> {
    if (target !== 'Device') throw deviceOnly();
    const res = await this.session.request({ method: 'GET', path: ENDPOINTS.v2Backups.path() });
    return v2Entries(res.body).map((e) => ({ name: e.key, ...(e.size === undefined ? {} : { size: e.size }) }));
  }

  async backupOptions(): Promise<BackupOptions> {
    return { projects: [] };
  }

  /** The answer is read for a job id, but none is needed: without one, the new key in the list decides. */
  async createBackup(request: BackupRequest, once = false): Promise<string | undefined> {
    if (request.target !== 'Device') throw deviceOnly();
    const res = await this.session.request({
      method: 'POST',
      path: ENDPOINTS.v2Create.path(),
      body: { value: { option: 'full' }, root: 'Backup' },
      ...(once ? { attempts: 1 } : {}),
    });
    return readJobId(res.body);
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

function deviceOnly(): CodedError {
  return new CodedError('INVALID_INPUT', 'API v2 controllers back up to their own store only (target Device).');
}
