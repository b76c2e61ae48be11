import { setTimeout as sleep } from 'node:timers/promises';
import { bodyFormat, parseBody, Refusal, validateCreate } from './backup-create';
import type { BackupTarget, JobView } from './device-backups';
import { planDeviceV1, type DeviceContext } from './device-context';
import { bacnetInfoBody, deviceInfoBody, revisionAtLeast } from './device-identity';
import { streamBackup } from './download';
import { DATA_TYPES } from './backup-archive';
import { answer, answerBusy, answerError, answerNotFound, answerText, type Exchange } from './http-answers';

/** Base path of the ECLYPSE 1.x REST API. */
export const V1_BASE = '/api/rest/v1';
/** Extension of v1 backup files in the download path. */
const BACKUP_EXTENSION = '.ecybackup';

// Revision gates documented for v1.
const CREATE_SINCE = '4.0';
const JOBS_SINCE = '6.0';
/** First v1 revision whose XML request bodies work. */
export const XML_SINCE = '7.0';

/** The target a path segment names: `device`, and the USB key only under this firmware's own spelling. */
function targetOf(segment: string | undefined, ctx: DeviceContext): BackupTarget | undefined {
  if (segment?.toLowerCase() === 'device') return 'Device';
  return segment === ctx.dialect.usbSegment ? 'UsbKey' : undefined;
}

function rootListing(ctx: DeviceContext): unknown[] {
  const names = [
    'info',
    'system',
    'files',
    'protocols',
    ...(revisionAtLeast(ctx.revision, JOBS_SINCE) ? ['jobs'] : []),
  ];
  return names.map((name) => ({ name, href: `${V1_BASE}/${name}` }));
}

/** `GET /system/backup` in this firmware's shape (the documented object leaves an empty project list out). */
function backupOptions(ctx: DeviceContext): unknown {
  const projects = ctx.spec.envysionProjects ?? [];
  switch (ctx.dialect.backupOptions) {
    case 'names':
      return projects;
    case 'objects':
      return projects.map((name) => ({ name }));
    case 'documented':
      return { dataTypes: [...DATA_TYPES], ...(projects.length > 0 ? { envysionProjects: projects } : {}) };
  }
}

/** Answers one v1 request that already passed authentication. */
export async function routeV1(ex: Exchange, ctx: DeviceContext): Promise<void> {
  const [first, second, third, fourth, fifth, sixth, ...rest] = ex.segments;
  const get = ex.method === 'GET';
  const post = ex.method === 'POST';
  if (get && first === undefined) return answer(ex, 200, rootListing(ctx), 'Resources');
  if (first === 'info' && get && third === undefined) {
    if (second === undefined) {
      const info = {
        apiRevision: ctx.revision,
        device: { href: `${V1_BASE}/info/device` },
        bacnet: { href: `${V1_BASE}/info/bacnet` },
      };
      return answer(ex, 200, info, 'Info');
    }
    if (second === 'device')
      return answer(ex, 200, deviceInfoBody(ctx.identity, ctx.spec.stringValues ?? false), 'Device');
    if (second === 'bacnet') return answer(ex, 200, bacnetInfoBody(ctx.identity, ctx.site), 'Bacnet');
  }
  if (first === 'system' && second === 'backup') {
    if (get && third === undefined) return answer(ex, 200, backupOptions(ctx), 'Backup');
    if (third === 'create' && fourth === undefined && post && revisionAtLeast(ctx.revision, CREATE_SINCE))
      return createBackup(ex, ctx);
    if (third === 'targets' && get && rest.length === 0) return backupTargets(ex, ctx, fourth, fifth, sixth);
  }
  if (first === 'jobs' && second !== undefined && revisionAtLeast(ctx.revision, JOBS_SINCE)) {
    if (get && third === undefined) return jobAnswer(ex, ctx.backups.job(second));
    const cancelHere =
      ctx.dialect.jobCancel === 'job-resource' ? third === undefined : third === 'cancel' && fourth === undefined;
    if (post && cancelHere) {
      const format = bodyFormat(ex.req.headers['content-type']);
      if (format instanceof Refusal) return answerText(ex.res, format.status, format.message);
      return jobAnswer(ex, ctx.backups.cancel(second));
    }
  }
  if (first === 'files' && second === 'backup' && third?.endsWith(BACKUP_EXTENSION) && fourth === undefined && get) {
    return download(ex, ctx, third.slice(0, -BACKUP_EXTENSION.length));
  }
  return answerNotFound(ex.res);
}

function jobAnswer(ex: Exchange, job: JobView | undefined): void {
  if (!job) return answerText(ex.res, 404, 'Job not found');
  answer(ex, 200, job, 'Job');
}

async function backupTargets(
  ex: Exchange,
  ctx: DeviceContext,
  targetSegment: string | undefined,
  filesSegment: string | undefined,
  name: string | undefined,
): Promise<void> {
  const usb = ctx.spec.usbKeyPresent ?? false;
  if (targetSegment === undefined) return answer(ex, 200, usb ? ['Device', 'UsbKey'] : ['Device'], 'Targets');
  const target = targetOf(targetSegment, ctx);
  if (!target || filesSegment !== 'files') return answerNotFound(ex.res);
  if (target === 'UsbKey' && !usb) return answerText(ex.res, 404, 'USB key not present');
  // Some firmwares have no list at all until the first backup was made.
  if (
    name === undefined &&
    target === 'Device' &&
    ctx.dialect.emptyList === '404' &&
    ctx.backups.all(target).length === 0
  )
    return answerText(ex.res, 404, 'Not Found');
  if (name === undefined) {
    const files = ctx.backups
      .listed(target)
      .map((f) => ({ name: f.name, size: f.size, date: f.createdAt.toISOString() }));
    return answer(ex, 200, files, 'Files');
  }
  const file = ctx.backups.find(target, name);
  const faults = ctx.faults();
  if (!file || faults.previewMissing) return answerText(ex.res, 404, 'Backup file not found');
  if (faults.previewDelayMs) await sleep(faults.previewDelayMs);
  return answer(ex, 200, { compatibility: faults.compatibility ?? 'OK', dataTypes: file.contents }, 'Backup');
}

async function createBackup(ex: Exchange, ctx: DeviceContext): Promise<void> {
  const format = bodyFormat(ex.req.headers['content-type']);
  if (format instanceof Refusal) return answerText(ex.res, format.status, format.message);
  if (ctx.takeCreateBusy()) return answerBusy(ex, ctx);
  // Before 7.0 the device could not read XML bodies at all (seed page: "XML is currently not working").
  if (format === 'xml' && !ex.xmlCapable) return answerText(ex.res, 400, 'XML is currently not working');
  const fields = parseBody(format, ex.body, 'Backup');
  const request =
    fields instanceof Refusal
      ? fields
      : validateCreate(fields, {
          usbKeyPresent: ctx.spec.usbKeyPresent ?? false,
          envysionProjects: ctx.spec.envysionProjects ?? [],
        });
  if (request instanceof Refusal) return answerError(ex, request.status, request.message);
  if (ctx.backups.busy()) return answerBusy(ex, ctx);
  const job = ctx.backups.start({
    target: request.target,
    fileName: request.fileName,
    contents: request.dataTypes,
    envysionProjects: request.envysionProjects,
    plan: (name, createdAt) => planDeviceV1(ctx, name, createdAt, request.dataTypes, request.envysionProjects),
  });
  return answer(ex, 200, { jobId: job.id }, 'BackupCreate');
}

async function download(ex: Exchange, ctx: DeviceContext, name: string): Promise<void> {
  // Real controllers refuse the download when the client insists on JSON; clients must send Accept: */*.
  if (String(ex.req.headers.accept ?? '').trim() === 'application/json') {
    return answerError(ex, 406, 'Not Acceptable: this resource is binary; use Accept: */* or encode=bin');
  }
  const file = ctx.backups.find('Device', name);
  if (!file) return answerText(ex.res, 404, 'File not found');
  return streamBackup(ex.res, file, ctx.faults(), `${name}${BACKUP_EXTENSION}`);
}
