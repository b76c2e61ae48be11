import type { BackupTarget, ControllerApi, DeviceFile } from '../device/controller-api';
import { BackupError } from '../device/errors';
import { sleep } from '../device/session';

/** Polling and patience settings; minutes for jobs, because controllers build large backups slowly. */
export interface WaitOptions {
  /** First pause between polls; it then grows by half each time up to `pollMaxMs`. */
  pollStartMs: number;
  pollMaxMs: number;
  /** How long a job may run before JOB_TIMEOUT. */
  jobTimeoutMs: number;
  /** After a job completes, how long the file list may lag before FILE_NOT_FOUND. */
  listingGraceMs: number;
  signal?: AbortSignal;
  onJobProgress?: (percent: number) => void;
}

/**
 * Defaults: poll fast at first (small backups finish in seconds), then once every 1.5 s at most — one light
 * GET on a controller that is busy anyway, and a finished backup is noticed within 0.75 s on average.
 */
export const DEFAULT_WAIT: WaitOptions = { pollStartMs: 250, pollMaxMs: 1_500, jobTimeoutMs: 30 * 60_000, listingGraceMs: 30_000 };

/**
 * A polling clock that starts fast and backs off, timed from when it started rather than from each answer:
 * slow answers and journal writes do not push every later poll back.
 */
class Backoff {
  private interval: number;
  private nextAt = Date.now();
  constructor(private readonly opts: WaitOptions) {
    this.interval = opts.pollStartMs;
  }
  async wait(): Promise<void> {
    this.nextAt += this.interval;
    this.interval = Math.min(this.opts.pollMaxMs, Math.round(this.interval * 1.5));
    await sleep(Math.max(0, this.nextAt - Date.now()), this.opts.signal);
  }
}

/**
 * Waits for a controller job to end. Returns when the job completed (or vanished, in which case the file list
 * decides); throws JOB_FAILED, JOB_TIMEOUT or CANCELLED otherwise.
 */
export async function waitForJob(api: ControllerApi, jobId: string, opts: WaitOptions): Promise<'completed' | 'vanished'> {
  const deadline = Date.now() + opts.jobTimeoutMs;
  const backoff = new Backoff(opts);
  let lastProgress = -1;
  for (;;) {
    const job = await api.getJob(jobId);
    if (!job) return 'vanished';
    if (job.progress !== lastProgress) {
      lastProgress = job.progress;
      opts.onJobProgress?.(job.progress);
    }
    if (job.status === 'completed') return 'completed';
    if (job.status === 'failed') throw new BackupError('JOB_FAILED', `The controller reported the backup job failed${job.message ? `: ${job.message}` : '.'}`);
    if (job.status === 'cancelled') throw new BackupError('JOB_FAILED', 'The backup job was cancelled on the controller.');
    if (Date.now() > deadline) {
      throw new BackupError('JOB_TIMEOUT', `The backup job was still at ${job.progress} % after ${Math.round(opts.jobTimeoutMs / 60_000)} min.`);
    }
    await backoff.wait();
  }
}

/**
 * Finds the file THIS job created: in the list after but not before, starting with the requested name
 * (v1). Waits up to `patienceMs` for it to appear and, with `settle` and listed sizes, to stop growing. Several
 * candidates are an error: guessing could download someone else's backup.
 */
export async function findNewFile(
  api: ControllerApi,
  target: BackupTarget,
  before: ReadonlySet<string>,
  prefix: string | undefined,
  patienceMs: number,
  opts: WaitOptions,
  settle: boolean,
): Promise<DeviceFile> {
  const deadline = Date.now() + patienceMs;
  const backoff = new Backoff(opts);
  let previous: DeviceFile | undefined;
  for (;;) {
    const files = await api.listFiles(target);
    const fresh = files.filter((f) => !before.has(f.name) && (prefix === undefined || f.name.startsWith(prefix)));
    if (fresh.length > 1) {
      throw new BackupError(
        'PROTOCOL_ERROR',
        `Several new backup files appeared (${fresh.map((f) => f.name).join(', ')}); refusing to guess which one is this backup.`,
      );
    }
    const found = fresh[0];
    // A size that still changes means the controller is still writing (revisions without a job resource).
    // Settled: seen twice in a row with the same size (or both without one).
    const settled = !settle || (previous?.name === found?.name && previous?.size === found?.size);
    if (found && settled) return found;
    if (Date.now() > deadline) {
      if (found) return found;
      throw new BackupError('FILE_NOT_FOUND', `No new backup file${prefix ? ` starting with "${prefix}"` : ''} appeared in the controller's list.`);
    }
    previous = found;
    await backoff.wait();
  }
}
