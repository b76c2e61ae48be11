/**
 * Every controller path the tool uses, with where the fact comes from, so that a technician's bug report
 * about a real controller can be fixed here in one line. Provenance follows eclypse-api.md:
 * `documented` (Distech's documentation), `seen` (real clients against real controllers), `guessed`.
 */
type Provenance = 'documented' | 'seen' | 'guessed';

/** One REST path with its provenance; `path` builds the URL path from its parameters. */
export interface Endpoint<A extends unknown[] = []> {
  method: 'GET' | 'POST';
  path: (...args: A) => string;
  source: Provenance;
  note?: string;
}

const V1 = '/api/rest/v1';
const V2 = '/api/rest/v2';
const seg = (s: string): string => encodeURIComponent(s);

/**
 * How the USB target is spelled in a path, in the order they are tried (the first that answers 2xx is kept
 * for that controller). Every multi-word segment seen in this API is kebab-case (`web-server`, `date-time`,
 * `m-bus`, `start-discovery`), so `usb-key` comes first; none of the three has been seen on a controller.
 */
export const USB_TARGET_SEGMENTS = ['usb-key', 'usbKey', 'usbkey'] as const;

/** The path segment of the Device target (seen, lowercase) or one of the USB spellings. */
export type TargetSegment = 'device' | (typeof USB_TARGET_SEGMENTS)[number];

/** The two ways of cancelling a job, in the order they are tried: the jobs page's first. */
export const JOB_CANCEL_VARIANTS = ['job-resource', 'sub-resource'] as const;

/** One way of cancelling a job. */
export type JobCancelVariant = (typeof JOB_CANCEL_VARIANTS)[number];

/** The table of every path, v1 (ECLYPSE 1.x) and v2 (firmware 2.x). */
export const ENDPOINTS = {
  v1Root: {
    method: 'GET',
    path: () => V1,
    source: 'seen',
    note: 'asked without credentials first: 404 means not v1; 2xx or 401 leaves it to /info after the login (AtriusSDK asks it with credentials)',
  },
  info: {
    method: 'GET',
    path: () => `${V1}/info`,
    source: 'documented',
    note: '404 on a controller that answers the v2 services means v2',
  },
  infoDevice: {
    method: 'GET',
    path: () => `${V1}/info/device`,
    source: 'seen',
    note: 'hostId, hostName, modelName, softwareVersion seen; other keys guessed',
  },
  backupOptions: {
    method: 'GET',
    path: () => `${V1}/system/backup`,
    source: 'documented',
    note: 'the Backup object: dataTypes and envysionProjects readable (an empty list may be left out); a bare list of names is our older guess',
  },
  backupTargets: {
    method: 'GET',
    path: () => `${V1}/system/backup/targets`,
    source: 'guessed',
    note: 'shape unknown; read only by diagnose',
  },
  backupFiles: {
    method: 'GET',
    path: (target: TargetSegment) => `${V1}/system/backup/targets/${seg(target)}/files`,
    source: 'seen',
    note: '"device" seen (an empty list may be 404 before the first backup, guessed); USB spellings guessed (USB_TARGET_SEGMENTS)',
  },
  backupCreate: {
    method: 'POST',
    path: () => `${V1}/system/backup/create`,
    source: 'documented',
    note: '409 when a backup job is already started (documented for other action resources)',
  },
  backupPreview: {
    method: 'GET',
    path: (target: TargetSegment, name: string) => `${V1}/system/backup/targets/${seg(target)}/files/${seg(name)}/`,
    source: 'documented',
  },
  backupDownload: {
    method: 'GET',
    path: (name: string) => `${V1}/files/backup/${seg(name)}.ecybackup?encode=bin`,
    source: 'seen',
    note: 'needs Accept: */*',
  },
  job: {
    method: 'GET',
    path: (id: string) => `${V1}/jobs/${seg(id)}/`,
    source: 'documented',
    note: 'revision >= 6.0; only progress and type documented; whether a backup job reaches 100 is guessed',
  },
  jobCancel: {
    method: 'POST',
    path: (id: string, variant: JobCancelVariant) =>
      variant === 'job-resource' ? `${V1}/jobs/${seg(id)}/` : `${V1}/jobs/${seg(id)}/cancel`,
    source: 'documented',
    note: 'the jobs page links cancel to a POST on the job itself; the /cancel sub-resource is our older guess',
  },
  v2Services: { method: 'GET', path: () => `${V2}/services`, source: 'seen' },
  v2Backups: {
    method: 'GET',
    path: () => `${V2}/services/backup/backups`,
    source: 'seen',
    note: 'keys seen; entry fields (size, platform) guessed',
  },
  v2Create: {
    method: 'POST',
    path: () => `${V2}/services/backup/backups/create`,
    source: 'seen',
    note: 'body {"option":"full"} seen; the answer is never read by the public client (guessed)',
  },
  v2Job: { method: 'GET', path: (id: string) => `${V2}/jobs/${seg(id)}`, source: 'guessed' },
  v2Download: { method: 'GET', path: (key: string) => `${V2}/services/backup/store/${seg(key)}`, source: 'seen' },
} satisfies Record<string, Endpoint<never[]>>;

/** API revision gates from the documentation ("major.minor"). */
export const REVISION_GATES = {
  backupCreate: '4.0',
  jobs: '6.0',
  xml: '7.0',
} as const;

/** Compares two "major.minor" revisions numerically ("10.0" > "9.5", "1.10" > "1.9"). */
export function compareRevisions(a: string, b: string): number {
  const pa = a.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const pb = b.split('.').map((n) => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Whether `revision` is at least `gate`. */
export function revisionAtLeast(revision: string, gate: string): boolean {
  return compareRevisions(revision, gate) >= 0;
}
