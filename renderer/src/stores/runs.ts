import { create } from 'zustand';
import type {
  ApiError,
  CallRequest,
  ControllerEvent,
  RunProgressEvent,
  RunRecord,
  RunReportFiles,
  RunSummary,
} from '../../../preload/api';
import type { Locale } from '../../../shared/locale';
import { eclypse, toApiError, unwrap } from '../bridge/eclypse';

/** A run this window started or saw events of, as it goes. */
export interface LiveRun {
  runId: string;
  kind: 'backup' | 'bulk';
  /** The controllers in the order they were asked for (rows keep their place while statuses change). */
  controllerIds: string[];
  progress: RunProgressEvent | null;
  controllers: Record<string, ControllerEvent>;
  /** When each controller's latest event arrived (ms): a running one that has said nothing for long is stalled. */
  seenAt: Record<string, number>;
  /** Each controller's short log: a line per change of status or phase, the newest last (at most LOG_LINES). */
  log: Record<string, LogLine[]>;
  /** Set when the run has finished: every controller's result. */
  record: RunRecord | null;
}

/** A line of a controller's log in a run: when, and the event as it was (worded when shown, in any language). */
interface LogLine {
  at: number;
  event: ControllerEvent;
}

/** How many log lines are kept per controller (a run of 2,000 keeps a bounded amount). */
const LOG_LINES = 12;

interface RunsState {
  live: Record<string, LiveRun>;
  /** Every run with a journal on this laptop, newest first. */
  history: RunSummary[];
  historyError: ApiError | null;
  loadHistory(): Promise<void>;
  /** Starts a bulk run; throws ApiFailure when main refuses. */
  startBulk(request: CallRequest<'bulk:start'>): Promise<string>;
  /** Starts the wizard's one-controller backup; throws ApiFailure when main refuses. */
  startBackup(request: CallRequest<'backup:start'>): Promise<string>;
  /** Resumes an interrupted run, or retries what failed in a finished one (`password`: see runs:resume). */
  resume(runId: string, password?: string): Promise<void>;
  cancel(runId: string, controllerId?: string): Promise<void>;
  /** A run's record from its journal (for a run of an earlier session). */
  loadRecord(runId: string): Promise<RunRecord>;
  /** Makes a finished run of an earlier session showable as a run (rows, failures, "Retry failed"). */
  openPast(runId: string): Promise<void>;
  /** Writes a run's reports (HTML, CSV, JSON) into the archive's report folder; the files written. */
  exportReport(runId: string, language: Locale): Promise<RunReportFiles>;
  /** Event intake: only bridge/events.ts calls these. */
  receiveProgress(event: RunProgressEvent): void;
  receiveControllers(events: ControllerEvent[]): void;
  receiveFinished(runId: string, record: RunRecord): void;
}

function blank(runId: string, kind: LiveRun['kind'] = 'bulk', controllerIds: string[] = []): LiveRun {
  return { runId, kind, controllerIds, progress: null, controllers: {}, seenAt: {}, log: {}, record: null };
}

/** Whether an event is worth a log line: a new status or phase (not each progress tick). */
function changes(previous: ControllerEvent | undefined, e: ControllerEvent): boolean {
  return !previous || previous.status !== e.status || previous.phase !== e.phase || previous.attempt !== e.attempt;
}

/** Runs: the live ones (fed by events) and the history (from the journals). */
export const useRuns = create<RunsState>((set, get) => {
  /** Registers a run just started; events may already have created it (a fast run can finish first). */
  const begin = (runId: string, kind: LiveRun['kind'], controllerIds: string[]): void =>
    set((s) => {
      const existing = s.live[runId];
      // A new run id: whatever events made of it is this run's own, its record included (a controller with a
      // changed certificate fails in milliseconds, before main's answer to the start arrives). Resume builds its
      // fresh run itself.
      const fresh = existing ? { ...existing, kind, controllerIds } : blank(runId, kind, controllerIds);
      return { live: { ...s.live, [runId]: fresh } };
    });

  return {
    live: {},
    history: [],
    historyError: null,
    loadHistory: async () => {
      try {
        set({ history: unwrap(await eclypse().runsList({})), historyError: null });
      } catch (err) {
        set({ historyError: toApiError(err) });
      }
    },
    startBulk: async (request) => {
      const { runId } = unwrap(await eclypse().bulkStart(request));
      begin(runId, 'bulk', request.controllerIds);
      void get().loadHistory();
      return runId;
    },
    startBackup: async (request) => {
      const { runId } = unwrap(await eclypse().backupStart(request));
      begin(runId, 'backup', [request.controllerId]);
      return runId;
    },
    resume: async (runId, password) => {
      const previous = get().live[runId];
      const record = previous?.record ?? unwrap(await eclypse().runsGet({ runId }));
      const run = blank(
        runId,
        previous?.kind ?? 'bulk',
        record.results.map((r) => r.controllerId),
      );
      // Controllers already backed up stay shown as such: the resume does not contact them again.
      for (const r of record.results.filter((x) => x.status === 'succeeded')) {
        run.controllers[r.controllerId] = {
          type: 'controller',
          runId,
          controllerId: r.controllerId,
          status: 'succeeded',
          phase: 'done',
          progress: 1,
          bytes: r.backup?.bytes ?? 0,
          totalBytes: r.backup?.bytes ?? null,
          message: 'Backed up earlier in this run',
          attempt: r.attempts,
          outcome: { verdict: r.verdict, verdictReason: r.verdictReason, errorCode: null },
        };
      }
      // In place before the call: the resumed run's events (its end too, when every controller fails at once)
      // may arrive before main's answer, and must land in this fresh run, not be wiped by it.
      set((s) => ({ live: { ...s.live, [runId]: run } }));
      try {
        unwrap(await eclypse().runsResume(password ? { runId, password } : { runId }));
      } catch (err) {
        set((s) => {
          if (previous) return { live: { ...s.live, [runId]: previous } };
          const { [runId]: _fresh, ...live } = s.live;
          return { live };
        });
        throw err;
      }
      void get().loadHistory();
    },
    cancel: async (runId, controllerId) => {
      unwrap(await eclypse().runCancel(controllerId ? { runId, controllerId } : { runId }));
    },
    loadRecord: async (runId) => unwrap(await eclypse().runsGet({ runId })),
    openPast: async (runId) => {
      if (get().live[runId]?.record) return;
      const record = unwrap(await eclypse().runsGet({ runId }));
      const run = blank(
        runId,
        'bulk',
        record.results.map((r) => r.controllerId),
      );
      for (const r of record.results) {
        run.controllers[r.controllerId] = {
          type: 'controller',
          runId,
          controllerId: r.controllerId,
          status: r.status,
          phase: null,
          progress: 1,
          bytes: r.backup?.bytes ?? 0,
          totalBytes: r.backup?.bytes ?? null,
          message: r.error?.message ?? r.verdictReason ?? (r.status === 'succeeded' ? 'Saved' : ''),
          attempt: r.attempts,
          outcome: { verdict: r.verdict, verdictReason: r.verdictReason, errorCode: r.error?.code ?? null },
        };
      }
      run.record = record;
      // A run that is live in this window keeps its own state (events may still be arriving).
      set((s) => (s.live[runId] ? s : { live: { ...s.live, [runId]: run } }));
    },
    exportReport: async (runId, language) => unwrap(await eclypse().reportExport({ runId, language })),
    receiveProgress: (event) =>
      set((s) => {
        const run = s.live[event.runId] ?? blank(event.runId);
        return { live: { ...s.live, [event.runId]: { ...run, progress: event } } };
      }),
    receiveControllers: (events) =>
      set((s) => {
        const live = { ...s.live };
        // One copy of each run's map per batch, not per event: a frame of 500 events stays linear.
        const touched = new Map<string, { run: LiveRun; known: Set<string>; grown: boolean }>();
        const now = Date.now();
        for (const e of events) {
          let t = touched.get(e.runId);
          if (!t) {
            const run = live[e.runId] ?? blank(e.runId);
            t = {
              run: {
                ...run,
                controllerIds: run.controllerIds,
                controllers: { ...run.controllers },
                seenAt: { ...run.seenAt },
                log: { ...run.log },
              },
              known: new Set(run.controllerIds),
              grown: false,
            };
            touched.set(e.runId, t);
          }
          if (changes(t.run.controllers[e.controllerId], e))
            t.run.log[e.controllerId] = [...(t.run.log[e.controllerId] ?? []), { at: now, event: e }].slice(-LOG_LINES);
          t.run.seenAt[e.controllerId] = now;
          if (!t.known.has(e.controllerId)) {
            t.known.add(e.controllerId);
            if (!t.grown) t.run.controllerIds = [...t.run.controllerIds];
            t.grown = true;
            t.run.controllerIds.push(e.controllerId);
          }
          t.run.controllers[e.controllerId] = e;
        }
        for (const [runId, t] of touched) live[runId] = t.run;
        return { live };
      }),
    receiveFinished: (runId, record) => {
      set((s) => {
        const run =
          s.live[runId] ??
          blank(
            runId,
            'bulk',
            record.results.map((r) => r.controllerId),
          );
        return { live: { ...s.live, [runId]: { ...run, record } } };
      });
      void get().loadHistory();
    },
  };
});

/** The runs going on now (started and not finished). */
export function activeRuns(live: Record<string, LiveRun>): LiveRun[] {
  return Object.values(live).filter((r) => r.record === null && r.progress !== null);
}
