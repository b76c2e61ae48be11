import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { checkZip, DEFAULT_ZIP_LIMITS, type ZipLimits } from '../archive/zip-check';
import { controllerFolder, BACKUP_EXTENSION, PART_SUFFIX, safeSegment, SIDECAR_SUFFIX } from '../archive/layout';
import { prepareArchiveFolder, writePrivateFile } from '../archive/private-files';
import {
  findArchivedCopy,
  findUnrecordedCopy,
  flushFolder,
  pendingRecordOf,
  placeBackup,
  removeStaleParts,
  writeSidecar,
  type BackupSidecar,
} from '../archive/store';
import type { BodyFormat } from '../device/codecs';
import type { ControllerApi, DeviceFile } from '../device/controller-api';
import type { BackupTarget, DeviceSummary } from '../../../shared/controller';
import { discoverController } from '../device/discovery';
import { CodedError, toErrorInfo } from '../errors';
import { type ErrorInfo } from '../../../shared/errors';
import type { ExchangeRecorder } from '../device/exchange-log';
import { SILENT_LOGGER, type Logger } from '../log/logger';
import { DeviceSession, type DeviceAddress, type SessionTimeouts } from '../device/session';
import { downloadToPart } from './download';
import { DEFAULT_WAIT, findNewFile, waitForJob, type WaitOptions } from './job-wait';
import { lastBackupIn, type ControllerStore } from '../archive/last-backup';
import { pileUpWarning, storeOf } from './store-pile-up';
import { defaultFileName, validateFileName } from './options';
import { type DataType } from '../../../shared/data-types';
import { TOOL_VERSION } from '../version';
import type { BackupRecord } from '../../../shared/run-record';
import type { Phase } from '../../../shared/words';

/** Said when a controller has no compatibility preview for a file (v2 never has one); the verdict says it too. */
export const NO_PREVIEW_WARNING = 'The controller gave no compatibility preview for this file.';

/** One progress report: the phase, how far within it (0..1), bytes so far, and words for a person. */
export interface BackupProgress {
  phase: Phase;
  progress: number;
  bytes: number;
  totalBytes?: number;
  message: string;
}

/** The controller to back up and how to trust it. */
interface ControllerTarget extends DeviceAddress {
  /** Inventory name; names the archive folder (defaults to the address: never only what the controller says). */
  name?: string;
  site?: string;
  /** Pinned SHA-256 fingerprint (required unless a site CA is given). */
  pin?: string;
  siteCaPem?: string;
}

/** Everything one backup needs. The password is used for this operation only. */
export interface BackupSpec {
  controller: ControllerTarget;
  username: string;
  password: string;
  target: BackupTarget;
  /** Requested file name; defaults to the controller's name made safe. */
  fileName?: string;
  dataTypes: DataType[];
  /** `all` = every project the controller lists; an array = exactly those. */
  envysion: 'all' | string[];
  format: BodyFormat;
  archiveRoot: string;
  timeouts?: Partial<SessionTimeouts>;
  wait?: Partial<WaitOptions>;
  retryBaseMs?: number;
  zipLimits?: ZipLimits;
  maxDownloadBytes?: number;
  signal?: AbortSignal;
  /** Keeps every exchange with the controller, secrets removed (diagnose --with-backup). */
  recorder?: ExchangeRecorder;
  /** Where this backup's requests, decisions and errors are logged (a child with the controller's id, in a run). */
  logger?: Logger;
  onProgress?: (progress: BackupProgress) => void;
  /** A backup this controller started for an interrupted run: follow it instead of creating a second one. */
  attach?: JobAttachment;
  /** Who must hear of the controller's job as it goes (a bulk run's journal and its slots). */
  observer?: BackupObserver;
}

/** What a bulk run must hear of one backup's job, at the moment it happens, to resume it after a crash. */
interface BackupObserver {
  /**
   * Awaited just before the create is sent: a journal records the intent, so a process killed between the
   * controller accepting and the journal hearing of it still knows a backup may be under way.
   */
  jobRequested(job: JobAttachment): void | Promise<void>;
  /** As soon as the controller accepted the create (the journal records it, to re-attach later). */
  jobCreated(job: JobAttachment): void | Promise<void>;
  /** The controller refused that create (it answered, so it made nothing). */
  jobRefused(): void | Promise<void>;
  /**
   * The controller has nothing left to answer for this backup (its session is closed; the rest is local: zip
   * read-back, flush, archive). A bulk run hands the controller's slot to the next one here.
   */
  controllerDone(): void;
}

/** What is needed to find again the file of a backup job after the process died. */
export interface JobAttachment {
  jobId: string | null;
  fileName: string;
  /** The controller's file list before the create: the new file is the one not in it. */
  before: string[];
  envysionProjects: string[];
  /** The controller accepted the create (its answer was heard, with or without a job id). */
  answered?: boolean;
}

/** What every outcome of a backup says, whichever way it ended. */
interface OutcomeBase {
  device: DeviceSummary | null;
  warnings: string[];
  startedAt: string;
  finishedAt: string;
}

/** The result of one backup: the backup when it succeeded, else why not (failed or cancelled). */
export type BackupOutcome =
  | (OutcomeBase & { status: 'succeeded'; backup: BackupRecord; error: null })
  | (OutcomeBase & { status: 'failed' | 'cancelled'; backup: null; error: ErrorInfo });

/**
 * Backs up one controller: connect → list → create → wait for the job → find the NEW file → download to
 * `.part` with SHA-256 → read the zip back → preview → place in the archive → sidecar. Never throws: every
 * failure is an outcome with a code, and nothing partial is left behind.
 */
export async function backupController(spec: BackupSpec): Promise<BackupOutcome> {
  const run = new BackupRun(spec);
  return run.execute();
}

class BackupRun {
  private readonly startedAt = new Date();
  private readonly warnings: string[] = [];
  private session: DeviceSession | undefined;
  private api: ControllerApi | undefined;
  private jobId: string | undefined;
  private jobDone = false;
  /** When the controller accepted the job this run created (epoch ms): polls are timed from it. */
  private jobStartedAt: number | undefined;
  private fileName: string | undefined;
  private partPath: string | undefined;
  /** Local work on the `.part` still running (flush, zip read-back): settled before the file is removed. */
  private partWork: Array<Promise<unknown>> = [];
  private controllerReleased = false;
  private readonly wait: WaitOptions;
  private readonly log: Logger;
  /**
   * Set while the file in hand was found settled in the list before the job said it was done: it completes
   * the backup only if it passes the zip read-back; if not, the wait goes on (`rejected` remembers it).
   */
  private provisional:
    | {
        before: Set<string>;
        prefix: string | undefined;
        file: DeviceFile;
        progress: number;
        rejected: Map<string, number | undefined>;
      }
    | undefined;
  /** The controller's backup list before this backup (plus this one, it goes in the sidecar for the next run's check). */
  private storeBefore: ControllerStore | undefined;

  constructor(private readonly spec: BackupSpec) {
    this.wait = { ...DEFAULT_WAIT, ...spec.wait, signal: spec.signal };
    this.log = spec.logger ?? SILENT_LOGGER;
  }

  async execute(): Promise<BackupOutcome> {
    try {
      const backup = await this.steps();
      this.report('done', 1, backup.bytes ?? 0, 'Saved');
      this.log.info('backup saved', {
        file: backup.file,
        bytes: backup.bytes,
        sha256: backup.sha256,
        deviceFileName: backup.deviceFileName,
        compatibility: backup.compatibility,
        warnings: this.warnings,
      });
      return { ...this.outcomeBase(), status: 'succeeded', backup, error: null };
    } catch (err) {
      const cancelled = this.spec.signal?.aborted === true || (err instanceof CodedError && err.code === 'CANCELLED');
      // A job given up on for taking too long would keep the controller busy (it builds one backup at a
      // time) and refuse every later backup: it is stopped, as a cancelled one is.
      const abandoned = err instanceof CodedError && err.code === 'JOB_TIMEOUT';
      await this.cleanUp(cancelled || abandoned);
      const error = cancelled
        ? toErrorInfo(new CodedError('CANCELLED', 'The backup was cancelled; nothing partial was kept.'))
        : toErrorInfo(err);
      if (cancelled)
        this.log.info('backup cancelled', {
          jobId: this.jobId ?? null,
          jobStopped: abandoned || (this.jobId !== undefined && !this.jobDone),
        });
      else this.log.error('backup failed', { code: error.code, jobId: this.jobId ?? null, error: err });
      return { ...this.outcomeBase(), status: cancelled ? 'cancelled' : 'failed', backup: null, error };
    } finally {
      this.session?.close();
    }
  }

  private async steps(): Promise<BackupRecord> {
    const { spec } = this;
    if (spec.fileName !== undefined) validateFileName(spec.fileName);
    const c = spec.controller;
    // Before the controller is asked for anything: a backup that cannot be kept privately is not built.
    if (spec.target === 'Device')
      await prepareArchiveFolder(spec.archiveRoot, controllerFolder(spec.archiveRoot, c.site, this.folderName()));
    this.report('connecting', 0, 0, `Connecting to ${c.host}:${c.port}`);
    this.session = new DeviceSession({
      address: { host: c.host, port: c.port, protocol: c.protocol },
      trust: { ...(c.pin ? { pin: c.pin } : {}), ...(c.siteCaPem ? { siteCaPem: c.siteCaPem } : {}) },
      username: spec.username,
      password: spec.password,
      timeouts: spec.timeouts,
      retryBaseMs: spec.retryBaseMs,
      signal: spec.signal,
      ...(spec.recorder ? { recorder: spec.recorder } : {}),
      logger: this.log,
    });
    const api = (this.api = await discoverController(this.session, spec.format));
    this.log.info('controller identified', { ...api.identity, format: api.format, variants: api.variants });
    if (spec.format === 'xml' && api.format !== 'xml') {
      this.warnings.push(
        `XML requested but API revision ${api.identity.apiRevision || 'v2'} needs JSON (XML works from 7.0): JSON was used.`,
      );
    }
    const job = (spec.attach && (await this.reattach(api, spec.attach))) || (await this.create(api));
    this.fileName = job.fileName;
    for (let file = job.file; ;) {
      try {
        return await this.complete(api, job, file);
      } catch (err) {
        // A file taken before its job said "done" that is not a valid zip yet: the controller may still be
        // writing it. The job is waited for again (bounded by the job timeout), that file set aside.
        const p = this.provisional;
        if (!(p && err instanceof CodedError && err.code === 'ARCHIVE_INVALID')) throw err;
        await this.discardPart();
        this.log.warn('early file rejected', { file: p.file.name, error: err });
        p.rejected.set(p.file.name, p.file.size);
        file = await this.waitForFile(api, p.before, p.prefix, p.rejected);
      }
    }
  }

  private async complete(api: ControllerApi, job: JobAttachment, file: string): Promise<BackupRecord> {
    const { spec } = this;
    this.log.info('backup file found', {
      deviceFileName: file,
      jobId: this.jobId ?? null,
      beforeJobDone: this.provisional !== undefined,
    });
    const record: BackupRecord = {
      target: spec.target,
      deviceFileName: file,
      file: null,
      sidecar: null,
      bytes: null,
      sha256: null,
      dataTypes: api.identity.api === 'v2' ? ['full'] : [...spec.dataTypes],
      envysionProjects: job.envysionProjects,
      compatibility: null,
      jobId: this.jobId ?? null,
    };
    if (spec.target === 'UsbKey') return record;
    return this.download(api, record);
  }

  private async create(api: ControllerApi): Promise<JobAttachment & { file: string }> {
    const { spec } = this;
    const fileName = spec.fileName ?? defaultFileName(this.controllerName());
    const envysionProjects = await this.envysionProjects(api);

    this.report('listing', 0, 0, "Reading the controller's backup list");
    const listed = await api.listFiles(spec.target);
    const before = listed.map((f) => f.name);
    await this.checkPileUp(listed);

    this.report('creating', 0, 0, 'Asking the controller to build the backup');
    await spec.observer?.jobRequested({ jobId: null, fileName, before, envysionProjects });
    try {
      this.jobId = await api.createBackup({
        target: spec.target,
        fileName,
        dataTypes: spec.dataTypes,
        envysionProjects,
      });
      this.jobStartedAt = Date.now();
    } catch (err) {
      // The controller answered with a refusal: nothing was created, and there is nothing to re-attach to.
      if (err instanceof CodedError && err.details.status !== undefined) await spec.observer?.jobRefused();
      throw err;
    }
    const job: JobAttachment = { jobId: this.jobId ?? null, fileName, before, envysionProjects, answered: true };
    this.log.info('job created', { jobId: job.jobId, fileName, listedBefore: before.length, envysionProjects });
    await spec.observer?.jobCreated(job);
    const file = await this.waitForFile(api, new Set(before), api.identity.api === 'v1' ? fileName : undefined);
    return { ...job, file };
  }

  /**
   * Follows a job an interrupted run created. When the controller no longer knows the job and no new file
   * appears, returns undefined: that backup never finished, and a fresh one is made.
   */
  private async reattach(
    api: ControllerApi,
    job: JobAttachment,
  ): Promise<(JobAttachment & { file: string }) | undefined> {
    this.jobId = job.jobId ?? undefined;
    this.log.info('job re-attached', { jobId: job.jobId, fileName: job.fileName, answered: job.answered === true });
    this.report('waiting', 0, 0, 'Re-attaching to the backup the controller started before the interruption');
    const prefix = api.identity.api === 'v1' ? job.fileName : undefined;
    if (this.jobId === undefined && !job.answered) return this.reattachUnanswered(api, job, prefix);
    // Accepted without a job id: the file is the only sign, as on revisions without jobs.
    if (this.jobId === undefined) return { ...job, file: await this.waitForFile(api, new Set(job.before), prefix) };
    const known = api.supportsJobs ? await api.getJob(this.jobId) : undefined;
    if (known || !api.supportsJobs) return { ...job, file: await this.waitForFile(api, new Set(job.before), prefix) };
    try {
      const found = await findNewFile(
        api,
        this.spec.target,
        new Set(job.before),
        prefix,
        this.wait.listingGraceMs,
        this.wait,
        true,
      );
      this.jobDone = true;
      return { ...job, file: found.name };
    } catch (err) {
      if (err instanceof CodedError && err.code === 'FILE_NOT_FOUND') return undefined;
      throw err;
    }
  }

  /**
   * The process died between asking for a backup and hearing the answer. Its file (named uniquely for that
   * attempt) may be there already; if not, the same create is sent once more without retry: a controller
   * still building the first one answers 503 (it builds one backup at a time), and then its file is awaited;
   * otherwise the first create never arrived, and this one is followed.
   */
  private async reattachUnanswered(
    api: ControllerApi,
    job: JobAttachment,
    prefix: string | undefined,
  ): Promise<JobAttachment & { file: string }> {
    const before = new Set(job.before);
    const fresh = (await api.listFiles(this.spec.target)).filter(
      (f) => !before.has(f.name) && (prefix === undefined || f.name.startsWith(prefix)),
    );
    if (fresh.length > 0) {
      // Already listed: it may still be growing, so wait for it to settle (and refuse two candidates).
      const found = await findNewFile(api, this.spec.target, before, prefix, this.wait.jobTimeoutMs, this.wait, true);
      this.jobDone = true;
      return { ...job, file: found.name };
    }
    try {
      this.jobId = await api.createBackup(
        {
          target: this.spec.target,
          fileName: job.fileName,
          dataTypes: this.spec.dataTypes,
          envysionProjects: job.envysionProjects,
        },
        true,
      );
      this.jobStartedAt = Date.now();
      await this.spec.observer?.jobCreated({ ...job, jobId: this.jobId ?? null, answered: true });
    } catch (err) {
      if (!(err instanceof CodedError && err.code === 'DEVICE_BUSY')) throw err;
      const found = await findNewFile(api, this.spec.target, before, prefix, this.wait.jobTimeoutMs, this.wait, true);
      this.jobDone = true;
      return { ...job, file: found.name };
    }
    return { ...job, jobId: this.jobId ?? null, file: await this.waitForFile(api, before, prefix) };
  }

  private async envysionProjects(api: ControllerApi): Promise<string[]> {
    const wanted = this.spec.envysion;
    if (Array.isArray(wanted) && wanted.length === 0) return [];
    const options = await api.backupOptions();
    if (options.warning) this.warnings.push(options.warning);
    const available = options.projects;
    if (wanted === 'all') return available;
    const missing = wanted.filter((p) => !available.includes(p));
    if (missing.length > 0) {
      throw new CodedError(
        'INVALID_INPUT',
        `ENVYSION project${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} not on this controller (it has: ${available.join(', ') || 'none'}).`,
      );
    }
    return wanted;
  }

  /** Warns when backups pile up in the controller's flash (Device target: the USB key is the technician's). */
  private async checkPileUp(listed: DeviceFile[]): Promise<void> {
    if (this.spec.target !== 'Device') return;
    this.storeBefore = storeOf(listed);
    const c = this.spec.controller;
    const last = await lastBackupIn(controllerFolder(this.spec.archiveRoot, c.site, this.controllerName()));
    const warning = pileUpWarning(
      this.storeBefore,
      last?.controllerStore ?? null,
      `${c.host}${c.port === 443 ? '' : `:${c.port}`}`,
    );
    if (warning) this.warnings.push(warning);
  }

  private async waitForFile(
    api: ControllerApi,
    before: Set<string>,
    prefix: string | undefined,
    rejected = new Map<string, number | undefined>(),
  ): Promise<string> {
    const onJobProgress = (p: number): void =>
      this.report('waiting', p / 100, 0, `Controller is building the backup — ${Math.round(p)} %`);
    this.report('waiting', 0, 0, 'Controller is building the backup');
    let completed = false;
    this.provisional = undefined;
    if (this.jobId !== undefined && api.supportsJobs) {
      const end = await waitForJob(api, this.jobId, { ...this.wait, onJobProgress }, this.jobStartedAt, {
        target: this.spec.target,
        before,
        prefix,
        rejected,
      });
      if (end.kind === 'file-settled') {
        this.provisional = { before, prefix, file: end.file, progress: end.progress, rejected };
        return end.file.name;
      }
      completed = end.kind === 'completed';
    }
    // Without a completed job (no job resource, or it vanished) the file is the only sign of completion: wait
    // as long as for a job, and for its size to settle.
    const patience = completed ? this.wait.listingGraceMs : this.wait.jobTimeoutMs;
    const found = await findNewFile(api, this.spec.target, before, prefix, patience, this.wait, !completed);
    this.jobDone = true;
    return found.name;
  }

  /** Removes the `.part` of a download that will not be kept, once the local work on it has settled. */
  private async discardPart(): Promise<void> {
    await Promise.allSettled(this.partWork);
    this.partWork = [];
    if (this.partPath) {
      await fs.rm(this.partPath, { force: true }).catch(() => undefined);
      await fs.rm(pendingRecordOf(this.partPath), { force: true }).catch(() => undefined);
    }
    this.partPath = undefined;
  }

  private async download(api: ControllerApi, record: BackupRecord): Promise<BackupRecord> {
    const { spec } = this;
    const c = spec.controller;
    const folder = controllerFolder(spec.archiveRoot, c.site, this.folderName());
    await prepareArchiveFolder(spec.archiveRoot, folder);
    // First, so that a backup a killed process named but did not record has its sidecar before it is looked for.
    await removeStaleParts(folder);
    if (spec.attach) {
      const kept = await findArchivedCopy(folder, record.deviceFileName, api.identity.hostId);
      if (kept) {
        this.warnings.push(
          'This backup was already archived before the interruption; the archived copy was verified and kept.',
        );
        const s = kept.sidecar;
        return {
          ...record,
          file: kept.file,
          sidecar: `${kept.file}${SIDECAR_SUFFIX}`,
          bytes: s.bytes,
          sha256: s.sha256,
          compatibility: s.compatibility,
        };
      }
    }
    // A name of its own, created exclusively: two runs on the same controller never write into one .part.
    // The process id in it lets a later run remove what a killed one left (removeStaleParts).
    this.partPath = path.join(
      folder,
      `${safeSegment(record.deviceFileName, 'backup')}${BACKUP_EXTENSION}.${process.pid}-${randomBytes(4).toString('hex')}${PART_SUFFIX}`,
    );
    this.report('downloading', 0, 0, 'Downloading');
    let lastReport = 0;
    let trailing: NodeJS.Timeout | undefined;
    let latest = { bytes: 0, total: undefined as number | undefined };
    const tell = (): void => {
      trailing = undefined;
      lastReport = performance.now();
      this.report(
        'downloading',
        latest.total ? latest.bytes / latest.total : 0,
        latest.bytes,
        'Downloading',
        latest.total,
      );
    };
    const result = await downloadToPart(api, record.deviceFileName, this.partPath, {
      signal: spec.signal,
      maxBytes: spec.maxDownloadBytes,
      onBytes: (bytes, total) => {
        // Thousands of chunks per second: tell listeners at most every 50 ms, and always the last one. A held
        // figure is sent when the window ends, so a download that stalls shows the bytes that really arrived.
        latest = { bytes, total };
        if (performance.now() - lastReport >= 50 || bytes === total) {
          if (trailing) clearTimeout(trailing);
          tell();
        } else trailing ??= setTimeout(tell, 50);
      },
    }).finally(() => {
      if (trailing) clearTimeout(trailing);
    });

    // The read-back and the flush are local and the preview is the controller's: they run side by side, and
    // once the preview is answered the controller is free (a bulk run gives its slot to the next one).
    this.report('verifying', 0, result.bytes, 'Verifying the backup file');
    const zipCheck = checkZip(this.partPath, spec.zipLimits ?? DEFAULT_ZIP_LIMITS, spec.signal);
    this.partWork = [result.durable, zipCheck];
    zipCheck.catch(() => undefined);
    if (this.provisional) await this.confirmProvisional(this.provisional, zipCheck);

    this.report('previewing', 0, result.bytes, 'Asking the controller whether the backup can be restored');
    const compatibility = await this.compatibility(api, record.deviceFileName);
    this.releaseController();

    const zip = await zipCheck;
    // Named only once flushed: a power cut never leaves a backup name on a file the disk does not hold.
    await result.durable;
    this.partWork = [];

    this.report('saving', 0, result.bytes, 'Saving into the archive');
    // A resumed run whose killed process placed this very file but died before its sidecar adopts that copy.
    const placed = spec.attach ? await findUnrecordedCopy(folder, record.deviceFileName, result) : undefined;
    if (placed) {
      this.warnings.push(
        'This backup was already archived (without its record) before the interruption; the archived copy matched the download and was kept.',
      );
      await fs.rm(this.partPath, { force: true });
    }
    // The record waits beside the .part until the backup has its name: a process killed between naming the
    // backup and writing its sidecar leaves it, and the next run in this folder records the backup from it.
    const pending = pendingRecordOf(this.partPath);
    const saved = { ...record, bytes: result.bytes, sha256: result.sha256, compatibility };
    if (!placed)
      await writePrivateFile(pending, `${JSON.stringify(this.sidecar(saved, { ...saved, file: '' }, zip))}\n`);
    const file =
      placed ??
      (await placeBackup(spec.archiveRoot, folder, this.partPath, record.deviceFileName, { flushFolder: false }));
    this.partPath = undefined;
    const done: BackupRecord = { ...saved, file };
    done.sidecar = await writeSidecar(file, this.sidecar(done, { ...saved, file }, zip));
    // One flush of the folder makes both new names durable: the backup's and its sidecar's.
    await flushFolder(folder);
    await fs.rm(pending, { force: true });
    return done;
  }

  /**
   * A file that settled in the list before its job said "done" is the backup only if it reads back as a
   * whole zip; then the job is over for us (it is never cancelled), and the report says what happened.
   */
  private async confirmProvisional(
    p: NonNullable<BackupRun['provisional']>,
    zipCheck: Promise<unknown>,
  ): Promise<void> {
    await zipCheck;
    this.jobDone = true;
    this.provisional = undefined;
    this.warnings.push(
      `The controller's job still said ${Math.round(p.progress)} % when its backup file ${p.file.name} was complete; the file was verified (size steady over two listings, zip read back) and kept.`,
    );
  }

  private async compatibility(api: ControllerApi, deviceFileName: string): Promise<string | null> {
    try {
      const preview = await api.preview(this.spec.target, deviceFileName);
      if (!preview) this.warnings.push(NO_PREVIEW_WARNING);
      return preview?.compatibility ?? null;
    } catch (err) {
      if (this.spec.signal?.aborted) throw err;
      this.warnings.push(`Compatibility preview unavailable: ${toErrorInfo(err).message}`);
      return null;
    }
  }

  private sidecar(
    record: BackupRecord,
    saved: { file: string; bytes: number; sha256: string },
    zip: { entries: number; uncompressedBytes: number },
  ): BackupSidecar {
    const device = this.device();
    if (!device) throw new CodedError('INTERNAL_ERROR', 'A backup was saved without a controller identity.');
    const c = this.spec.controller;
    return {
      schemaVersion: 1,
      tool: { name: 'eclypse-field-backup', version: TOOL_VERSION },
      device: {
        name: this.controllerName(),
        site: c.site ?? null,
        host: device.host,
        port: device.port,
        api: device.api,
        apiRevision: device.apiRevision,
        hostId: device.hostId,
        hostName: device.hostName,
        modelName: device.modelName,
        softwareVersion: device.softwareVersion,
        fingerprint: device.fingerprint,
      },
      options: {
        target: record.target,
        fileName: this.fileName ?? '',
        dataTypes: record.dataTypes,
        envysionProjects: record.envysionProjects,
        format: this.api?.format ?? this.spec.format,
      },
      deviceFileName: record.deviceFileName,
      file: path.basename(saved.file),
      bytes: saved.bytes,
      sha256: saved.sha256,
      zip: { entries: zip.entries, uncompressedBytes: zip.uncompressedBytes },
      compatibility: record.compatibility,
      jobId: record.jobId,
      ...(this.api && Object.keys(this.api.variants).length > 0 ? { endpointVariants: { ...this.api.variants } } : {}),
      ...(this.storeBefore
        ? {
            controllerStore: {
              backups: this.storeBefore.backups + 1,
              bytes: this.storeBefore.bytes === null ? null : this.storeBefore.bytes + saved.bytes,
            },
          }
        : {}),
      startedAt: this.startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
    };
  }

  /** Closes the controller's session and says so, once: nothing more is asked of it for this backup. */
  private releaseController(): void {
    if (this.controllerReleased) return;
    this.controllerReleased = true;
    this.session?.close();
    this.spec.observer?.controllerDone();
  }

  private async cleanUp(stopJob: boolean): Promise<void> {
    await Promise.allSettled(this.partWork);
    if (this.partPath) {
      await fs.rm(this.partPath, { force: true }).catch(() => undefined);
      await fs.rm(pendingRecordOf(this.partPath), { force: true }).catch(() => undefined);
    }
    if (stopJob && this.api && this.session && this.jobId !== undefined && !this.jobDone) {
      // Best effort, on a fresh short deadline: the run's own signal may have fired already.
      this.session.useSignal(AbortSignal.timeout(10_000));
      await this.api.cancelJob(this.jobId).catch(() => undefined);
    }
  }

  /** The archive folder's name: the inventory name, else the address. A controller's own name can be shared or a lie. */
  private folderName(): string {
    const c = this.spec.controller;
    const defaultPort = c.protocol === 'http' ? 80 : 443;
    return c.name?.trim() || (c.port === defaultPort ? c.host : `${c.host}:${c.port}`);
  }

  /** What the controller is called here: the inventory name, else what it says, else its address. */
  private controllerName(): string {
    const c = this.spec.controller;
    const id = this.api?.identity;
    return [c.name, id?.hostName, id?.hostId, c.host].find((n) => n !== undefined && n.trim() !== '') ?? c.host;
  }

  private device(): DeviceSummary | null {
    const c = this.spec.controller;
    const fingerprint = this.session?.agent?.lastCertificate?.fingerprint ?? null;
    if (!this.api) {
      return fingerprint || this.session
        ? {
            host: c.host,
            port: c.port,
            api: 'v1',
            apiRevision: '',
            hostId: '',
            hostName: '',
            modelName: '',
            softwareVersion: '',
            fingerprint,
          }
        : null;
    }
    return { host: c.host, port: c.port, ...this.api.identity, fingerprint };
  }

  private outcomeBase(): OutcomeBase {
    return {
      device: this.device(),
      warnings: this.warnings,
      startedAt: this.startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
    };
  }

  private report(phase: Phase, progress: number, bytes: number, message: string, totalBytes?: number): void {
    this.spec.onProgress?.({
      phase,
      progress: Math.max(0, Math.min(1, progress)),
      bytes,
      ...(totalBytes ? { totalBytes } : {}),
      message,
    });
  }
}
