import type { Dialect, ProfileName } from './dialects';

/** Shape of one simulated ECLYPSE controller; every field has a realistic default. */
export interface ControllerSpec {
  /** Firmware profile: how it answers where the documentation leaves room (default `classic`). */
  profile?: ProfileName;
  /** Single switches of the profile, overridden. */
  dialect?: Partial<Dialect>;
  /** Host name the controller reports (`hostName`, `controllerName`); also the default backup file name. */
  name: string;
  /** Site label used only in the printed inventory. */
  site?: string;
  /** TCP port on 127.0.0.1 to listen on (default 0: an ephemeral port, read it back from SimController.port). */
  port?: number;
  /** `v1` = ECLYPSE 1.x REST API (default); `v2` = firmware 2.x `/api/rest/v2`. */
  api?: 'v1' | 'v2';
  /** v1 `apiRevision`, "major.minor" (default "8.0"). Below 6.0 there is no jobs resource. */
  revision?: string;
  /** Casing of JSON response keys: `camel` (default, as on the wire) or `pascal` (as in the doc tables). */
  keyCase?: 'camel' | 'pascal';
  /** Every value in `/info/device` as a string (seen in some dumps). */
  stringValues?: boolean;
  username?: string;
  password?: string;
  modelName?: string;
  softwareVersion?: string;
  /** Approximate payload bytes of a full backup (default 256 KiB). Streamed, never held in memory. */
  backupBytes?: number;
  /** How long the device takes to build a backup (default 600 ms). */
  jobDurationMs?: number;
  usbKeyPresent?: boolean;
  /** ENVYSION projects listed by GET /system/backup. */
  envysionProjects?: string[];
  /** Backup files already on the device (names without extension); each gets a small valid zip. */
  existingFiles?: string[];
  /** Device timestamp appended to fileName; default `_YYYYMMDD_HHMMSS` from a clock that only moves forward. */
  timestamp?: () => string;
  /** Serve a certificate whose validity ended in the past (common on real sites). */
  certExpired?: boolean;
  /** Serve plain HTTP instead of HTTPS (the web-server setting some sites enable). */
  plainHttp?: boolean;
  faults?: Faults;
}

/** Switches that make a simulated controller misbehave; all off by default. Mutable at run time. */
export interface Faults {
  /** The first N POST create answer busy: 503, or 409 where the profile answers a started job so. */
  createBusyCount?: number;
  /** A refused request still gets a (useless) session cookie, as some servlet containers do. */
  cookieOnRefusal?: boolean;
  /** Every request answers 401 (wrong credentials on the device side). */
  rejectAllLogins?: boolean;
  /**
   * Why the controller refuses a valid login, with the body it sends: the first login on new firmware must
   * change the password, the account is flagged "must change password", RADIUS is down and the user is not
   * cached, or the account lacks the REST API role (403).
   */
  loginRefusal?: 'first-login' | 'must-change-password' | 'radius-down' | 'no-api-role';
  /** The session cookie is forgotten after this many authenticated requests (then 401 with HTML body). */
  sessionExpiresAfter?: number;
  /** Download closes the socket after this many body bytes. */
  dropDownloadAtByte?: number;
  /** Download sends this many bytes and then stalls forever (no close). */
  stallDownloadAtByte?: number;
  /** Content-Length header off by this many bytes (positive = header larger than body). */
  contentLengthDelta?: number;
  /** The downloaded zip has a flipped byte inside an entry (CRC mismatch). */
  corruptZip?: boolean;
  /** Job reaches 100 with status "Failed" and an error message. */
  jobFails?: boolean;
  /** GET /jobs/{id} answers 404 once the job has started (the file still appears when done). */
  jobVanishes?: boolean;
  /** Job progress stops at this value and the file never appears. */
  jobStuckAt?: number;
  /** The listing never shows the new file even after the job completes. */
  listingHidesNewFile?: boolean;
  /** The new backup file is created with two names (ambiguous). */
  duplicateNewFile?: boolean;
  /** Preview answers after this many ms. */
  previewDelayMs?: number;
  /** Preview answers 404 (no compatibility available). */
  previewMissing?: boolean;
  /** Compatibility string the preview reports (default "OK"). */
  compatibility?: string;
  /** Every request stalls this many ms before the answer (a slow or overloaded device). */
  responseDelayMs?: number;
  /** The requests of one phase misbehave in one way (see PhaseFault); counted down by `times`. */
  phaseFault?: PhaseFault;
  /** The file a job creates gets this name instead of the requested one (a lying device: `../`, NUL, …). */
  renameNewFile?: (requested: string) => string;
}

/** A step of the client's conversation, as the controller can tell it from the request. */
export type SimPhase = 'probe' | 'login' | 'list' | 'create' | 'job' | 'download' | 'preview';

/**
 * How one phase misbehaves: `offline` drops the connection and stops listening (connections are then
 * refused until `comeBack()`); `reset` cuts the answer mid-body; `stall` never answers; `503` / `500-html`
 * / `401` answer with that status; `endless` streams a body that never ends; `huge-header` adds a header
 * of `size` bytes; `redirect` answers 302 to `location`; `nested-json` sends `[[[…]]]` `size` deep;
 * `xml-bomb` sends an entity-expansion document; `body` answers `status` (200) with `body` instead.
 */
export interface PhaseFault {
  phase: SimPhase;
  kind:
    | 'offline'
    | 'reset'
    | 'stall'
    | '503'
    | '500-html'
    | '401'
    | 'endless'
    | 'huge-header'
    | 'redirect'
    | 'nested-json'
    | 'xml-bomb'
    | 'body';
  /** How many matching requests misbehave (default: all of them). */
  times?: number;
  size?: number;
  location?: string;
  body?: Buffer;
  contentType?: string;
  /** Status of a `body` answer (default 200). */
  status?: number;
}

/** One request as the simulated controller saw it (for asserting what the client sent, and when). */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Whether the request carried an Authorization: Basic header. */
  basic: boolean;
  at: number;
}

/** A running simulated controller. */
export interface SimController {
  readonly spec: ControllerSpec;
  readonly host: '127.0.0.1';
  readonly port: number;
  /** SHA-256 fingerprint of the current certificate, upper-case hex with colons (Node's fingerprint256 format). */
  fingerprint: string;
  /** Current certificate PEM. */
  certPem: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Number of TLS connections accepted (to prove a wrong server saw a handshake but no HTTP request). */
  readonly tlsConnections: number;
  /** Names (without extension) of backup files on the device, including ones created by jobs. */
  files(): string[];
  /** Mutate fault switches at run time. */
  setFaults(faults: Faults): void;
  /** Replace the certificate (as a firmware upgrade or factory reset does); returns the new fingerprint. */
  rotateCertificate(): Promise<string>;
  /** Number of POST create requests accepted (job started). */
  readonly createdJobs: number;
  /** Whether a backup job is still running on the device (it builds one at a time). */
  readonly busy: boolean;
  /** Listens again on the same port after an `offline` phase fault (the controller came back). */
  comeBack(): Promise<void>;
  close(): Promise<void>;
}

/** Many simulated controllers in one process. */
export interface Simulator {
  readonly controllers: SimController[];
  /** Inventory CSV: header `name,host,port,site,username,fingerprint` then one line per controller. */
  inventoryCsv(): string;
  close(): Promise<void>;
}
