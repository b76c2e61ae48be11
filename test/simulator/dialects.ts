/**
 * How a simulated firmware answers where the public documentation leaves room. Real controllers differ from
 * each other and from our first reading of one documentation page; each switch below is one of those places,
 * and a firmware profile is a named set of them (`sim --profile`, and the tests run every profile).
 */
export interface Dialect {
  /**
   * `GET /system/backup`: `names` answers `["A","B"]`, `objects` `[{"name":"A"}]` (our first guesses), and
   * `documented` the documentation's Backup object `{"dataTypes":[…],"envysionProjects":[…]}`, which leaves
   * the project list out when it is empty.
   */
  backupOptions: 'names' | 'objects' | 'documented';
  /**
   * Requests without credentials: `per-path` answers unknown paths 404 before asking for a login (so an
   * anonymous probe tells v1 from v2); `refuse-all` answers 401 to any anonymous request, with a session
   * cookie, as the authentication page documents.
   */
  anonymous: 'per-path' | 'refuse-all';
  /** A create while a backup job already runs: 503 (full capacity) or 409 (a job of this kind is started). */
  busyStatus: 503 | 409;
  /**
   * What `GET /jobs/{id}` says: `status` adds Running/Completed/Failed (a guess), `progress-only` gives only
   * `type` and `progress` (documented; 100 when done), `never-done` stops at `stuckProgress` and never says
   * more, although the backup file appears when the controller has finished.
   */
  jobReport: 'status' | 'progress-only' | 'never-done';
  /** For `never-done`: the progress the job resource keeps showing. */
  stuckProgress: number;
  /** The Device file list of a controller that never made a backup: `[]`, or 404 until its first file exists. */
  emptyList: 'empty' | '404';
  /** Job cancel: `sub-resource` = `POST /jobs/{id}/cancel`; `job-resource` = `POST /jobs/{id}/` (the jobs page). */
  jobCancel: 'sub-resource' | 'job-resource';
  /** Path segment of the USB target under `/system/backup/targets/`. */
  usbSegment: 'usbkey' | 'usb-key' | 'usbKey';
  /** Firmware 2.x create answer: `{"job": id}`, `{}` with 200, or 204 without a body. */
  v2CreateAnswer: 'job' | 'empty' | 'no-content';
  /** Firmware 2.x also answers `GET /api/rest/v1` (a resource list) but nothing below it. */
  v2LegacyRoot: boolean;
}

/** The named firmware profiles; `classic` is the simulator as first written (and the default). */
export const PROFILES = {
  classic: {
    backupOptions: 'names',
    anonymous: 'per-path',
    busyStatus: 503,
    jobReport: 'status',
    stuckProgress: 0,
    emptyList: 'empty',
    jobCancel: 'sub-resource',
    usbSegment: 'usbkey',
    v2CreateAnswer: 'job',
    v2LegacyRoot: false,
  },
  /** The documentation read closely: the Backup object, 409, progress-only jobs, cancel on the job, kebab-case. */
  documented: {
    backupOptions: 'documented',
    anonymous: 'refuse-all',
    busyStatus: 409,
    jobReport: 'progress-only',
    stuckProgress: 0,
    emptyList: '404',
    jobCancel: 'job-resource',
    usbSegment: 'usb-key',
    v2CreateAnswer: 'empty',
    v2LegacyRoot: true,
  },
  /** A job resource that never says it is done (stays at 90 %), while the file appears as usual. */
  'stalled-job': {
    backupOptions: 'documented',
    anonymous: 'refuse-all',
    busyStatus: 409,
    jobReport: 'never-done',
    stuckProgress: 90,
    emptyList: 'empty',
    jobCancel: 'job-resource',
    usbSegment: 'usbKey',
    v2CreateAnswer: 'no-content',
    v2LegacyRoot: false,
  },
  /** Our other guesses, crossed: `[{name}]` options, a job stuck at 0 %, camelCase USB path, 204 on v2 create. */
  'field-quirks': {
    backupOptions: 'objects',
    anonymous: 'refuse-all',
    busyStatus: 503,
    jobReport: 'never-done',
    stuckProgress: 0,
    emptyList: '404',
    jobCancel: 'sub-resource',
    usbSegment: 'usbKey',
    v2CreateAnswer: 'no-content',
    v2LegacyRoot: true,
  },
} as const satisfies Record<string, Dialect>;

/** A firmware profile's name. */
export type ProfileName = keyof typeof PROFILES;

/** Every profile name, for `sim --profile` and for tests that run each one. */
export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

/** The dialect of a controller: its profile (default `classic`) with any single switch overridden. */
export function resolveDialect(profile: ProfileName | undefined, overrides: Partial<Dialect> | undefined): Dialect {
  return { ...PROFILES[profile ?? 'classic'], ...overrides };
}

/** Reads a profile name from user input, or says which ones exist. */
export function parseProfile(text: string): ProfileName {
  if ((PROFILE_NAMES as string[]).includes(text)) return text as ProfileName;
  throw new Error(`Unknown firmware profile "${text}": use one of ${PROFILE_NAMES.join(', ')}.`);
}
