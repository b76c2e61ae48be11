import { useEffect, useState } from 'react';
import type { ControllerEvent } from '../../../../preload/api';

/** Bytes seen at a moment, and the smoothed rate up to it. */
export interface RateSample {
  bytes: number;
  at: number;
  rate: number | null;
}

/** How the download is going: its rate, or for how long no byte has arrived. */
export interface TransferState {
  rate: number | null;
  /** Whole seconds without a new byte once that passes STALL_AFTER_MS; null while bytes flow. */
  stalledSeconds: number | null;
}

// Events arrive coalesced (about 10 a second): one interval alone jumps around, so each new reading moves the
// shown rate only part of the way.
const SMOOTHING = 0.3;
/** Main sends progress only when bytes arrive: this long without an event means the download is stuck. */
const STALL_AFTER_MS = 3000;

/** The next download rate (bytes/s) from the previous sample and the bytes now; null until two readings exist. */
export function nextRate(previous: RateSample | null, bytes: number, at: number): RateSample {
  if (!previous || bytes < previous.bytes) return { bytes, at, rate: null };
  const seconds = (at - previous.at) / 1000;
  if (seconds <= 0 || bytes === previous.bytes) return { ...previous, bytes, at: seconds <= 0 ? previous.at : at };
  const now = (bytes - previous.bytes) / seconds;
  const rate = previous.rate === null ? now : previous.rate + SMOOTHING * (now - previous.rate);
  return { bytes, at, rate };
}

/**
 * The download rate of a controller's live event, from successive events; a download that has gone quiet says
 * so instead of showing its last rate forever.
 */
export function useTransferRate(event: ControllerEvent | undefined, clock: () => number = Date.now): TransferState {
  // The sample follows the events: each new event (a new object from the store) moves it once, during the render
  // that first sees that event (React's "storing information from previous renders").
  const [seen, setSeen] = useState(event);
  const [sample, setSample] = useState<RateSample | null>(() => sampleAfter(null, event, clock()));
  let current = sample;
  if (event !== seen) {
    current = sampleAfter(sample, event, clock());
    setSeen(event);
    setSample(current);
  }
  // Ticks once a second while downloading, only so a quiet download is re-rendered and seen as quiet.
  const [, setTick] = useState(0);
  const downloading = current !== null;
  useEffect(() => {
    if (!downloading) return;
    const timer = setInterval(() => setTick((t) => t + 1), 1000);
    return () => clearInterval(timer);
  }, [downloading]);
  if (!current) return { rate: null, stalledSeconds: null };
  const quiet = clock() - current.at;
  return quiet >= STALL_AFTER_MS
    ? { rate: null, stalledSeconds: Math.floor(quiet / 1000) }
    : { rate: current.rate, stalledSeconds: null };
}

/** The sample once `event` is seen: the rate moves on while the download runs, and starts over after it. */
function sampleAfter(previous: RateSample | null, event: ControllerEvent | undefined, at: number): RateSample | null {
  return event?.phase === 'downloading' && event.status === 'running' ? nextRate(previous, event.bytes, at) : null;
}
