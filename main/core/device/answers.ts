import { asList, field, numberField, stringField, type Body } from './codecs';

/** A controller job as last seen. */
export interface JobState {
  progress: number;
  status: 'running' | 'completed' | 'failed' | 'cancelled';
  message?: string;
}

/** The ENVYSION projects a backup can include, and why the list may be wrong when its shape was not understood. */
export interface BackupOptions {
  projects: string[];
  warning?: string;
}

/**
 * Reads `GET /system/backup`. The documentation's Backup object has `dataTypes` and `envysionProjects`
 * (an empty list may be left out), so an object is read by that field name only: a list under any other key
 * (the data types, say) is never taken for project names. A bare list of names, or of `{name}`, is our
 * older guess and still read. Anything else gives no projects and a warning, not a refused create.
 */
export function readBackupOptions(body: Body): BackupOptions {
  if (body === undefined || body === '') return { projects: [] };
  if (Array.isArray(body)) {
    const projects = namesOf(body);
    return projects ? { projects } : unreadable('a list that is not of names');
  }
  if (body !== null && typeof body === 'object') {
    const listed = field(body, 'envysionProjects');
    if (listed === undefined) return { projects: [] };
    const projects = namesOf(xmlList(listed));
    return projects ? { projects } : unreadable('an ENVYSION project list that is not of names');
  }
  return unreadable('not an object');
}

function unreadable(what: string): BackupOptions {
  return {
    projects: [],
    warning: `The controller's list of ENVYSION projects was not understood (${what}); the backup was made without ENVYSION projects. Please send a field report (eclypse-backup diagnose).`,
  };
}

/** The names of a list of strings or `{name}` objects; undefined when an item is neither. */
function namesOf(items: unknown[]): string[] | undefined {
  const names: string[] = [];
  for (const item of items) {
    const name = typeof item === 'string' ? item : stringField(item, 'name');
    if (name === undefined || name.trim() === '') return undefined;
    names.push(name);
  }
  return names;
}

/** A list as JSON gives it, or as XML does: `<EnvysionProjects><EnvysionProject>A</EnvysionProject>…` (one child, one or many). */
function xmlList(value: unknown): unknown[] {
  if (value === '' || value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  if (typeof value === 'object') {
    const children = Object.values(value);
    if (children.length === 1) return Array.isArray(children[0]) ? children[0] : [children[0]];
  }
  return [value];
}

/**
 * Reads a job. The documentation promises only `progress` (0→100) and `type`; a status word, where a firmware
 * sends one, decides. Without one, an error text means failed, and 100 % means done.
 */
export function readJob(body: Body): JobState {
  const progress = Math.max(0, Math.min(100, numberField(body, 'progress') ?? 0));
  const raw = (stringField(body, 'status', 'state', 'result') ?? '').toLowerCase();
  const message = stringField(body, 'error', 'message', 'errorMessage');
  let status: JobState['status'];
  if (/fail|error|abort/.test(raw)) status = 'failed';
  else if (/cancel/.test(raw)) status = 'cancelled';
  else if (/complet|success|succeed|done|finish/.test(raw)) status = 'completed';
  else if (raw === '' && message !== undefined && message.trim() !== '') status = 'failed';
  else if (raw === '' && progress >= 100) status = 'completed';
  else status = 'running';
  return { progress, status, ...(message ? { message } : {}) };
}

/** The job id of a create answer: `{"jobId"}` (v1, documented), `{"job"}` (v2, seen) or `{"job":{"id"}}`; none is fine. */
export function readJobId(body: Body): string | undefined {
  const direct = stringField(body, 'jobId', 'job', 'id');
  if (direct !== undefined && direct.trim() !== '') return direct;
  const nested = field(body, 'job');
  const id = nested && typeof nested === 'object' ? stringField(nested, 'id', 'jobId') : undefined;
  return id !== undefined && id.trim() !== '' ? id : undefined;
}

/** Reads the v2 backup list: an object keyed by backup key (or an array of entries with `key`). */
export function v2Entries(body: Body): Array<{ key: string; size?: number; platform?: Body }> {
  const items =
    body && typeof body === 'object' && !Array.isArray(body)
      ? Object.entries(body).map(([k, v]) => ({ k, v }))
      : asList(body).map((v) => ({ k: undefined, v }));
  return items.flatMap(({ k, v }) => {
    const key = stringField(v, 'key') ?? k;
    if (key === undefined) return [];
    const size = numberField(v, 'size');
    return [{ key, ...(size === undefined ? {} : { size }), platform: field(v, 'platform') }];
  });
}
