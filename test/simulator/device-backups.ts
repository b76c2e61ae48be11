import { randomUUID } from 'node:crypto';
import { archiveSize, type ArchivePlan } from './backup-archive';
import type { Dialect } from './dialects';
import type { Faults } from './types';

/** Where a v1 backup file lives. */
export type BackupTarget = 'Device' | 'UsbKey';

/** A backup file held by the simulated controller (v1 file or v2 backup key). */
export interface StoredBackup {
  /** Name without extension (v1) or backup key (v2). */
  name: string;
  target: BackupTarget;
  createdAt: Date;
  /** Exact zip size in bytes. */
  size: number;
  plan: ArchivePlan;
  /** v1 data types, or v2 includes. */
  contents: string[];
  envysionProjects: string[];
  /** False when the listingHidesNewFile fault hides it from listings (it still exists and downloads). */
  listed: boolean;
}

/** Job states as the simulator reports them. */
type JobStatus = 'Running' | 'Completed' | 'Failed' | 'Cancelled';

/** Public view of a job, as GET /jobs/{id} answers it (before key casing); `status` only where the dialect has one. */
export interface JobView {
  id: string;
  type: 'Backup';
  progress: number;
  status?: JobStatus;
  error?: string;
}

/** What a create request asks the device to produce once its job completes. */
export interface BackupOrder {
  target: BackupTarget;
  /** The file name before the device timestamp is appended. */
  fileName: string;
  contents: string[];
  envysionProjects: string[];
  /** Plans the zip once the final name and device time are known. */
  plan(finalName: string, createdAt: Date): ArchivePlan;
}

interface Job {
  id: string;
  startedAt: number;
  durationMs: number;
  status: JobStatus;
  error?: string;
  /** Fault switches captured at create time, so flipping a fault later does not rewrite a running job. */
  faults: Faults;
  timer?: NodeJS.Timeout;
}

const PROGRESS_STEPS = 10;
const SECOND_MS = 1000;

/** Formats a device time as the default file-name suffix `_YYYYMMDD_HHMMSS` (UTC). */
function deviceTimestamp(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `_${at.getUTCFullYear()}${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())}` +
    `_${p(at.getUTCHours())}${p(at.getUTCMinutes())}${p(at.getUTCSeconds())}`
  );
}

/** Counts backup jobs running at once across every simulated controller, per site too (for limit tests). */
class JobGauge {
  running = 0;
  maxRunning = 0;
  private readonly sites = new Map<string, { running: number; max: number }>();

  /** A job started on a controller of `site`. */
  begin(site: string): void {
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    const s = this.sites.get(site) ?? { running: 0, max: 0 };
    s.running++;
    s.max = Math.max(s.max, s.running);
    this.sites.set(site, s);
  }

  /** A job of `site` ended (completed, failed or cancelled). */
  end(site: string): void {
    this.running--;
    const s = this.sites.get(site);
    if (s) s.running--;
  }

  /** Most jobs seen running at once on one site. */
  maxForSite(site: string): number {
    return this.sites.get(site)?.max ?? 0;
  }

  /** Forgets the maxima (between tests). */
  reset(): void {
    this.running = 0;
    this.maxRunning = 0;
    this.sites.clear();
  }
}

/** The one gauge shared by all simulated controllers of this process. */
export const jobGauge = new JobGauge();

/** The backup files, jobs and clock of one simulated controller. */
export class DeviceBackups {
  private readonly stores: Record<BackupTarget, Map<string, StoredBackup>> = { Device: new Map(), UsbKey: new Map() };
  private readonly jobs = new Map<string, Job>();
  private lastDeviceTime = 0;
  private started = 0;

  constructor(
    private readonly opts: {
      jobDurationMs: number;
      timestamp?: () => string;
      faults: () => Faults;
      dialect: Pick<Dialect, 'jobReport' | 'stuckProgress'>;
      site?: string;
    },
  ) {}

  /** Number of create requests that started a job. */
  get createdJobs(): number {
    return this.started;
  }

  /** Adds a file that was on the device before the simulation started. */
  addExisting(file: Omit<StoredBackup, 'size' | 'listed'>): void {
    this.stores[file.target].set(file.name, { ...file, size: archiveSize(file.plan), listed: true });
  }

  /** Files a listing shows for a target, oldest first. */
  listed(target: BackupTarget): StoredBackup[] {
    return [...this.stores[target].values()].filter((f) => f.listed);
  }

  /** Every file on a target, hidden ones included. */
  all(target: BackupTarget): StoredBackup[] {
    return [...this.stores[target].values()];
  }

  /** One file by name (exact, as the device's file system is). */
  find(target: BackupTarget, name: string): StoredBackup | undefined {
    return this.stores[target].get(name);
  }

  /** Whether a backup job is still running (the device builds one backup at a time). */
  busy(): boolean {
    return [...this.jobs.values()].some((j) => j.status === 'Running');
  }

  /** Starts a backup job; the file appears when it completes (unless a fault says otherwise). */
  start(order: BackupOrder): JobView {
    const faults = { ...this.opts.faults() };
    const job: Job = {
      id: randomUUID(),
      startedAt: Date.now(),
      durationMs: this.opts.jobDurationMs,
      status: 'Running',
      faults,
    };
    this.jobs.set(job.id, job);
    this.started += 1;
    jobGauge.begin(this.opts.site ?? '');
    // A stuck job never completes: no timer, so it stays Running (and the device busy) until cancelled.
    if (faults.jobStuckAt === undefined) {
      job.timer = setTimeout(() => this.finish(job, order), job.durationMs);
      job.timer.unref();
    }
    return this.view(job);
  }

  /** The job as GET /jobs/{id} shows it; undefined when unknown or when the job "vanished". */
  job(id: string): JobView | undefined {
    const job = this.jobs.get(id);
    if (!job || job.faults.jobVanishes) return undefined;
    return this.view(job);
  }

  /** Cancels a running job (no file is written); a finished job is left as it is. */
  cancel(id: string): JobView | undefined {
    const job = this.jobs.get(id);
    if (!job) return undefined;
    if (job.status === 'Running') {
      clearTimeout(job.timer);
      job.status = 'Cancelled';
      jobGauge.end(this.opts.site ?? '');
    }
    return this.view(job);
  }

  /** Stops every timer (the controller is closing). */
  stop(): void {
    for (const job of this.jobs.values()) {
      clearTimeout(job.timer);
      if (job.status === 'Running') jobGauge.end(this.opts.site ?? '');
      job.status = job.status === 'Running' ? 'Cancelled' : job.status;
    }
  }

  /** The next device time: wall clock, but at least one second after the previous backup's. */
  nextDeviceTime(): Date {
    const now = Math.floor(Date.now() / SECOND_MS) * SECOND_MS;
    this.lastDeviceTime = Math.max(now, this.lastDeviceTime + SECOND_MS);
    return new Date(this.lastDeviceTime);
  }

  /** The job as the dialect reports it: its status, only its progress, or a progress that stops short. */
  private view(job: Job): JobView {
    const { jobReport, stuckProgress } = this.opts.dialect;
    if (jobReport === 'never-done' && job.status !== 'Cancelled') {
      return { id: job.id, type: 'Backup', progress: Math.min(this.progress(job), stuckProgress) };
    }
    const view: JobView = { id: job.id, type: 'Backup', progress: this.progress(job) };
    if (jobReport === 'status') view.status = job.status;
    if (job.error !== undefined) view.error = job.error;
    return view;
  }

  private progress(job: Job): number {
    if (job.status === 'Completed' || job.status === 'Failed') return 100;
    const fraction = (Date.now() - job.startedAt) / Math.max(1, job.durationMs);
    // Real devices report coarse steps; never 100 while still running.
    const stepped = Math.min(PROGRESS_STEPS - 1, Math.floor(fraction * PROGRESS_STEPS)) * (100 / PROGRESS_STEPS);
    return job.faults.jobStuckAt === undefined ? stepped : Math.min(stepped, job.faults.jobStuckAt);
  }

  private finish(job: Job, order: BackupOrder): void {
    if (job.status !== 'Running') return;
    jobGauge.end(this.opts.site ?? '');
    if (job.faults.jobFails) {
      job.status = 'Failed';
      job.error = 'Backup failed: insufficient storage';
      return;
    }
    const createdAt = this.nextDeviceTime();
    const requested = order.fileName + (this.opts.timestamp?.() ?? deviceTimestamp(createdAt));
    const name = job.faults.renameNewFile ? job.faults.renameNewFile(requested) : requested;
    const names = job.faults.duplicateNewFile ? [name, `${name}_1`] : [name];
    for (const finalName of names) {
      const plan = order.plan(finalName, createdAt);
      // A name the device already holds is overwritten, as a file system would.
      this.stores[order.target].set(finalName, {
        name: finalName,
        target: order.target,
        createdAt,
        size: archiveSize(plan),
        plan,
        contents: order.contents,
        envysionProjects: order.envysionProjects,
        listed: !job.faults.listingHidesNewFile,
      });
    }
    job.status = 'Completed';
  }
}
