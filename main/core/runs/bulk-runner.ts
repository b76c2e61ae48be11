import os from 'node:os';
import type { BodyFormat } from '../device/codecs';
import type { BackupTarget } from '../../../shared/controller';
import { CodedError, toErrorInfo } from '../errors';
import { ERROR_BEHAVIOUR, ERROR_CODES, type ErrorCode } from '../../../shared/errors';
import { SILENT_LOGGER, type Logger } from '../log/logger';
import type { SessionTimeouts } from '../device/session';
import type { InventoryController } from '../../../shared/inventory';
import { TOOL_VERSION } from '../version';
import { type BulkEvent, ProgressCoalescer } from './bulk-events';
import { type ControllerEvent, type RunProgressEvent } from '../../../shared/run-events';
import type { WaitOptions } from '../backup/job-wait';
import { defaultFileName } from '../backup/options';
import { type DataType, MAX_FILE_NAME } from '../../../shared/data-types';
import { backupController, type BackupOutcome, type JobAttachment, NO_PREVIEW_WARNING } from '../backup/pipeline';
import { newRunId, readJournal, RunJournal, type JournalState } from './run-journal';
import type { ControllerRunResult, RunRecord, RunTotals } from '../../../shared/run-record';
import { SiteScheduler } from './scheduler';
import { judgeBackup } from './verdict';
import { JOURNAL_VERSION } from './journal-schema';

/** Failures worth another attempt: the network or the controller may recover. Never a login or a trust issue. */
export const RETRYABLE: ReadonlySet<ErrorCode> = new Set(ERROR_CODES.filter((c) => ERROR_BEHAVIOUR[c].retriedInRun));

/** Password and account for one controller, resolved when its turn comes (keychain, env). */
export interface ControllerCredentials {
  username: string;
  password: string;
}

/** Everything a bulk run needs besides the controllers. Secrets come through `credentials`, never stored. */
export interface BulkSettings {
  dataDir: string;
  archiveRoot: string;
  /** Controllers at once, 1..32 (default 4). */
  concurrency?: number;
  /** Controllers at once per site; null = no per-site limit. */
  perSite?: number | null;
  target: BackupTarget;
  dataTypes: DataType[];
  envysion: 'all' | string[];
  format: BodyFormat;
  technician?: string;
  credentials: (c: InventoryController) => Promise<ControllerCredentials>;
  trust: (c: InventoryController) => Promise<{ pin?: string; siteCaPem?: string }>;
  /** Whether the run trusts first-seen controllers (recorded in the journal for a resume; `trust` applies it). */
  trustNew?: boolean;
  /** A file name the technician chose for a controller; otherwise one unique to the run and attempt. */
  fileName?: (c: InventoryController) => string | undefined;
  /** Called after a controller's backup succeeded (e.g. to save a first-time pin). */
  afterSuccess?: (c: InventoryController, outcome: BackupOutcome) => Promise<void>;
  /** Attempts per controller for retryable failures (default 3). */
  attempts?: number;
  /** First pause before a retry (default 2 s); doubles, with jitter. */
  retryBaseMs?: number;
  requestRetryBaseMs?: number;
  timeouts?: Partial<SessionTimeouts>;
  wait?: Partial<WaitOptions>;
  /** Interval of coalesced progress (default 100 ms: at most 10 updates a second). */
  progressIntervalMs?: number;
  signal?: AbortSignal;
  onEvent?: (event: BulkEvent) => void;
  /** Where the run logs its decisions and each controller's requests, with the run id and controller id on each record. */
  logger?: Logger;
}

/** A running bulk run: its id, its end, and cancel for the whole run or one controller. */
export interface BulkRun {
  runId: string;
  journalFile: string;
  done: Promise<RunRecord>;
  cancel(controllerId?: string): void;
}

/** Starts a new bulk run over `controllers`. */
export async function startBulkRun(controllers: InventoryController[], settings: BulkSettings): Promise<BulkRun> {
  if (controllers.length === 0) throw new CodedError('INVALID_INPUT', 'No controllers to back up.');
  const runId = newRunId();
  const journal = await RunJournal.open(settings.dataDir, runId);
  const run = new BulkRunner(runId, controllers, settings, journal, undefined);
  return run.start();
}

/** Resumes an interrupted run: succeeded controllers are not contacted again; open jobs are re-attached. */
export async function resumeBulkRun(
  runId: string,
  settings: Omit<BulkSettings, 'target' | 'dataTypes' | 'envysion' | 'format'> & Partial<BulkSettings>,
): Promise<BulkRun> {
  const state = await readJournal(settings.dataDir, runId);
  const o = state.start.run.options;
  const full: BulkSettings = {
    ...settings,
    target: o.target as BackupTarget,
    dataTypes: o.dataTypes as DataType[],
    envysion: settings.envysion ?? o.envysion ?? 'all',
    format: settings.format ?? 'json',
    concurrency: settings.concurrency ?? o.concurrency,
    perSite: settings.perSite === undefined ? o.perSite : settings.perSite,
  };
  const journal = await RunJournal.open(settings.dataDir, runId);
  const run = new BulkRunner(runId, state.start.controllers, full, journal, state);
  return run.start();
}

class BulkRunner {
  private readonly results = new Map<string, ControllerRunResult>();
  private readonly attachments = new Map<string, JobAttachment>();
  private readonly aborts = new Map<string, AbortController>();
  /**
   * Controllers whose end listeners have been told of (or that ended in an earlier process of this run): the
   * count every controller event carries, so a live view never shows a stale or repeated figure.
   */
  private readonly announcedDone = new Set<string>();
  private readonly runAbort = new AbortController();
  private readonly scheduler: SiteScheduler<InventoryController>;
  private readonly coalescer: ProgressCoalescer;
  private readonly startedAt: string;
  private readonly clockStart = Date.now();
  private bytesDone = 0;
  private readonly liveBytes = new Map<string, number>();
  private wakeTimer: NodeJS.Timeout | undefined;
  /** Attempts under way, including those past their controller's part (finishing locally, slot handed on). */
  private active = 0;
  private ended = false;
  private journalChain: Promise<void> = Promise.resolve();
  private finish!: (r: RunRecord) => void;
  private readonly log: Logger;
  /** Cancels the run when the caller's signal fires; removed at the end, so a long-lived signal keeps nothing of the run. */
  private readonly onCallerAbort = (): void => this.cancel();

  constructor(
    private readonly runId: string,
    private readonly controllers: InventoryController[],
    private readonly s: BulkSettings,
    private readonly journal: RunJournal,
    private readonly resumed: JournalState | undefined,
  ) {
    const concurrency = Math.max(1, Math.min(32, s.concurrency ?? 4));
    this.scheduler = new SiteScheduler(concurrency, s.perSite ?? null);
    this.coalescer = new ProgressCoalescer(
      (e) => this.tell(e),
      () => this.progressEvent(),
      s.progressIntervalMs ?? 100,
    );
    this.startedAt = resumed?.start.run.startedAt ?? new Date().toISOString();
    this.log = (s.logger ?? SILENT_LOGGER).child({ runId });
    s.signal?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  async start(): Promise<BulkRun> {
    const h = this.header();
    this.log.info(this.resumed ? 'run resumed' : 'run started', {
      controllers: this.controllers.length,
      options: h.options,
      toolVersion: h.toolVersion,
      journal: this.journal.file,
    });
    await this.record(
      this.resumed
        ? { type: 'run-resumed', at: now() }
        : { type: 'run-started', at: now(), journalVersion: JOURNAL_VERSION, run: h, controllers: this.controllers },
    );
    for (const c of this.controllers) {
      const previous = this.resumed?.results.get(c.id);
      if (previous?.status === 'succeeded') {
        this.results.set(c.id, previous);
        this.announcedDone.add(c.id);
        this.bytesDone += previous.backup?.bytes ?? 0;
        continue;
      }
      const open = this.resumed?.openJobs.get(c.id);
      if (open) this.attachments.set(c.id, open);
      this.results.set(c.id, blankResult(c, this.resumed?.attempts.get(c.id) ?? 0));
      this.scheduler.add(c, c.site ?? '');
    }
    const done = new Promise<RunRecord>((resolve) => (this.finish = resolve));
    // On the next turn of the event loop: whoever started the run holds its handle (and has printed its id)
    // before the first controller event arrives.
    setImmediate(() => this.pump());
    return { runId: this.runId, journalFile: this.journal.file, done, cancel: (id) => this.cancel(id) };
  }

  private cancel(controllerId?: string): void {
    this.log.info(
      controllerId === undefined ? 'run cancel asked' : 'controller cancel asked',
      controllerId === undefined ? {} : { controllerId },
    );
    if (controllerId === undefined) {
      this.runAbort.abort();
      for (const c of this.scheduler.drain()) void this.settle(c, cancelledResult(this.resultOf(c)));
      for (const a of this.aborts.values()) a.abort();
      this.pump();
      return;
    }
    const c = this.controllers.find((x) => x.id === controllerId);
    if (c && this.scheduler.remove((x) => x.id === controllerId))
      void this.settle(c, cancelledResult(this.resultOf(c)));
    this.aborts.get(controllerId)?.abort();
    this.pump();
  }

  private pump(): void {
    for (let next = this.scheduler.take(Date.now()); next; next = this.scheduler.take(Date.now())) {
      const { item, site } = next;
      // The slot is the controller's: it is handed on as soon as the controller has nothing left to answer
      // (the zip read-back, archiving and journal that follow are local), or when the attempt ends.
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        this.scheduler.release(site);
      };
      this.active++;
      void this.runOne(item, () => {
        release();
        this.pump();
      })
        .catch((err: unknown) => this.journalFailed(item, err))
        .finally(() => {
          this.active--;
          release();
          this.pump();
        });
    }
    if (this.active === 0 && this.scheduler.waitingCount === 0) {
      void this.end();
      return;
    }
    const wake = this.scheduler.nextWakeUp();
    if (wake !== undefined && this.scheduler.runningCount === 0 && !this.wakeTimer) {
      this.wakeTimer = setTimeout(
        () => {
          this.wakeTimer = undefined;
          this.pump();
        },
        Math.max(0, wake - Date.now()),
      );
    }
  }

  private async runOne(c: InventoryController, controllerDone: () => void): Promise<void> {
    const previous = this.resultOf(c);
    const attempt = previous.attempts + 1;
    const abort = new AbortController();
    this.aborts.set(c.id, abort);
    const running: ControllerRunResult = {
      ...previous,
      status: 'running',
      attempts: attempt,
      startedAt: previous.startedAt ?? now(),
      error: null,
    };
    this.results.set(c.id, running);
    // Not awaited here: connecting and discovery only read, and the create waits for its own journal entry,
    // which the journal writes after this one. Awaited below, so a journal that cannot be written still fails
    // the controller.
    const log = this.log.child({ controllerId: c.id });
    log.info('controller started', { name: c.name, host: c.host, port: c.port, site: c.site, attempt });
    const started = this.record({ type: 'controller-started', at: now(), id: c.id, attempt });
    started.catch(() => undefined);
    this.coalescer.state(
      this.event(c, 'running', null, 0, 0, null, attempt > 1 ? `Attempt ${attempt}` : 'Starting', attempt),
    );
    const outcome = await this.backupOne(c, abort.signal, attempt, started, controllerDone, log);
    await started;
    this.aborts.delete(c.id);
    this.liveBytes.delete(c.id);
    const retry =
      outcome.status === 'failed' &&
      outcome.error &&
      RETRYABLE.has(outcome.error.code) &&
      attempt < (this.s.attempts ?? 3);
    if (retry && !this.runAbort.signal.aborted) {
      const delay = Math.min(60_000, (this.s.retryBaseMs ?? 2000) * 2 ** (attempt - 1) * (0.5 + Math.random()));
      this.results.set(c.id, { ...running, error: outcome.error, device: outcome.device ?? running.device });
      log.warn('controller retry', {
        attempt,
        of: this.s.attempts ?? 3,
        code: outcome.error.code,
        message: outcome.error.message,
        delayMs: Math.round(delay),
      });
      this.coalescer.state(
        this.event(
          c,
          'retry-wait',
          null,
          0,
          0,
          null,
          `${outcome.error.code}: retrying in ${Math.round(delay / 1000)} s`,
          attempt,
        ),
      );
      this.scheduler.add(c, c.site ?? '', Date.now() + delay);
      return;
    }
    if (outcome.status === 'succeeded')
      await this.s
        .afterSuccess?.(c, outcome)
        .catch((err: unknown) => log.warn('after-success step failed', { error: err }));
    const { verdict, reason } = judgeBackup(outcome);
    log[outcome.status === 'succeeded' ? 'info' : 'warn']('verdict', {
      verdict,
      reason,
      status: outcome.status,
      attempts: attempt,
      code: outcome.error?.code ?? null,
      message: outcome.error?.message ?? null,
      file: outcome.backup?.file ?? null,
    });
    const result: ControllerRunResult = {
      ...running,
      status: outcome.status,
      verdict,
      verdictReason: reason,
      device: outcome.device,
      backup: outcome.backup,
      error: outcome.error,
      // The verdict's reason already says there was no preview: not said twice.
      warnings: outcome.warnings.filter((w) => w !== NO_PREVIEW_WARNING),
      finishedAt: now(),
    };
    this.bytesDone += outcome.backup?.bytes ?? 0;
    await this.settle(c, result);
  }

  private async backupOne(
    c: InventoryController,
    signal: AbortSignal,
    attempt: number,
    journalled: Promise<void>,
    controllerDone: () => void,
    log: Logger,
  ): Promise<BackupOutcome> {
    const started = now();
    const stop = AbortSignal.any([signal, this.runAbort.signal]);
    try {
      const [credentials, trust] = await Promise.all([this.s.credentials(c), this.s.trust(c)]);
      return await backupController({
        controller: {
          host: c.host,
          port: c.port,
          protocol: 'https',
          name: c.name,
          ...(c.site ? { site: c.site } : {}),
          ...trust,
        },
        username: credentials.username,
        password: credentials.password,
        target: c.target ?? this.s.target,
        dataTypes: this.s.dataTypes,
        envysion: this.s.envysion,
        format: this.s.format,
        archiveRoot: this.s.archiveRoot,
        timeouts: this.s.timeouts,
        wait: this.s.wait,
        retryBaseMs: this.s.requestRetryBaseMs,
        signal: stop,
        logger: log,
        attach: this.attachments.get(c.id),
        // Unique per run and attempt, so a backup started by a killed attempt is never mistaken for this one.
        fileName: this.s.fileName?.(c) ?? attemptFileName(c.name, this.runId, attempt),
        observer: {
          jobRequested: async (job) => {
            this.attachments.set(c.id, job);
            const requested = this.record({ type: 'job-requested', at: now(), id: c.id, job });
            await Promise.all([journalled, requested]);
          },
          controllerDone,
          jobRefused: async () => {
            this.attachments.delete(c.id);
            await this.record({ type: 'job-refused', at: now(), id: c.id });
          },
          jobCreated: async (job) => {
            this.attachments.set(c.id, job);
            await this.record({ type: 'job-created', at: now(), id: c.id, job });
          },
        },
        onProgress: (p) => {
          if (p.phase === 'downloading') this.liveBytes.set(c.id, p.bytes);
          this.coalescer.progress(
            this.event(c, 'running', p.phase, p.progress, p.bytes, p.totalBytes ?? null, p.message, attempt),
          );
        },
      });
    } catch (err) {
      const cancelled = signal.aborted || this.runAbort.signal.aborted;
      const error = toErrorInfo(cancelled ? new CodedError('CANCELLED', 'Cancelled.') : err);
      if (!cancelled) log.error('controller could not start', { error: err });
      return {
        status: cancelled ? 'cancelled' : 'failed',
        device: null,
        backup: null,
        error,
        warnings: [],
        startedAt: started,
        finishedAt: now(),
      };
    }
  }

  private async settle(c: InventoryController, result: ControllerRunResult): Promise<void> {
    this.results.set(c.id, result);
    // A finished controller has no job to re-attach to any more (a retry of a failed one starts afresh).
    this.attachments.delete(c.id);
    const status = result.status === 'pending' || result.status === 'running' ? 'failed' : result.status;
    // On disk first: whatever a listener is told is done must survive a kill the next instant.
    await this.record({ type: 'controller-finished', at: now(), id: c.id, result });
    this.announcedDone.add(c.id);
    const done = this.event(
      c,
      status,
      null,
      1,
      result.backup?.bytes ?? 0,
      null,
      result.error?.message ?? result.verdictReason ?? 'Saved',
      result.attempts,
    );
    this.coalescer.state({
      ...done,
      outcome: { verdict: result.verdict, verdictReason: result.verdictReason, errorCode: result.error?.code ?? null },
    });
  }

  /** The journal could not be written (disk full, folder gone): the controller fails visibly, in memory. */
  private journalFailed(c: InventoryController, err: unknown): void {
    this.log.error('journal write failed', { controllerId: c.id, error: err });
    const error = toErrorInfo(
      new CodedError('DISK_ERROR', `The run journal could not be written: ${(err as Error).message}`),
    );
    const r = this.resultOf(c);
    this.results.set(c.id, {
      ...r,
      status: 'failed',
      verdict: 'not-ready',
      verdictReason: error.message,
      error,
      finishedAt: now(),
    });
    this.announcedDone.add(c.id);
    this.coalescer.state(this.event(c, 'failed', null, 1, 0, null, error.message, r.attempts));
  }

  private async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.s.signal?.removeEventListener('abort', this.onCallerAbort);
    const cancelled = this.runAbort.signal.aborted;
    await this.record({ type: 'run-finished', at: now(), cancelled }).catch(() => undefined);
    await this.journalChain;
    await this.journal.close().catch(() => undefined);
    this.coalescer.flush();
    this.coalescer.stop();
    const record = this.runRecord(now());
    this.log.info('run finished', {
      cancelled,
      totals: record.totals,
      seconds: Math.round((Date.now() - this.clockStart) / 100) / 10,
    });
    this.tell({ type: 'run-finished', runId: this.runId, record });
    this.finish(record);
  }

  /** A listener that throws (a closed window, say) must not stop the run or keep it from ending. */
  private tell(event: BulkEvent): void {
    try {
      this.s.onEvent?.(event);
    } catch (err) {
      // The run goes on; its journal and report hold the truth.
      this.log.warn('event listener failed', { event: event.type, error: err });
    }
  }

  /** Journal writes keep their order and are awaited: the file is the truth a resume starts from. */
  private record(entry: Parameters<RunJournal['append']>[0]): Promise<void> {
    const written = this.journal.append(entry);
    this.journalChain = written.catch(() => undefined);
    return written;
  }

  private header(): Omit<RunRecord, 'results' | 'totals' | 'finishedAt'> {
    return {
      runId: this.runId,
      sites: [...new Set(this.controllers.map((c) => c.site ?? 'unassigned'))].sort(),
      technician: this.s.technician ?? os.userInfo().username,
      laptop: os.hostname(),
      toolVersion: TOOL_VERSION,
      startedAt: this.startedAt,
      options: {
        target: this.s.target,
        dataTypes: this.s.dataTypes,
        concurrency: this.s.concurrency ?? 4,
        perSite: this.s.perSite ?? null,
        envysion: this.s.envysion,
        trustNew: this.s.trustNew === true,
      },
    };
  }

  /** Where a controller of this run stands (every one has a result from the start: pending). */
  private resultOf(c: InventoryController): ControllerRunResult {
    return this.results.get(c.id) ?? blankResult(c, 0);
  }

  private runRecord(finishedAt: string | null): RunRecord {
    const results = this.controllers.map((c) => this.resultOf(c));
    return { ...this.header(), finishedAt, totals: totals(results), results };
  }

  private progressEvent(): RunProgressEvent {
    const results = [...this.results.values()];
    const t = totals(results);
    const done = t.succeeded + t.failed + t.cancelled;
    const elapsed = (Date.now() - this.clockStart) / 1000;
    const bytes = this.bytesDone + [...this.liveBytes.values()].reduce((a, b) => a + b, 0);
    const fresh =
      done - (this.resumed ? [...this.resumed.results.values()].filter((r) => r.status === 'succeeded').length : 0);
    return {
      type: 'run-progress',
      runId: this.runId,
      total: t.total,
      done,
      succeeded: t.succeeded,
      failed: t.failed,
      cancelled: t.cancelled,
      running: this.scheduler.runningCount,
      bytes,
      bytesPerSecond: elapsed > 0 ? Math.round(bytes / elapsed) : 0,
      etaSeconds: fresh > 0 ? Math.round((elapsed / fresh) * (t.total - done)) : null,
    };
  }

  private event(
    c: InventoryController,
    status: ControllerEvent['status'],
    phase: ControllerEvent['phase'],
    progress: number,
    bytes: number,
    totalBytes: number | null,
    message: string,
    attempt: number,
  ): ControllerEvent {
    return {
      type: 'controller',
      runId: this.runId,
      controllerId: c.id,
      status,
      phase,
      progress,
      bytes,
      totalBytes,
      message,
      attempt,
      runDone: this.announcedDone.size,
      runTotal: this.controllers.length,
    };
  }
}

/** Totals of a list of controller results. */
export function totals(results: ControllerRunResult[]): RunTotals {
  const count = (f: (r: ControllerRunResult) => boolean): number => results.filter(f).length;
  return {
    total: results.length,
    succeeded: count((r) => r.status === 'succeeded'),
    failed: count((r) => r.status === 'failed'),
    cancelled: count((r) => r.status === 'cancelled'),
    ready: count((r) => r.verdict === 'ready'),
    readyWithWarning: count((r) => r.verdict === 'ready-with-warning'),
    notReady: count((r) => r.verdict === 'not-ready'),
    bytes: results.reduce((a, r) => a + (r.backup?.bytes ?? 0), 0),
  };
}

/** The file name asked of the controller: its name, then a token of this run and attempt ("AHU-01_k3f9-2"). */
function attemptFileName(name: string, runId: string, attempt: number): string {
  const token = `_${runId.slice(-4)}-${attempt}`;
  return `${defaultFileName(name).slice(0, MAX_FILE_NAME - token.length)}${token}`;
}

/** A controller of a run that has not ended yet: its identity, not backed up, with the attempts made so far. */
export function blankResult(c: InventoryController, attempts: number): ControllerRunResult {
  return {
    controllerId: c.id,
    name: c.name,
    site: c.site,
    host: c.host,
    port: c.port,
    status: 'pending',
    verdict: 'not-ready',
    verdictReason: 'Not backed up yet.',
    attempts,
    device: null,
    backup: null,
    error: null,
    startedAt: null,
    finishedAt: null,
  };
}

function cancelledResult(r: ControllerRunResult): ControllerRunResult {
  const error = toErrorInfo(new CodedError('CANCELLED', 'Cancelled before it started.'));
  return { ...r, status: 'cancelled', verdict: 'not-ready', verdictReason: 'Cancelled.', error, finishedAt: now() };
}

function now(): string {
  return new Date().toISOString();
}
