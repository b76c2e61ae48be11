// What retention did (or would do) to the archive, controller by controller. Types only.

/** What happened (or would happen) to one backup. */
type PruneAction = 'kept' | 'deleted' | 'would-delete' | 'delete-failed';

/** One backup with a valid record, and what pruning did with it. */
export interface PruneBackup {
  /** Backup file, relative to the archive. */
  path: string;
  /** Its sidecar, relative to the archive. */
  sidecar: string;
  finishedAt: string;
  bytes: number;
  action: PruneAction;
  /** Why, in words for a person. */
  reason: string;
  /** Re-hash result, for the backups that were re-hashed (newest first, until one verifies); else null. */
  verified: 'ok' | 'changed' | null;
}

/** A file pruning never deletes (no valid record), and why. */
export interface PruneUntouched {
  path: string;
  reason: string;
}

/** Which controller made a backup, as its record says: its address and the id it reports of itself. */
export interface ControllerIdentity {
  host: string;
  port: number;
  hostId: string;
}

/**
 * The backups of one controller in one folder (`<site>/<controller>`). A folder can hold several controllers'
 * backups (two controllers with the same default name, or one lying about its name): each is pruned apart.
 */
export interface PruneFolder {
  /** Relative to the archive. */
  folder: string;
  /** The controller these backups come from; null for records that do not say (never deleted). */
  identity: ControllerIdentity | null;
  controller: string | null;
  site: string | null;
  /** Newest first. */
  backups: PruneBackup[];
  /** The newest backup that verified (relative path); null when none did, and then nothing is deleted here. */
  newestVerified: string | null;
  untouched: PruneUntouched[];
}

/** Counts of a prune. */
export interface PruneTotals {
  folders: number;
  kept: number;
  /** Deleted, or that would be deleted on a dry run. */
  deleted: number;
  failed: number;
  /** Bytes freed (or that would be freed). */
  bytesFreed: number;
  untouched: number;
}

/** The result of pruning an archive. */
export interface PruneReport {
  archiveRoot: string;
  keep: number;
  dryRun: boolean;
  folders: PruneFolder[];
  totals: PruneTotals;
}
