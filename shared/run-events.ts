// What a running bulk run tells its listeners (the app's window, the CLI's progress lines). Types only.
import type { ErrorCode } from './errors';
import type { ControllerRunResult } from './run-record';
import type { Phase, Verdict } from './words';

/** A controller's state during a run, as listeners see it. */
export interface ControllerEvent {
  type: 'controller';
  runId: string;
  controllerId: string;
  status: ControllerRunResult['status'] | 'retry-wait';
  phase: Phase | null;
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
