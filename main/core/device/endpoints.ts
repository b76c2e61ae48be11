/**
 * Every controller path the tool uses, with where the fact comes from, so that a technician's bug report
 * about a real controller can be fixed here in one line. Provenance follows eclypse-api.md:
 * `documented` (Distech's documentation), `seen` (real clients against real controllers), `guessed`.
 */
export type Provenance = 'documented' | 'seen' | 'guessed';

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

/** The table of every path, v1 (ECLYPSE 1.x) and v2 (firmware 2.x). */
export const ENDPOINTS = {
  v1Root: { method: 'GET', path: () => V1, source: 'seen', note: '2xx means the v1 API is present' },
  info: { method: 'GET', path: () => `${V1}/info`, source: 'documented' },
  infoDevice: { method: 'GET', path: () => `${V1}/info/device`, source: 'seen' },
  envysionProjects: {
    method: 'GET',
    path: () => `${V1}/system/backup`,
    source: 'documented',
    note: 'response shape guessed: array of names or of {name}',
  },
  backupFiles: {
    method: 'GET',
    path: (target: string) => `${V1}/system/backup/targets/${seg(target.toLowerCase())}/files`,
    source: 'seen',
    note: 'lowercase "device" seen; "usbkey" guessed',
  },
  backupCreate: { method: 'POST', path: () => `${V1}/system/backup/create`, source: 'documented' },
  backupPreview: {
    method: 'GET',
    path: (target: string, name: string) => `${V1}/system/backup/targets/${seg(target.toLowerCase())}/files/${seg(name)}/`,
    source: 'documented',
  },
  backupDownload: {
    method: 'GET',
    path: (name: string) => `${V1}/files/backup/${seg(name)}.ecybackup?encode=bin`,
    source: 'seen',
    note: 'needs Accept: */*',
  },
  job: { method: 'GET', path: (id: string) => `${V1}/jobs/${seg(id)}/`, source: 'documented', note: 'revision >= 6.0' },
  jobCancel: { method: 'POST', path: (id: string) => `${V1}/jobs/${seg(id)}/cancel`, source: 'guessed' },
  v2Services: { method: 'GET', path: () => `${V2}/services`, source: 'seen' },
  v2Backups: { method: 'GET', path: () => `${V2}/services/backup/backups`, source: 'seen' },
  v2Create: { method: 'POST', path: () => `${V2}/services/backup/backups/create`, source: 'seen' },
  v2Job: { method: 'GET', path: (id: string) => `${V2}/jobs/${seg(id)}`, source: 'guessed' },
  v2Download: { method: 'GET', path: (key: string) => `${V2}/services/backup/store/${seg(key)}`, source: 'seen' },
} satisfies Record<string, Endpoint<never[]> | Endpoint<[string]> | Endpoint<[string, string]>>;

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
