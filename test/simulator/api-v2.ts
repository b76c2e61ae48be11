import { bodyFormat, parseBody, Refusal } from './backup-create';
import { V2_FULL_INCLUDES } from './backup-archive';
import { planDeviceV2, type DeviceContext } from './device-context';
import type { StoredBackup } from './device-backups';
import { streamBackup } from './download';
import {
  answer,
  answerBusy,
  answerError,
  answerNoContent,
  answerNotFound,
  answerText,
  type Exchange,
} from './http-answers';

/** Base path of the firmware 2.x REST API. */
export const V2_BASE = '/api/rest/v2';
/**
 * Where a v2 job is polled: `${V2_JOBS_PATH}/{id}`. A GUESS (eclypse-api.md documents only create's
 * `{"job": id}` answer); it lives in this one constant so a confirmed path is a one-line change.
 */
export const V2_JOBS_PATH = `${V2_BASE}/jobs`;

const SERVICES = ['backup', 'system', 'network', 'users', 'certificates', 'protocols'];
const BACKUP_OPTIONS = ['full'];

function backupRecord(file: StoredBackup, ctx: DeviceContext): Record<string, unknown> {
  return {
    key: file.name,
    size: file.size,
    'creation-time': file.createdAt.toISOString(),
    includes: file.contents,
    packages: [{ name: 'eclypse-runtime', version: ctx.identity.softwareVersion }],
    platform: {
      'model-name': ctx.identity.modelName,
      'host-id': ctx.identity.hostId,
      'os-version': ctx.identity.softwareVersion,
    },
  };
}

/** Answers one v2 request (path relative to the v2 base) that already passed authentication. */
export async function routeV2(ex: Exchange, ctx: DeviceContext, jobsRoute: boolean): Promise<void> {
  const [first, second, third, fourth, fifth] = ex.segments;
  if (jobsRoute) {
    const job = first !== undefined && second === undefined && ex.method === 'GET' ? ctx.backups.job(first) : undefined;
    if (!job) return answerText(ex.res, 404, 'Job not found');
    return answer(ex, 200, job, 'Job');
  }
  if (first !== 'services') return answerNotFound(ex.res);
  if (ex.method === 'GET' && second === undefined) return answer(ex, 200, SERVICES, 'Services');
  if (second !== 'backup') return answerNotFound(ex.res);
  if (third === 'backups' && fourth === undefined && ex.method === 'GET') {
    const listing = Object.fromEntries(ctx.backups.listed('Device').map((f) => [f.name, backupRecord(f, ctx)]));
    return answer(ex, 200, listing, 'Backups');
  }
  if (third === 'backups' && fourth === 'create' && fifth === undefined && ex.method === 'POST')
    return createV2(ex, ctx);
  if (third === 'store' && fourth !== undefined && fifth === undefined && ex.method === 'GET') {
    const file = ctx.backups.find('Device', fourth);
    if (!file) return answerText(ex.res, 404, 'Backup not found');
    return streamBackup(ex.res, file, ctx.faults(), `${fourth}.zip`);
  }
  return answerNotFound(ex.res);
}

async function createV2(ex: Exchange, ctx: DeviceContext): Promise<void> {
  const format = bodyFormat(ex.req.headers['content-type']);
  if (format instanceof Refusal) return answerText(ex.res, format.status, format.message);
  if (format !== 'json') return answerText(ex.res, 415, 'Unsupported Media Type: application/json expected');
  if (ctx.takeCreateBusy()) return answerBusy(ex, ctx);
  const fields = parseBody('json', ex.body, '');
  if (fields instanceof Refusal) return answerError(ex, fields.status, fields.message);
  const option = fields.option;
  if (typeof option !== 'string' || !BACKUP_OPTIONS.includes(option))
    return answerError(ex, 400, 'Invalid option: expected "full"');
  if (ctx.backups.busy()) return answerBusy(ex, ctx);
  const includes = V2_FULL_INCLUDES;
  const job = ctx.backups.start({
    target: 'Device',
    // The key is the option plus the device timestamp ("full_20260301_101500"); clients must diff listings.
    fileName: option,
    contents: includes,
    envysionProjects: [],
    plan: (key, createdAt) => planDeviceV2(ctx, key, createdAt, includes),
  });
  if (ctx.dialect.v2CreateAnswer === 'no-content') return answerNoContent(ex.res);
  return answer(ex, 200, ctx.dialect.v2CreateAnswer === 'job' ? { job: job.id } : {}, 'BackupCreate');
}

/** What a firmware 2.x controller that also keeps a v1 root answers under `/api/rest/v1`: the root, nothing below. */
export function routeV2LegacyRoot(ex: Exchange): void {
  if (ex.method === 'GET' && ex.segments.length === 0)
    return answer(ex, 200, [{ name: 'services', href: '/api/rest/v2/services' }], 'Resources');
  return answerNotFound(ex.res);
}
