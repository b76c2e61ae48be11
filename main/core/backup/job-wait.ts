import type { ControllerApi, DeviceFile } from '../device/controller-api';
import type { BackupTarget } from '../../../shared/controller';
import { CodedError } from '../errors';
import { sleep } from '../device/session';
import { JOB_FAILED_PREFIX } from '../../../shared/warnings';

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
  /**
   * While a job runs, how often the file list is read as well: a job resource may never say "done" (only
   * `progress` is documented), and a new file whose size holds over two listings ends the wait.
   */
  fileCheckMs: number;
  signal?: AbortSignal;
  onJobProgress?: (percent: number) => void;
}

/**
 * Defaults: poll fast at first (small backups finish in seconds), then once every 1.5 s at most — one light
 * GET on a controller that is busy anyway, and a finished backup is noticed within 0.75 s on average; sooner
 * when the job's progress points at its end (never more often than every 200 ms).
 */
export const DEFAULT_WAIT: WaitOptions = {
  pollStartMs: 250,
  pollMaxMs: 1_500,
  pollMinMs: 200,
  jobTimeoutMs: 30 * 60_000,
  listingGraceMs: 30_000,
  fileCheckMs: 12_000,
};

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

/** What to look for in the file list while a job runs: a name not in `before` (starting with `prefix`). */
export interface FileWatch {
  target: BackupTarget;
  before: ReadonlySet<string>;
  prefix: string | undefined;
  /** Files already downloaded and refused (not a valid zip) at this size: seen again unchanged, they are not a backup. */
  rejected?: ReadonlyMap<string, number | undefined>;
}

/** How a wait on a job ended: the job said so, it vanished (the list decides), or its file settled first. */
export type JobEnd =
  { kind: 'completed' } | { kind: 'vanished' } | { kind: 'file-settled'; file: DeviceFile; progress: number };

/**
 * Waits for a controller job to end. Returns when the job completed, vanished (the file list then decides),
 * or — with `watch` — when a new file appeared and kept its size over two listings `fileCheckMs` apart, even
 * if the job still says 0 % or 90 % (that file must still pass the zip read-back). Throws JOB_FAILED,
 * JOB_TIMEOUT or CANCELLED otherwise. `startedAt` (epoch ms): when the controller accepted the job — the first
 * poll then waits for the schedule instead of asking at once, and progress is measured from there. Without
 * it (re-attaching to an older job) the job is asked about at once.
 */
export async function waitForJob(
  api: ControllerApi,
  jobId: string,
  opts: WaitOptions,
  startedAt?: number,
  watch?: FileWatch,
): Promise<JobEnd> {
  const schedule = new PollSchedule(opts, startedAt ?? Date.now());
  const deadline = (startedAt ?? Date.now()) + opts.jobTimeoutMs;
  const files = watch ? new SettlingFile(api, watch, opts.fileCheckMs) : undefined;
  if (startedAt !== undefined) await sleepUntil(schedule.first(), opts.signal);
  let lastProgress = -1;
  for (;;) {
    const job = await api.getJob(jobId);
    if (!job) return { kind: 'vanished' };
    if (job.progress !== lastProgress) {
      lastProgress = job.progress;
      opts.onJobProgress?.(job.progress);
    }
    if (job.status === 'completed') return { kind: 'completed' };
    if (job.status === 'failed')
      throw new CodedError(
        'JOB_FAILED',
        job.message ? `${JOB_FAILED_PREFIX}${job.message}` : 'The controller reported the backup job failed.',
      );
    if (job.status === 'cancelled')
      throw new CodedError('JOB_FAILED', 'The backup job was cancelled on the controller.');
    const settled = await files?.check();
    if (settled) return { kind: 'file-settled', file: settled, progress: job.progress };
    if (Date.now() > deadline) {
      throw new CodedError(
        'JOB_TIMEOUT',
        `The backup job was still at ${job.progress} % after ${Math.round(opts.jobTimeoutMs / 60_000)} min.`,
      );
    }
    await sleepUntil(schedule.next(Date.now(), job.progress), opts.signal);
  }
}

/** Reads the file list every `everyMs` while a job runs, and says when one new file kept its size. */
class SettlingFile {
  private nextAt: number;
  private previous: DeviceFile | undefined;

  constructor(
    private readonly api: ControllerApi,
    private readonly watch: FileWatch,
    private readonly everyMs: number,
  ) {
    this.nextAt = Date.now() + everyMs;
  }

  async check(): Promise<DeviceFile | undefined> {
    if (Date.now() < this.nextAt) return undefined;
    this.nextAt = Date.now() + this.everyMs;
    const { before, prefix, rejected } = this.watch;
    const fresh = (await this.api.listFiles(this.watch.target)).filter(
      (f) => !before.has(f.name) && (prefix === undefined || f.name.startsWith(prefix)),
    );
    // Several candidates: the job decides (and findNewFile refuses to guess), not this shortcut.
    const found = fresh.length === 1 ? fresh[0] : undefined;
    const settled = found !== undefined && this.previous?.name === found.name && this.previous.size === found.size;
    this.previous = found;
    if (!settled) return undefined;
    if (rejected?.has(found.name) && rejected.get(found.name) === found.size) {
      throw new CodedError(
        'ARCHIVE_INVALID',
        `The controller's new backup file ${found.name} stays at ${found.size ?? 'an unlisted size'} bytes and is not a valid backup archive; nothing was saved.`,
      );
    }
    return found;
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
      throw new CodedError(
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
      // A list that is still 404 after the backup was made is not "empty until the first backup": there is none.
      if (api.fileListMissing)
        throw new CodedError(
          'API_UNSUPPORTED',
          'The controller still has no backup file list (404) after making a backup; nothing could be downloaded.',
        );
      throw new CodedError(
        'FILE_NOT_FOUND',
        `No new backup file${prefix ? ` starting with "${prefix}"` : ''} appeared in the controller's list.`,
      );
    }
    previous = found;
    await sleepUntil(schedule.next(Date.now()), opts.signal);
  }
}
