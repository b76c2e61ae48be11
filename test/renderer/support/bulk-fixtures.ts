import type {
  ControllerEvent,
  ControllerOverview,
  ControllerRunResult,
  ErrorCode,
  PreflightReport,
  RunProgressEvent,
  RunRecord,
} from '../../../preload/api';
import { useBulk } from '../../../renderer/src/stores/bulk';
import { englishHint } from '../../../shared/errors';

/** A controller of the inventory as controllers:overview lists it. */
export function overview(
  n: number,
  site: string | null = 'North',
  credential: string | null = 'Site default',
): ControllerOverview {
  const host = `10.0.${Math.floor(n / 250)}.${(n % 250) + 1}`;
  return {
    controller: {
      id: `${host}:443`,
      name: `AHU-${n}`,
      host,
      port: 443,
      site,
      username: null,
      credential,
      fingerprint: null,
      target: null,
      notes: null,
    },
    pinnedFingerprint: 'AA:BB',
    certState: 'pinned',
    lastBackup: null,
    lastRun: null,
  };
}

/** `count` controllers, split over the given sites in turn. */
export function fleet(count: number, sites: Array<string | null> = ['North']): ControllerOverview[] {
  return Array.from({ length: count }, (_, i) => overview(i + 1, sites[i % sites.length]!));
}

/** A controller event of a run. */
export function controllerEvent(
  runId: string,
  controllerId: string,
  patch: Partial<ControllerEvent> = {},
): ControllerEvent {
  return {
    type: 'controller',
    runId,
    controllerId,
    status: 'running',
    phase: 'waiting',
    progress: 0.42,
    bytes: 0,
    totalBytes: null,
    message: '',
    attempt: 1,
    ...patch,
  };
}

/** A run-progress event. */
export function progressEvent(runId: string, patch: Partial<RunProgressEvent> = {}): RunProgressEvent {
  return {
    type: 'run-progress',
    runId,
    total: 10,
    done: 0,
    succeeded: 0,
    failed: 0,
    cancelled: 0,
    running: 0,
    bytes: 0,
    bytesPerSecond: 0,
    etaSeconds: null,
    ...patch,
  };
}

/** A controller's result: succeeded (ready), or failed with `code`. */
export function result(row: ControllerOverview, code?: ErrorCode, message = 'It went wrong.'): ControllerRunResult {
  const c = row.controller;
  const base = {
    controllerId: c.id,
    name: c.name,
    site: c.site,
    host: c.host,
    port: c.port,
    attempts: 1,
    device: null,
    startedAt: '2026-11-28T16:00:00Z',
    finishedAt: '2026-11-28T16:01:00Z',
  };
  if (code)
    return {
      ...base,
      status: 'failed',
      verdict: 'not-ready',
      verdictReason: message,
      backup: null,
      error: { code, message, hint: englishHint(code) },
    };
  return {
    ...base,
    status: 'succeeded',
    verdict: 'ready',
    verdictReason: null,
    error: null,
    backup: {
      target: 'Device',
      deviceFileName: `${c.name}.ecybackup`,
      file: `/a/${c.name}.ecybackup`,
      sidecar: null,
      bytes: 1000,
      sha256: 'ab',
      dataTypes: [],
      envysionProjects: [],
      compatibility: 'OK',
      jobId: '1',
    },
  };
}

/** A run record over these results, with its totals. */
export function record(runId: string, results: ControllerRunResult[]): RunRecord {
  const count = (f: (r: ControllerRunResult) => boolean) => results.filter(f).length;
  return {
    runId,
    sites: ['North'],
    technician: 'tech',
    laptop: 'laptop',
    toolVersion: '0.1.0',
    startedAt: '2026-11-28T16:00:00Z',
    finishedAt: '2026-11-28T16:05:00Z',
    options: { target: 'Device', dataTypes: ['TIMEZONE'], concurrency: 4, perSite: null },
    totals: {
      total: results.length,
      succeeded: count((r) => r.status === 'succeeded'),
      failed: count((r) => r.status === 'failed'),
      cancelled: count((r) => r.status === 'cancelled'),
      ready: count((r) => r.verdict === 'ready'),
      readyWithWarning: count((r) => r.verdict === 'ready-with-warning'),
      notReady: count((r) => r.verdict === 'not-ready'),
      bytes: results.reduce((a, r) => a + (r.backup?.bytes ?? 0), 0),
    },
    results,
  };
}

/** A pre-flight report: ready rows, and blocked ones for the controllers given with an error code. */
export function preflightOf(
  rows: ControllerOverview[],
  blocked: Partial<Record<string, ErrorCode>> = {},
): PreflightReport {
  return {
    rows: rows.map((r) => {
      const c = r.controller;
      const code = blocked[c.id];
      return {
        controllerId: c.id,
        name: c.name,
        site: c.site,
        host: c.host,
        port: c.port,
        reachable: code !== 'UNREACHABLE',
        certificate: { state: 'pinned', fingerprint: 'AA:BB', expired: false },
        login: code === 'AUTH_FAILED' ? 'failed' : 'ok',
        api: 'v1',
        apiRevision: '8.0',
        modelName: 'ECY-S1000',
        softwareVersion: '1.18.2',
        backupSupported: true,
        estimatedBytes: 2_000_000,
        verdict: code ? 'blocked' : 'ready',
        reasons: code ? [`${code}: refused`] : [],
        error: code ? { code, message: 'refused', hint: englishHint(code) } : null,
      };
    }),
    freeBytes: 50_000_000_000,
    estimatedBytes: rows.length * 2_000_000,
    verdict: Object.keys(blocked).length > 0 ? 'blocked' : 'ready',
    summary: '',
  };
}

/** Puts the Bulk run screen's store back to its first state (resetStores does not know it). */
export function resetBulk(): void {
  useBulk.setState(useBulk.getInitialState(), true);
}

/**
 * happy-dom lays nothing out: give the virtual tables' scroll boxes a height, so the virtualizer has a viewport
 * to fill (and leaves the rest of the rows out, as chromium does).
 */
export function giveScrollBoxesHeight(height = 560): () => void {
  const proto = HTMLElement.prototype;
  const before = Object.getOwnPropertyDescriptor(proto, 'clientHeight');
  Object.defineProperty(proto, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('virtual-scroll') ? height : (before?.get?.call(this) ?? 0);
    },
  });
  return () => {
    if (before) Object.defineProperty(proto, 'clientHeight', before);
  };
}
