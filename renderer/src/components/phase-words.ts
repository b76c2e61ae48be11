import type { ControllerEvent } from '../../../preload/api';
import { formatBytes, formatRate } from './format';

/** What a controller is doing, in words ("Controller is building the backup — 42 %"); never a bare spinner. */
export function phaseWords(e: Pick<ControllerEvent, 'status' | 'phase' | 'progress' | 'bytes' | 'totalBytes' | 'message' | 'attempt'>, bytesPerSecond?: number | null): string {
  switch (e.status) {
    case 'pending':
      return 'Waiting';
    case 'retry-wait':
      return `Waiting to try again — attempt ${e.attempt + 1} next${e.message ? ` (${e.message})` : ''}`;
    case 'succeeded':
      return 'Saved';
    case 'failed':
      return e.message ? `Failed — ${e.message}` : 'Failed';
    case 'cancelled':
      return 'Cancelled';
    default:
      break;
  }
  switch (e.phase) {
    case 'connecting':
      return 'Connecting';
    case 'listing':
      return 'Reading the controller';
    case 'creating':
      return 'Asking the controller for a backup';
    case 'waiting':
      return `Controller is building the backup — ${Math.round(e.progress * 100)} %`;
    case 'downloading': {
      const of = e.totalBytes ? ` of ${formatBytes(e.totalBytes)}` : '';
      const rate = bytesPerSecond ? ` · ${formatRate(bytesPerSecond)}` : '';
      return `Downloading ${formatBytes(e.bytes)}${of}${rate}`;
    }
    case 'verifying':
      return 'Verifying';
    case 'previewing':
      return 'Checking the backup restores';
    case 'saving':
      return 'Saving to the archive';
    case 'done':
      return 'Saved';
    default:
      return 'Starting';
  }
}

/** The fraction of a controller's whole backup done, for a progress bar (the controller's work weighs most). */
export function overallFraction(e: Pick<ControllerEvent, 'status' | 'phase' | 'progress'>): number {
  if (e.status === 'succeeded') return 1;
  const p = Math.min(1, Math.max(0, e.progress));
  switch (e.phase) {
    case 'connecting':
    case 'listing':
      return 0.02;
    case 'creating':
      return 0.05;
    case 'waiting':
      return 0.05 + 0.55 * p;
    case 'downloading':
      return 0.6 + 0.3 * p;
    case 'verifying':
    case 'previewing':
      return 0.92;
    case 'saving':
    case 'done':
      return 0.97;
    default:
      return 0;
  }
}
