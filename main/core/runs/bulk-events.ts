import type { BackupPhase } from '../backup/pipeline';
import type { ErrorCode } from '../../../shared/errors';
import type { ControllerRunResult, RunRecord, Verdict } from './run-types';

/** A controller's state during a run, as listeners see it. */
export interface ControllerEvent {
  type: 'controller';
  runId: string;
  controllerId: string;
  status: ControllerRunResult['status'] | 'retry-wait';
  phase: BackupPhase | null;
  /** 0..1 within the phase. */
  progress: number;
  bytes: number;
  totalBytes: number | null;
  message: string;
  attempt: number;
  /**
   * Controllers of the run whose end has been announced, this one included if it just ended (never lags).
   * Always set by the runner; absent in events a view makes up for itself.
   */
  runDone?: number;
  /** Controllers in the run (set by the runner). */
  runTotal?: number;
  /** Set once the controller is done: how it ended, so a live view needs no wait for the run's record. */
  outcome?: { verdict: Verdict; verdictReason: string | null; errorCode: ErrorCode | null };
}

/** The whole run at a glance. */
export interface RunProgressEvent {
  type: 'run-progress';
  runId: string;
  total: number;
  done: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  running: number;
  bytes: number;
  bytesPerSecond: number;
  /** Seconds left, estimated from the controllers done so far; null until one is done. */
  etaSeconds: number | null;
}

/** The run ended (finished, cancelled, or every controller done). */
export interface RunFinishedEvent {
  type: 'run-finished';
  runId: string;
  record: RunRecord;
}

/** Everything a bulk run tells its listener. */
export type BulkEvent = ControllerEvent | RunProgressEvent | RunFinishedEvent;

/**
 * Keeps hundreds of controllers from flooding a listener: status changes go out at once, phase progress is
 * held (latest per controller) and flushed with one run-progress event per interval.
 */
export class ProgressCoalescer {
  private readonly pending = new Map<string, ControllerEvent>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly emit: (e: BulkEvent) => void,
    private readonly runProgress: () => RunProgressEvent,
    private readonly intervalMs: number,
  ) {}

  /** A status change: delivered now, after any held progress of the same controller is dropped. */
  state(event: ControllerEvent): void {
    this.pending.delete(event.controllerId);
    this.emit(event);
    this.schedule();
  }

  /** Phase progress: only the latest per controller survives until the next flush. */
  progress(event: ControllerEvent): void {
    this.pending.set(event.controllerId, event);
    this.schedule();
  }

  /** Delivers everything held, and the run's totals. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const e of this.pending.values()) this.emit(e);
    this.pending.clear();
    this.emit(this.runProgress());
  }

  /** Stops the timer (the run is over). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.intervalMs);
  }
}
