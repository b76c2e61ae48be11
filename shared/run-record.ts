// What a run did, controller by controller: the journal's results, the reports' input, the app's Runs screen.
// Types only.
import type { ErrorInfo } from './errors';
import type { BackupTarget, DeviceSummary } from './controller';
import type { Verdict } from './words';

/** The backup that was made. `file` is null for a USB-key backup (nothing is downloaded). */
export interface BackupRecord {
  target: BackupTarget;
  deviceFileName: string;
  file: string | null;
  sidecar: string | null;
  bytes: number | null;
  sha256: string | null;
  dataTypes: string[];
  envysionProjects: string[];
  compatibility: string | null;
  jobId: string | null;
}

/** How one controller of a bulk run ended (or stands, while the run goes on). */
export interface ControllerRunResult {
  /** Inventory id (`host:port`). */
  controllerId: string;
  name: string;
  site: string | null;
  host: string;
  port: number;
  status: 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  verdict: Verdict;
  /** Why not ready, or the warning (e.g. the compatibility string); null when ready. */
  verdictReason: string | null;
  attempts: number;
  device: DeviceSummary | null;
  backup: BackupRecord | null;
  error: ErrorInfo | null;
  /**
   * What the technician should know although the backup is fine (backups piling up on the controller, a job
   * that never said "done", no compatibility preview); absent in journals written before warnings were kept.
   */
  warnings?: string[];
  startedAt: string | null;
  finishedAt: string | null;
}

/** Totals of a run. */
export interface RunTotals {
  total: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  ready: number;
  readyWithWarning: number;
  notReady: number;
  bytes: number;
}

/** Everything a report needs about one bulk run. Never holds a secret. */
export interface RunRecord {
  runId: string;
  /** Site(s) covered, for the report title. */
  sites: string[];
  technician: string;
  laptop: string;
  toolVersion: string;
  startedAt: string;
  finishedAt: string | null;
  options: {
    target: string;
    dataTypes: string[];
    concurrency: number;
    perSite: number | null;
    /** Kept so a resume backs up the same projects. */
    envysion?: 'all' | string[];
    /** Kept so a resume trusts first-seen controllers as the technician agreed to at the start. */
    trustNew?: boolean;
  };
  totals: RunTotals;
  results: ControllerRunResult[];
}

/** Where the three reports of one run were written (absolute paths). */
export interface RunReportFiles {
  html: string;
  csv: string;
  json: string;
}
