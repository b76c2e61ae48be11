import type { RunRecord } from '../../../shared/run-record';
import type { ControllerEvent, RunProgressEvent } from '../../../shared/run-events';

/** The run ended (finished, cancelled, or every controller done). */
interface RunFinishedEvent {
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
