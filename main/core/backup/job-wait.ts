import type { BackupTarget, ControllerApi, DeviceFile } from '../device/controller-api';
import { BackupError } from '../device/errors';
import { sleep } from '../device/session';

/** Polling and patience settings; minutes for jobs, because controllers build large backups slowly. */
export interface WaitOptions {
  /** First pause between polls; it then grows by half each time up to `pollMaxMs`. */
  pollStartMs: number;
  pollMaxMs: number;
  /**
   * Shortest pause between two polls when the job's progress says its end is near (see PollSchedule); it grows
   * by half each time such an early poll finds the job still running.
   */
  pollMinMs: number;
  /** How long a job may run before JOB_TIMEOUT. */
  jobTimeoutMs: number;
  /** After a job completes, how long the file list may lag before FILE_NOT_FOUND. */
  listingGraceMs: number;
  signal?: AbortSignal;
  onJobProgress?: (percent: number) => void;
}

/**
 * Defaults: poll fast at first (small backups finish in seconds), then once every 1.5 s at most — one light
 * GET on a controller that is busy anyway, and a finished backup is noticed within 0.75 s on average; sooner
 * when the job's progress points at its end (never more often than every 200 ms).
 */
export const DEFAULT_WAIT: WaitOptions = { pollStartMs: 250, pollMaxMs: 1_500, pollMinMs: 200, jobTimeoutMs: 30 * 60_000, listingGraceMs: 30_000 };

/**
 * When to poll a controller next. A regular clock starts fast and backs off (+250, +625, +1188, +2033 ms…,
 * then every `pollMaxMs`), timed from when it started rather than from each answer, so slow answers do not push
 * every later poll back (a poll missed by a slow answer is skipped, not caught up in a burst).
 *
 * A job that reports progress also gives an estimate of its end: progress so far, extrapolated linearly from
 * the job's start. When that estimate comes before the next regular poll, the poll is moved to it (never
 * sooner than `pollMinMs` after the last one), so a job that ends just after a regular poll is not noticed a
 * whole interval late. The estimate can only bring a poll forward, never put it off; each early poll that
 * finds the job still running makes the next early poll wait 1.5 times longer (a controller whose progress
 * misleads is not polled more and more often).
 */
export class PollSchedule {
  private interval: number;
  private regularAt: number;
  private earlyGap: number;
  private lastWasEarly = false;

  constructor(
    private readonly opts: Pick<WaitOptions, 'pollStartMs' | 'pollMaxMs' | 'pollMinMs'>,
    private readonly startedAt: number,
  ) {
    this.interval = opts.pollStartMs;
    this.regularAt = startedAt;
    this.earlyGap = Math.min(opts.pollMinMs, opts.pollMaxMs);
    this.advance();
  }

  /** The time (epoch ms) of the next poll, after one at `now` saw the job still running (at `progress` %). */
  next(now: number, progress?: number): number {
    if (this.lastWasEarly) this.earlyGap = Math.min(this.opts.pollMaxMs, Math.round(this.earlyGap * 1.5));
    this.lastWasEarly = false;
    while (this.regularAt <= now) this.advance();
    const end = this.estimatedEnd(now, progress);
    if (end !== undefined) {
      const early = Math.max(end, now + this.earlyGap);
      if (early < this.regularAt) {
        this.lastWasEarly = true;
        return early;
      }
    }
    return this.regularAt;
  }

  /** The first poll of a job just started (none at once: it has only begun). */
  first(): number {
    return this.regularAt;
  }

  private advance(): void {
    this.regularAt += this.interval;
    this.interval = Math.min(this.opts.pollMaxMs, Math.round(this.interval * 1.5));
  }

  private estimatedEnd(now: number, progress: number | undefined): number | undefined {
    if (progress === undefined || !(progress > 0 && progress < 100)) return undefined;
    const elapsed = now - this.startedAt;
    return elapsed > 0 ? this.startedAt + Math.ceil((elapsed * 100) / progress) : undefined;
  }
}

/**
 * Waits for a controller job to end. Returns when the job completed (or vanished, in which case the file list
 * decides); throws JOB_FAILED, JOB_TIMEOUT or CANCELLED otherwise. `startedAt` (epoch ms): when the controller
 * accepted the job — the first poll then waits for the schedule instead of asking at once, and progress is
 * measured from there. Without it (re-attaching to an older job) the job is asked about at once.
 */
export async function waitForJob(api: ControllerApi, jobId: string, opts: WaitOptions, startedAt?: number): Promise<'completed' | 'vanished'> {
  const schedule = new PollSchedule(opts, startedAt ?? Date.now());
  const deadline = (startedAt ?? Date.now()) + opts.jobTimeoutMs;
  if (startedAt !== undefined) await sleepUntil(schedule.first(), opts.signal);
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
    await sleepUntil(schedule.next(Date.now(), job.progress), opts.signal);
  }
}

function sleepUntil(at: number, signal: AbortSignal | undefined): Promise<void> {
  return sleep(Math.max(0, at - Date.now()), signal);
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
  const schedule = new PollSchedule(opts, Date.now());
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
    await sleepUntil(schedule.next(Date.now()), opts.signal);
  }
}
