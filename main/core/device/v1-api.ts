import type { Readable } from 'node:stream';
import { readBackupOptions, readJob, readJobId, type BackupOptions, type JobState } from './answers';
import { asList, asNames, field, numberField, stringField, type BodyFormat } from './codecs';
import type { BackupPreview, BackupRequest, ControllerApi, DeviceFile, EndpointVariants } from './controller-api';
import type { BackupTarget, DeviceIdentity } from '../../../shared/controller';
import {
  ENDPOINTS,
  JOB_CANCEL_VARIANTS,
  REVISION_GATES,
  revisionAtLeast,
  USB_TARGET_SEGMENTS,
  type TargetSegment,
} from './endpoints';
import { CodedError } from '../errors';
import type { DeviceSession } from './session';

/** ECLYPSE 1.x REST API (`/api/rest/v1`). */
export class V1Api implements ControllerApi {
  readonly supportsJobs: boolean;
  readonly format: BodyFormat;
  readonly variants: EndpointVariants = {};
  fileListMissing = false;
  /** The USB spelling that answered 2xx on this controller; every later USB path uses it. */
  private usbSegment: TargetSegment | undefined;

  constructor(
    private readonly session: DeviceSession,
    readonly identity: DeviceIdentity,
    requestedFormat: BodyFormat,
  ) {
    this.supportsJobs = revisionAtLeast(identity.apiRevision, REVISION_GATES.jobs);
    this.format =
      requestedFormat === 'xml' && revisionAtLeast(identity.apiRevision, REVISION_GATES.xml) ? 'xml' : 'json';
  }

  async listFiles(target: BackupTarget): Promise<DeviceFile[]> {
    if (target === 'UsbKey') return this.listUsbFiles();
    const res = await this.session.request({
      method: 'GET',
      path: ENDPOINTS.backupFiles.path('device'),
      format: this.format,
      accept: [404],
    });
    // A controller that never made a backup may have no list yet: empty until the create says otherwise.
    this.fileListMissing = res.status === 404;
    return res.status === 404 ? [] : readFiles(res.body);
  }

  /** The USB list under the spelling this controller answers: each is tried in turn, the first 2xx kept. */
  private async listUsbFiles(): Promise<DeviceFile[]> {
    const candidates = this.usbSegment ? [this.usbSegment] : USB_TARGET_SEGMENTS;
    for (const segment of candidates) {
      const res = await this.session.request({
        method: 'GET',
        path: ENDPOINTS.backupFiles.path(segment),
        format: this.format,
        accept: [404],
      });
      if (res.status === 404) continue;
      this.usbSegment = segment;
      this.variants.usbTarget = segment;
      return readFiles(res.body);
    }
    throw new CodedError(
      'USB_KEY_MISSING',
      `The controller lists no USB key files under ${USB_TARGET_SEGMENTS.map((s) => `targets/${s}`).join(', ')} (no key plugged in, or this firmware lists them elsewhere).`,
    );
  }

  async backupOptions(): Promise<BackupOptions> {
    const res = await this.session.request({
      method: 'GET',
      path: ENDPOINTS.backupOptions.path(),
      format: this.format,
      accept: [404],
    });
    return res.status === 404 ? { projects: [] } : readBackupOptions(res.body);
  }

  async createBackup(request: BackupRequest, once = false): Promise<string | undefined> {
    if (!revisionAtLeast(this.identity.apiRevision, REVISION_GATES.backupCreate)) {
      throw new CodedError(
        'API_UNSUPPORTED',
        `API revision ${this.identity.apiRevision} has no backup resource (needs ${REVISION_GATES.backupCreate}).`,
      );
    }
    const value: Record<string, unknown> = {
      target: request.target,
      fileName: request.fileName,
      dataTypes: request.dataTypes,
      envysionProjects: request.envysionProjects,
    };
    try {
      const res = await this.session.request({
        method: 'POST',
        path: ENDPOINTS.backupCreate.path(),
        format: this.format,
        body: { value, root: 'Backup' },
        ...(once ? { attempts: 1 } : {}),
      });
      return readJobId(res.body);
    } catch (err) {
      throw refineCreateError(err, request.target);
    }
  }

  async getJob(jobId: string): Promise<JobState | undefined> {
    const res = await this.session.request({
      method: 'GET',
      path: ENDPOINTS.job.path(jobId),
      format: this.format,
      accept: [404],
    });
    return res.status === 404 ? undefined : readJob(res.body);
  }

  /** The documented form (a POST on the job itself) first, then the `/cancel` sub-resource; the one that took it is recorded. */
  async cancelJob(jobId: string): Promise<void> {
    const variants = this.variants.jobCancel
      ? [this.variants.jobCancel as (typeof JOB_CANCEL_VARIANTS)[number]]
      : JOB_CANCEL_VARIANTS;
    for (const variant of variants) {
      const res = await this.session.request({
        method: 'POST',
        path: ENDPOINTS.jobCancel.path(jobId, variant),
        format: this.format,
        body: { value: {}, root: 'Job' },
        // Not this form (absent, not allowed, or a body it does not take): the other one is tried.
        accept: [400, 404, 405],
        attempts: 1,
      });
      if (res.status >= 200 && res.status < 300) {
        this.variants.jobCancel = variant;
        return;
      }
    }
  }

  async preview(target: BackupTarget, name: string): Promise<BackupPreview | undefined> {
    const segment = target === 'UsbKey' ? this.usbSegment : 'device';
    if (segment === undefined) return undefined;
    const res = await this.session.request({
      method: 'GET',
      path: ENDPOINTS.backupPreview.path(segment, name),
      format: this.format,
      accept: [404],
    });
    if (res.status === 404) return undefined;
    const compatibility = stringField(res.body, 'compatibility');
    if (compatibility === undefined) return undefined;
    return { compatibility, dataTypes: asNames(field(res.body, 'dataTypes')) };
  }

  openDownload(name: string): Promise<{ stream: Readable; contentLength: number | undefined }> {
    return this.session.openStream(ENDPOINTS.backupDownload.path(name));
  }
}

function readFiles(body: unknown): DeviceFile[] {
  return asList(body).flatMap((item) => {
    const name = typeof item === 'string' ? item : stringField(item, 'name', 'fileName');
    if (name === undefined) return [];
    const size = typeof item === 'object' ? numberField(item, 'size') : undefined;
    return [{ name: stripExtension(name), ...(size === undefined ? {} : { size }) }];
  });
}

function refineCreateError(err: unknown, target: BackupTarget): unknown {
  if (!(err instanceof CodedError)) return err;
  // The documentation names one recoverable 400 for a USB target: the key is absent.
  if (err.code === 'BAD_REQUEST' && target === 'UsbKey') {
    return new CodedError('USB_KEY_MISSING', err.message, err.details);
  }
  if (err.code === 'PROTOCOL_ERROR' && err.details.status === 404) {
    return new CodedError(
      'API_UNSUPPORTED',
      `The controller has no backup-create resource (${err.message}).`,
      err.details,
    );
  }
  return err;
}

function stripExtension(name: string): string {
  return name.replace(/\.ecybackup$/i, '');
}
