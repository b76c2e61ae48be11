import { performance } from 'node:perf_hooks';

/** How busy this process's event loop was since the previous call (0..1). */
export type LoopBusy = () => number;

/** Options of a StartGate; the defaults are the bulk runner's. */
export interface StartGateOptions {
  /** Controllers that may be starting (connecting, discovering, listing) at once while the loop is busy. */
  starting: number;
  /** While controllers wait, how often the loop is looked at (ms). */
  tickMs: number;
  /** Below this share of busy time during a tick, the loop is waiting on the network: one more may start. */
  idleBelow: number;
  /** However busy the loop, one more starts when nobody did for this long (a controller slow to connect). */
  maxWaitMs: number;
  busy?: LoopBusy;
  now?: () => number;
}

const DEFAULT_START_GATE: StartGateOptions = { starting: 1, tickMs: 10, idleBelow: 0.5, maxWaitMs: 500 };

/**
 * Lets controllers that got a slot start one after another when starting them is what keeps this process busy.
 *
 * Starting a controller (TLS handshake, discovery, file list) is mostly work on this one thread when the
 * controllers answer fast. When twenty slots free up together, twenty starts interleave on the thread and
 * every one of them finishes only when all have (measured in bench/bulk-schedule.ts: the starts of a wave
 * took 90 ms on average, 15 ms when made one after another, and the run's wall time fell from 1.10–1.12 to
 * 1.065–1.07 of the ideal).
 * On a real site the same starts mostly wait for the network: the loop is idle, and every tick lets one more
 * start. And whatever the load, one more starts when nobody did for `maxWaitMs`: a controller that takes its
 * whole connect timeout to fail holds the others back by half a second at most.
 */
export class StartGate {
  private readonly o: StartGateOptions;
  private readonly busy: LoopBusy;
  private readonly now: () => number;
  private inside = 0;
  private lastAdmitted = 0;
  private readonly waiting: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(options: Partial<StartGateOptions> = {}) {
    this.o = { ...DEFAULT_START_GATE, ...options };
    this.busy = this.o.busy ?? loopBusy();
    this.now = this.o.now ?? (() => performance.now());
  }

  /**
   * Waits for a turn to start; call the returned function once started (it is safe to call it twice). A
   * controller cancelled while it waits leaves the line at once, with a turn that holds nothing.
   */
  async enter(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return () => undefined;
    if (this.inside >= this.o.starting) {
      const admitted = await new Promise<boolean>((resolve) => {
        const onAbort = (): void => {
          const i = this.waiting.indexOf(turn);
          if (i >= 0) this.waiting.splice(i, 1);
          if (this.waiting.length === 0) this.unwatch();
          resolve(false);
        };
        const turn = (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve(true);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiting.push(turn);
        this.watch();
      });
      if (!admitted) return () => undefined;
    } else this.inside++;
    this.lastAdmitted = this.now();
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.leave();
    };
  }

  /** Controllers waiting for their turn. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  private leave(): void {
    const next = this.waiting.shift();
    // The turn passes straight to the next in line (the count stays), or is given back.
    if (next) next();
    else this.inside--;
    if (this.waiting.length === 0) this.unwatch();
  }

  private watch(): void {
    if (this.timer) return;
    this.busy();
    this.timer = setInterval(() => {
      const idle = this.busy() < this.o.idleBelow;
      if (!idle && this.now() - this.lastAdmitted < this.o.maxWaitMs) return;
      const next = this.waiting.shift();
      if (next) {
        this.inside++;
        next();
      }
      if (this.waiting.length === 0) this.unwatch();
    }, this.o.tickMs);
    this.timer.unref?.();
  }

  private unwatch(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** The event loop's utilisation since the previous call, from perf_hooks. */
function loopBusy(): LoopBusy {
  let last = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const share = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    return share;
  };
}
