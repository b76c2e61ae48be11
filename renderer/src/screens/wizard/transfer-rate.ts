import { useRef } from 'react';
import type { ControllerEvent } from '../../../../preload/api';

/** Bytes seen at a moment, and the smoothed rate up to it. */
export interface RateSample {
  bytes: number;
  at: number;
  rate: number | null;
}

// Events arrive coalesced (about 10 a second): one interval alone jumps around, so each new reading moves the
// shown rate only part of the way.
const SMOOTHING = 0.3;

/** The next download rate (bytes/s) from the previous sample and the bytes now; null until two readings exist. */
export function nextRate(previous: RateSample | null, bytes: number, at: number): RateSample {
  if (!previous || bytes < previous.bytes) return { bytes, at, rate: null };
  const seconds = (at - previous.at) / 1000;
  if (seconds <= 0 || bytes === previous.bytes) return { ...previous, bytes, at: seconds <= 0 ? previous.at : at };
  const now = (bytes - previous.bytes) / seconds;
  const rate = previous.rate === null ? now : previous.rate + SMOOTHING * (now - previous.rate);
  return { bytes, at, rate };
}

/** The download rate of a controller's live event, computed from successive events while it downloads. */
export function useTransferRate(event: ControllerEvent | undefined, clock: () => number = Date.now): number | null {
  const sample = useRef<RateSample | null>(null);
  const seen = useRef<ControllerEvent | undefined>(undefined);
  if (event !== seen.current) {
    seen.current = event;
    sample.current = event?.phase === 'downloading' ? nextRate(sample.current, event.bytes, clock()) : null;
  }
  return sample.current?.rate ?? null;
}
