// What verifying the archive found, file by file. Types only.

/** What verification found for one file of the archive. */
export type VerifyStatus = 'ok' | 'changed' | 'missing' | 'orphaned' | 'invalid-sidecar';

/** One file of the archive and what verification found. */
export interface VerifyEntry {
  /** Relative to the archive: the backup file; the sidecar for `invalid-sidecar`; the `.part` for a partial. */
  path: string;
  status: VerifyStatus;
  /** Controller name from the sidecar (`device.name`); null without a readable sidecar. */
  controller: string | null;
  site: string | null;
  /** Size on disk now; null when the file is missing. */
  bytes: number | null;
  /** Size recorded in the sidecar. */
  expectedBytes: number | null;
  expectedSha256: string | null;
  /** SHA-256 of the file as it is now; null when it could not be read. */
  actualSha256: string | null;
  /** When the backup was made, from the sidecar. */
  finishedAt: string | null;
  /** What is wrong, in words for a person; null when ok. */
  detail: string | null;
}

/** Counts of a verification. */
export interface VerifyTotals {
  entries: number;
  ok: number;
  changed: number;
  missing: number;
  orphaned: number;
  invalidSidecar: number;
  /** Bytes of the backups that verified. */
  okBytes: number;
}

/** The result of verifying an archive; `ok` only when every entry is ok. */
export interface VerifyReport {
  archiveRoot: string;
  checkedAt: string;
  ok: boolean;
  totals: VerifyTotals;
  entries: VerifyEntry[];
}
