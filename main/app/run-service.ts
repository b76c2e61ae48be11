import { writeRunReports } from '../core/reports/reports';
import type { BulkEvent } from '../core/runs/bulk-events';
import {
  blankResult,
  resumeBulkRun,
  startBulkRun,
  totals,
  type BulkRun,
  type BulkSettings,
  type ControllerCredentials,
} from '../core/runs/bulk-runner';
import { listRunIds, readJournal, type JournalState } from '../core/runs/run-journal';
import type { ControllerRunResult, RunRecord } from '../../shared/run-record';
import { CodedError } from '../core/errors';
import type { InventoryController } from '../../shared/inventory';
import type { RunSummary, Settings } from '../../preload/api';
import type { AppContext } from './app-context';

/** What a run needs besides its controllers: how to log in and trust, per controller. */
export interface RunAccess {
  credentials: (c: InventoryController) => Promise<ControllerCredentials>;
  trust: (c: InventoryController) => Promise<{ pin?: string }>;
  afterSuccess?: BulkSettings['afterSuccess'];
  fileName?: BulkSettings['fileName'];
}

/**
 * The runs of the app: starts, resumes and cancels them, forwards their events to the window (with taskbar
 * progress and a notification at the end), writes every run's report, and lists runs from their journals so
 * a run survives an app restart.
 */
export class RunService {
  private readonly active = new Map<string, BulkRun>();
  /** Run ids being started or resumed, reserved before the first await so a double click cannot run one twice. */
  private readonly reserved = new Set<string>();
  /** Controllers in some active run: one controller is never backed up by two runs at once. */
  private readonly busy = new Map<string, string>();
  /** The claim token of each run's latest start or resume. */
  private readonly owners = new Map<string, string>();
  private starts = 0;
  /** Each ended run's reports and notification, still being written after it said it was over. */
  private readonly finishing = new Set<Promise<void>>();

  constructor(private readonly ctx: AppContext) {}

  /** Runs in progress (closing the window during one asks first). */
  activeCount(): number {
    return this.active.size;
  }

  /** Resolves once every ended run's reports are on disk: quitting waits for it, so no report is cut short. */
  async settled(): Promise<void> {
    while (this.finishing.size > 0) await Promise.all([...this.finishing]);
  }

  /** Starts a run over `controllers` with the app settings. */
  async start(
    controllers: InventoryController[],
    settings: Settings,
    options: Pick<BulkSettings, 'target' | 'dataTypes' | 'envysion' | 'trustNew'>,
    access: RunAccess,
  ): Promise<{ runId: string }> {
    const release = this.claim(
      controllers.map((c) => c.id),
      'new',
    );
    try {
      const run = await startBulkRun(controllers, {
        ...this.bulkSettings(settings, access),
        ...options,
        format: settings.format,
      });
      return this.track(
        run,
        settings,
        controllers.map((c) => c.id),
      );
    } finally {
      release();
    }
  }

  /** Resumes an interrupted (or finished, to retry what failed) run. */
  async resume(runId: string, settings: Settings, access: RunAccess): Promise<{ runId: string }> {
    if (this.active.has(runId) || this.reserved.has(runId))
      throw new CodedError('INVALID_INPUT', 'This run is still going.');
    this.reserved.add(runId);
    let release = (): void => undefined;
    try {
      const ids = (await this.get(runId)).results.map((r) => r.controllerId);
      release = this.claim(ids, `resume:${runId}`);
      const run = await resumeBulkRun(runId, { ...this.bulkSettings(settings, access), format: settings.format });
      return this.track(run, settings, ids);
    } finally {
      release();
      this.reserved.delete(runId);
    }
  }

  /** Marks controllers busy for a run being set up; throws if one already is. Returns the undo for a failed start. */
  private claim(ids: string[], owner: string): () => void {
    const taken = ids.filter((id) => this.busy.has(id));
    if (taken.length > 0) {
      throw new CodedError(
        'INVALID_INPUT',
        `${taken.length} of these controllers are already being backed up by another run: wait for it, or cancel it.`,
      );
    }
    for (const id of ids) this.busy.set(id, owner);
    return () => {
      for (const id of ids) if (this.busy.get(id) === owner) this.busy.delete(id);
    };
  }

  /** Frees the controllers a start or resume claimed, unless a later one has claimed them since. */
  private release(owner: string): void {
    for (const [id, holder] of this.busy) if (holder === owner) this.busy.delete(id);
  }

  /** Cancels a whole run, or one controller of it. */
  cancel(runId: string, controllerId?: string): null {
    const run = this.active.get(runId);
    if (!run) throw new CodedError('INVALID_INPUT', 'This run is not running.');
    run.cancel(controllerId);
    return null;
  }

  /** Every run this laptop has a journal of, newest first. */
  async list(): Promise<RunSummary[]> {
    const out: RunSummary[] = [];
    for (const runId of await listRunIds(this.ctx.dataDir)) {
      let state: JournalState;
      try {
        state = await readJournal(this.ctx.dataDir, runId);
      } catch (err) {
        out.push({
          runId,
          sites: [],
          startedAt: '',
          finishedAt: null,
          finished: false,
          totals: totals([]),
          damaged: (err as Error).message,
        });
        continue;
      }
      const record = recordOf(state);
      out.push({
        runId,
        sites: record.sites,
        startedAt: record.startedAt,
        finishedAt: record.finishedAt,
        finished: state.finished,
        totals: record.totals,
      });
    }
    return out;
  }

  /** A run as its journal tells it. */
  async get(runId: string): Promise<RunRecord> {
    return recordOf(await readJournal(this.ctx.dataDir, runId));
  }

  private bulkSettings(
    settings: Settings,
    access: RunAccess,
  ): Omit<BulkSettings, 'target' | 'dataTypes' | 'envysion' | 'format'> {
    return {
      dataDir: this.ctx.dataDir,
      archiveRoot: settings.archiveFolder,
      concurrency: settings.concurrency,
      perSite: settings.perSite,
      timeouts: { connectMs: settings.connectTimeoutSeconds * 1000 },
      wait: { jobTimeoutMs: settings.jobTimeoutMinutes * 60_000 },
      ...(this.ctx.logs ? { logger: this.ctx.logs.logger } : {}),
      ...access,
      onEvent: (e) => this.forward(e),
    };
  }

  private track(run: BulkRun, settings: Settings, ids: string[]): { runId: string } {
    this.active.set(run.runId, run);
    // The setup claim is released by the caller; the run itself holds its controllers until it says it is over.
    // A token per start: a retry of the same run id claims them afresh, and this run's late cleanup must not
    // release that claim.
    const owner = `${run.runId}#${++this.starts}`;
    this.owners.set(run.runId, owner);
    for (const id of ids) this.busy.set(id, owner);
    const finishing = run.done
      .then(async (record) => {
        await writeRunReports(settings.archiveFolder, record).catch((err: unknown) =>
          this.ctx.logs?.logger.error('run reports not written', { runId: run.runId, error: err }),
        );
        const t = record.totals;
        this.ctx.desktop.notify(
          'Backup run finished',
          `${t.succeeded} of ${t.total} controllers backed up; ${t.ready} ready for upgrade.`,
        );
      })
      .catch(() => undefined)
      .finally(() => {
        if (this.active.get(run.runId) === run) this.active.delete(run.runId);
        this.release(owner);
        if (this.active.size === 0) this.ctx.desktop.setProgress(null);
        this.finishing.delete(finishing);
      });
    this.finishing.add(finishing);
    return { runId: run.runId };
  }

  private forward(e: BulkEvent): void {
    if (e.type === 'run-progress') {
      this.ctx.emit('run:progress', e);
      this.ctx.desktop.setProgress(e.total > 0 ? e.done / e.total : null);
    } else if (e.type === 'controller') this.ctx.emit('run:controller', e);
    else {
      // Over as soon as it says so (its journal is closed by then): the window may be closed without asking,
      // and "Retry failed" clicked at once must find its controllers free, not held while reports are written.
      this.active.delete(e.runId);
      const owner = this.owners.get(e.runId);
      if (owner) this.release(owner);
      this.ctx.emit('run:finished', { runId: e.runId, record: e.record });
    }
  }
}

/** Rebuilds a run's record from its journal: the start, and each controller's last result. */
function recordOf(state: JournalState): RunRecord {
  const results: ControllerRunResult[] = state.start.controllers.map(
    (c) => state.results.get(c.id) ?? blankResult(c, state.attempts.get(c.id) ?? 0),
  );
  const finishedAt = state.finished
    ? results.reduce<string | null>((a, r) => (r.finishedAt && (!a || r.finishedAt > a) ? r.finishedAt : a), null)
    : null;
  return { ...state.start.run, finishedAt, totals: totals(results), results };
}
