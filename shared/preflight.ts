// What pre-flight found before a run, without creating anything on a controller. Types only.
import type { ErrorInfo } from './errors';
import type { PinState } from './trust';

/** What pre-flight found for one controller, without creating anything on it. */
export interface PreflightRow {
  controllerId: string;
  name: string;
  site: string | null;
  host: string;
  port: number;
  reachable: boolean;
  certificate: { state: PinState; fingerprint: string | null; expired: boolean } | null;
  login: 'ok' | 'failed' | 'not-tried';
  api: 'v1' | 'v2' | null;
  apiRevision: string | null;
  modelName: string | null;
  softwareVersion: string | null;
  backupSupported: boolean | null;
  /** Size of this controller's newest backup (archive first, else the controller's own list). */
  estimatedBytes: number | null;
  verdict: 'ready' | 'warning' | 'blocked';
  reasons: string[];
  error: ErrorInfo | null;
}

/** Pre-flight of a whole run: one row per controller, the laptop's free space, and a verdict. */
export interface PreflightReport {
  rows: PreflightRow[];
  freeBytes: number | null;
  estimatedBytes: number;
  verdict: 'ready' | 'warning' | 'blocked';
  summary: string;
}
