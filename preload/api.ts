/**
 * The one contract between the renderer and the main process: every call (a request schema and a typed
 * result) and every event (main → renderer payload). main/ipc.ts, the preload, the dispatch table and the
 * renderer's test harness all derive from these maps; nothing is typed twice. It imports only zod and shared/
 * (which uses neither Node nor the DOM), so the renderer and the sandboxed preload pull in no Node code and
 * the renderer's type check never sees Node's types.
 */
import { z } from 'zod';
import { hostProblem } from '../shared/address';
import type { BackupComparison } from '../shared/backup-comparison';
import type { ProfileSummary } from '../shared/credential-profile';
import { fileNameProblem } from '../shared/data-types';
import type { ErrorCode } from '../shared/errors';
import type { CsvProblem, InventoryController } from '../shared/inventory';
import { LANGUAGE_SETTINGS, LOCALES, type Locale } from '../shared/locale';
import type { PreflightReport } from '../shared/preflight';
import type { PruneReport } from '../shared/prune-report';
import type { ControllerEvent, RunProgressEvent } from '../shared/run-events';
import type { RunRecord, RunReportFiles, RunTotals } from '../shared/run-record';
import type { CertificateInfo, DevicePin, PinState } from '../shared/trust';
import type { VerifyReport } from '../shared/verify-report';
import type { Verdict } from '../shared/words';

// The renderer shows the data types and checks a file name as it is typed with the very rules main applies.
export { ALL_DATA_TYPES, DATA_TYPE_PRESETS, type DataType, MAX_FILE_NAME } from '../shared/data-types';
export type { BackupComparison, EntryDifference } from '../shared/backup-comparison';
export type { ProfileSummary } from '../shared/credential-profile';
export type { ErrorCode } from '../shared/errors';
export type { CsvProblem, InventoryController } from '../shared/inventory';
export type { PreflightReport } from '../shared/preflight';
export type { PruneReport } from '../shared/prune-report';
export type { ControllerEvent, RunProgressEvent } from '../shared/run-events';
export type { ControllerRunResult, RunRecord, RunReportFiles } from '../shared/run-record';
export type { CertificateInfo, PinState } from '../shared/trust';
export type { VerifyReport } from '../shared/verify-report';
export type { Verdict } from '../shared/words';

/** A failure as it crosses IPC: a stable code, a message, and what the technician can do. */
export interface ApiError {
  code: ErrorCode | 'FORBIDDEN_SENDER';
  message: string;
  hint: string;
  expectedFingerprint?: string;
  actualFingerprint?: string;
}

/** Every call answers with a result, never a thrown Error (only a message would survive IPC). */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

// Bounded strings: a compromised renderer must not be able to make main allocate or log megabytes.
const text = (max: number) => z.string().max(max);
const name = z.string().trim().min(1).max(100);
// The address rules of the forms, the CSV import and the CLI (shared/address.ts): `10.0.0.1:8443` is refused
// here as it is by the core; the forms split it into host and port before sending.
const host = z
  .string()
  .trim()
  .max(300)
  .superRefine((h, ctx) => {
    const problem = hostProblem(h);
    if (problem)
      ctx.addIssue({
        code: 'custom',
        message: `not a host name or IP address (${problem.kind}): give the address alone, the port in its own field`,
      });
  });
const port = z.number().int().min(1).max(65535);
const controllerId = text(300).min(1);
const controllerIds = z
  .array(controllerId)
  .min(1)
  .max(5000)
  .refine((ids) => new Set(ids).size === ids.length, 'each controller may appear only once');
const runId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const fingerprint = text(200).min(1);
const dataTypes = z.array(text(40)).min(1).max(13);
const target = z.enum(['Device', 'UsbKey']);
const profile = z.string().trim().min(1).max(64);
const fileName = z.string().superRefine((n, ctx) => {
  const problem = fileNameProblem(n);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const controllerShape = {
  name,
  host,
  port,
  site: name.nullable(),
  username: text(100).nullable(),
  credential: profile.nullable(),
  fingerprint: fingerprint.nullable(),
  target: target.nullable(),
  notes: text(1000).nullable(),
};
/** A patch names only what changes: no defaults, or an update of the name would wipe the rest. */
const controllerPatch = z.object(controllerShape).partial().strict();

const controllerFields = z
  .object({
    name,
    host,
    port: port.default(443),
    site: name.nullable().default(null),
    username: text(100).nullable().default(null),
    credential: profile.nullable().default(null),
    fingerprint: fingerprint.nullable().default(null),
    target: target.nullable().default(null),
    notes: text(1000).nullable().default(null),
  })
  .strict();

/** How a backup logs in: a stored credential profile, or a user name and password given once. */
const credential = z.union([
  z.object({ profile }).strict(),
  z.object({ username: text(100).min(1), password: text(256).min(1), remember: profile.optional() }).strict(),
]);

/** Application settings a technician can change. */
export const settingsSchema = z
  .object({
    archiveFolder: text(1000).min(1),
    concurrency: z.number().int().min(1).max(32),
    perSite: z.number().int().min(1).max(32).nullable(),
    connectTimeoutSeconds: z.number().int().min(1).max(300),
    jobTimeoutMinutes: z.number().int().min(1).max(720),
    format: z.enum(['json', 'xml']),
    /** The app's language: the system's, or one chosen (shared/locale.ts). */
    language: z.enum(LANGUAGE_SETTINGS),
    /** Table rows: comfortable, or compact (more rows on a laptop screen). */
    density: z.enum(['comfortable', 'compact']),
  })
  .strict();

/** Application settings. */
export type Settings = z.infer<typeof settingsSchema>;

/** One backup of the archive, as listed (from its sidecar). */
export interface ArchiveEntry {
  path: string;
  site: string | null;
  controller: string;
  deviceFileName: string;
  bytes: number;
  sha256: string;
  compatibility: string | null;
  finishedAt: string;
  /** Whether this backup makes its controller safe to upgrade, judged from what the sidecar recorded. */
  verdict: Verdict;
  verdictReason: string | null;
  /** The controller's model and firmware as its sidecar recorded them (absent in old sidecars). */
  modelName?: string | null;
  softwareVersion?: string | null;
}

/** One controller of the inventory with what the technician wants to see beside it. */
export interface ControllerOverview {
  controller: InventoryController;
  /** The pinned certificate fingerprint; null until the controller is trusted. */
  pinnedFingerprint: string | null;
  /** pinned / unknown, or changed when the last attempt found a certificate other than the pinned one. */
  certState: PinState;
  /** The newest backup of this controller in the archive. */
  lastBackup: {
    path: string;
    finishedAt: string;
    bytes: number;
    sha256: string;
    verdict: Verdict;
    verdictReason: string | null;
    modelName?: string | null;
    softwareVersion?: string | null;
  } | null;
  /** How this controller ended in the newest run that included it. */
  lastRun: { runId: string; at: string; status: string; errorCode: string | null; message: string | null } | null;
}

/** A run as listed (from its journal): enough to show it and offer resume. */
export interface RunSummary {
  runId: string;
  sites: string[];
  startedAt: string;
  finishedAt: string | null;
  /** False when the app closed (or crashed) during the run: it can be resumed. */
  finished: boolean;
  totals: RunTotals;
  /** Why the run's journal cannot be read (it is listed anyway, so it is never silently lost). */
  damaged?: string;
}

/** What Export diagnostics wrote: the zip (relative to the archive) and what it holds. */
export interface DiagnosticsExport {
  path: string;
  bytes: number;
  logFiles: number;
  captures: number;
}

/** A log record sent by the window or its preload (bounded: a broken page must not fill the disk). */
export interface RendererLogRecord {
  level: 'error' | 'warn' | 'info';
  source: 'renderer' | 'preload';
  event: string;
  message: string;
  stack?: string;
  details?: Record<string, string>;
}

/** The settings in force, and why the saved ones were not used if they were not (a hand-edited file). */
export type SettingsView = Settings & { warning: string | null };

/** What importing a CSV did. */
export interface ImportSummary {
  added: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  pinned: number;
  /** Controllers whose fingerprint is kept as expected: trusted once a probe sees that certificate, or confirmed natively. */
  expected: number;
  conflicts: Array<{ id: string; name: string; pinned: string; inCsv: string }>;
}

/**
 * The certificate of a controller and how it stands against its pin. A fingerprint the inventory expects (from
 * a CSV or the form) becomes the pin when the probe sees exactly it; a different one is `changed`, with the
 * expected fingerprint in `pinnedFingerprint` and `expectedFingerprint`.
 */
export interface ProbeResult {
  certificate: CertificateInfo;
  pinState: PinState;
  pinnedFingerprint: string | null;
  /** Set when the comparison was with the inventory's expected fingerprint (nothing pinned yet). */
  expectedFingerprint?: string;
  /** What the pinned certificate said of itself when it was trusted (null fields: pinned before this was kept). */
  pinned?: {
    subject: string;
    issuer: string | null;
    validFrom: string | null;
    validTo: string | null;
    pinnedAt: string;
  };
}

/** A request schema whose input and output have the same shape (no defaults), so callers see the real type. */
type Schema<T> = z.ZodType<T, T>;

function call<Req extends z.ZodType, Res>(request: Req): { request: Req; result: Res } {
  return { request, result: undefined as unknown as Res };
}
const empty = z.object({}).strict();

/** Every call: channel → request schema and result type. */
export const CALLS = {
  'inventory:list': call<Schema<{ site?: string; search?: string }>, InventoryController[]>(
    z.object({ site: text(100).optional(), search: text(200).optional() }).strict(),
  ),
  'inventory:add': call<typeof controllerFields, InventoryController>(controllerFields),
  'inventory:update': call<Schema<{ id: string; patch: z.input<typeof controllerPatch> }>, InventoryController>(
    z.object({ id: controllerId, patch: controllerPatch }).strict(),
  ),
  'inventory:remove': call<Schema<{ id: string }>, InventoryController>(z.object({ id: controllerId }).strict()),
  'inventory:previewCsv': call<
    Schema<{ text: string }>,
    { controllers: InventoryController[]; problems: CsvProblem[] }
  >(z.object({ text: text(20 * 1024 * 1024) }).strict()),
  'inventory:importCsv': call<Schema<{ text: string; update: boolean }>, ImportSummary>(
    z.object({ text: text(20 * 1024 * 1024), update: z.boolean() }).strict(),
  ),
  'inventory:exportCsv': call<typeof empty, { path: string | null }>(empty),
  'inventory:openCsvFile': call<typeof empty, { path: string; text: string } | null>(empty),
  'controllers:overview': call<typeof empty, ControllerOverview[]>(empty),
  'controller:probe': call<Schema<{ host: string; port: number }>, ProbeResult>(z.object({ host, port }).strict()),
  'controller:trust': call<Schema<{ host: string; port: number; fingerprint: string }>, DevicePin>(
    z.object({ host, port, fingerprint }).strict(),
  ),
  'controller:envysionProjects': call<
    Schema<{ controllerId: string; credential: z.input<typeof credential> }>,
    string[]
  >(z.object({ controllerId, credential }).strict()),
  'credentials:list': call<typeof empty, ProfileSummary[]>(empty),
  'credentials:set': call<Schema<{ profile: string; username: string; password: string }>, ProfileSummary>(
    z.object({ profile, username: text(100).min(1), password: text(256).min(1) }).strict(),
  ),
  'credentials:has': call<Schema<{ profile: string }>, boolean>(z.object({ profile }).strict()),
  'credentials:delete': call<Schema<{ profile: string }>, boolean>(z.object({ profile }).strict()),
  'backup:start': call<
    Schema<{
      controllerId: string;
      credential: z.input<typeof credential>;
      target: 'Device' | 'UsbKey';
      fileName?: string;
      dataTypes: string[];
      envysion: 'all' | string[];
    }>,
    { runId: string }
  >(
    z
      .object({
        controllerId,
        credential,
        target,
        fileName: fileName.optional(),
        dataTypes,
        envysion: z.union([z.literal('all'), z.array(text(100)).max(100)]),
      })
      .strict(),
  ),
  'bulk:preflight': call<Schema<{ controllerIds: string[]; trustNew: boolean }>, PreflightReport>(
    z.object({ controllerIds, trustNew: z.boolean() }).strict(),
  ),
  'bulk:start': call<
    Schema<{ controllerIds: string[]; target: 'Device' | 'UsbKey'; dataTypes: string[]; trustNew: boolean }>,
    { runId: string }
  >(z.object({ controllerIds, target, dataTypes, trustNew: z.boolean() }).strict()),
  'run:cancel': call<Schema<{ runId: string; controllerId?: string }>, null>(
    z.object({ runId, controllerId: controllerId.optional() }).strict(),
  ),
  'runs:list': call<typeof empty, RunSummary[]>(empty),
  'runs:get': call<Schema<{ runId: string }>, RunRecord>(z.object({ runId }).strict()),
  /**
   * Resumes a run, or retries what failed in it. `password` is for its controllers that have a user name but
   * no credential profile (a password typed in the wizard is never stored): used for this resume only.
   */
  'runs:resume': call<Schema<{ runId: string; password?: string }>, { runId: string }>(
    z.object({ runId, password: text(256).min(1).optional() }).strict(),
  ),
  'archive:list': call<typeof empty, ArchiveEntry[]>(empty),
  'archive:verify': call<typeof empty, VerifyReport>(empty),
  'archive:reveal': call<Schema<{ path: string }>, null>(z.object({ path: text(4096).min(1) }).strict()),
  /** Retention: keep the `keep` newest backups of each controller; `dryRun` lists what would go and deletes nothing. */
  'archive:prune': call<Schema<{ keep: number; dryRun: boolean }>, PruneReport>(
    z.object({ keep: z.number().int().min(1).max(1000), dryRun: z.boolean() }).strict(),
  ),
  /** Two backups of the archive (paths relative to it) compared entry by entry, with line diffs of text entries. */
  'archive:compare': call<Schema<{ a: string; b: string }>, BackupComparison>(
    z.object({ a: text(4096).min(1), b: text(4096).min(1) }).strict(),
  ),
  /** Writes the run's reports; `language` is the HTML report's (the customer's), English when not given. */
  'report:export': call<Schema<{ runId: string; language?: Locale }>, RunReportFiles>(
    z.object({ runId, language: z.enum(LOCALES).optional() }).strict(),
  ),
  /** Writes the run's reports and opens the HTML one in the default browser. */
  'report:open': call<Schema<{ runId: string; language?: Locale }>, RunReportFiles>(
    z.object({ runId, language: z.enum(LOCALES).optional() }).strict(),
  ),
  'settings:get': call<typeof empty, SettingsView>(empty),
  // The archive folder changes only through the native folder dialog (settings:chooseArchiveFolder): a renderer
  // must not point backups, reports, reveal and verify at any folder of the disk.
  'settings:set': call<Schema<Partial<Omit<Settings, 'archiveFolder'>>>, Settings>(
    settingsSchema.omit({ archiveFolder: true }).partial().strict(),
  ),
  'settings:chooseArchiveFolder': call<typeof empty, { path: string | null }>(empty),
  /**
   * A field capture (HAR) of one trusted controller for support, written into the archive's reports folder;
   * `path` is relative to the archive. `password` only for a controller without a credential profile (used once).
   */
  /** "Try with simulated controllers": a simulated campus on 127.0.0.1 put in the inventory (once per app start). */
  'demo:start': call<typeof empty, { added: number }>(empty),
  'diagnostics:capture': call<
    Schema<{ controllerId: string; withBackup: boolean; password?: string }>,
    { path: string; summary: string[] }
  >(z.object({ controllerId, withBackup: z.boolean(), password: text(256).min(1).optional() }).strict()),
  /**
   * One zip for support in the archive's reports folder: the app's logs of the last 7 days, the HAR captures of
   * those days, and what the app is (versions, settings). `path` is relative to the archive.
   */
  'diagnostics:export': call<typeof empty, DiagnosticsExport>(empty),
  /** Opens the folder of the app's log files in the system's file manager. */
  'logs:openFolder': call<typeof empty, { path: string }>(empty),
  /** A record from the window (an unexpected exception, a failed render) for the app's log; secrets are removed in main. */
  'log:write': call<Schema<RendererLogRecord>, null>(
    z
      .object({
        level: z.enum(['error', 'warn', 'info']),
        source: z.enum(['renderer', 'preload']),
        event: text(100).min(1),
        message: text(4000),
        stack: text(20_000).optional(),
        details: z
          .record(z.string().max(60), text(2000))
          .refine((d) => Object.keys(d).length <= 20, 'at most 20 details')
          .optional(),
      })
      .strict(),
  ),
} as const;

function event<T>(): T {
  return undefined as unknown as T;
}

/** What the application menu asks the window to do. */
export type MenuAction = 'import-inventory' | 'open-archive' | 'export-diagnostics' | 'about';

/** Every event: channel → payload type. */
const EVENTS = {
  'run:progress': event<RunProgressEvent>(),
  'run:controller': event<ControllerEvent>(),
  'run:finished': event<{ runId: string; record: RunRecord }>(),
  'app:menu': event<{ action: MenuAction }>(),
} as const;

/** A call channel. */
export type CallName = keyof typeof CALLS;
/** An event channel. */
export type EventName = keyof typeof EVENTS;
/** What a call takes (before defaults are applied). */
export type CallRequest<K extends CallName> = z.input<(typeof CALLS)[K]['request']>;
/** What a call gives back when it succeeds. */
export type CallValue<K extends CallName> = (typeof CALLS)[K]['result'];
/** What an event carries. */
export type EventPayload<K extends EventName> = (typeof EVENTS)[K];

/** All call channels, for registering handlers and building the bridge. */
export const CALL_NAMES = Object.keys(CALLS) as CallName[];
/** All event channels. */
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

type MethodName<K extends string> = K extends `${infer A}:${infer B}` ? `${A}${Capitalize<B>}` : never;
type ListenerName<K extends string> = K extends `${infer A}:${infer B}` ? `on${Capitalize<A>}${Capitalize<B>}` : never;

/** `inventory:list` → `inventoryList`: the name of a call on `window.eclypse`. */
export function methodName<K extends CallName>(channel: K): MethodName<K> {
  const [a, b] = channel.split(':') as [string, string];
  return `${a}${b.charAt(0).toUpperCase()}${b.slice(1)}` as MethodName<K>;
}

/** `run:progress` → `onRunProgress`: the name of a subscription on `window.eclypse`. */
export function listenerName<K extends EventName>(channel: K): ListenerName<K> {
  const [a, b] = channel.split(':') as [string, string];
  return `on${a.charAt(0).toUpperCase()}${a.slice(1)}${b.charAt(0).toUpperCase()}${b.slice(1)}` as ListenerName<K>;
}

/** `window.eclypse`: one function per call, one subscription per event (returning its unsubscribe). */
export type EclypseApi = {
  [K in CallName as MethodName<K>]: (request: CallRequest<K>) => Promise<Result<CallValue<K>>>;
} & {
  [K in EventName as ListenerName<K>]: (listener: (payload: EventPayload<K>) => void) => () => void;
};
