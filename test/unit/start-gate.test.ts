import { afterEach, describe, expect, it, vi } from 'vitest';
import { StartGate } from '../../main/core/runs/start-gate';

afterEach(() => {
  vi.useRealTimers();
});

/** A gate whose idea of the loop's business is set by the test. */
function gateWith(busy: { value: number }, starting = 1): StartGate {
  return new StartGate({ starting, tickMs: 10, idleBelow: 0.5, maxWaitMs: 500, busy: () => busy.value, now: () => Date.now() });
}

describe('StartGate', () => {
  it('lets `starting` controllers in at once, and the next one only when one of them has started', async () => {
    vi.useFakeTimers();
    const busy = { value: 1 };
    const gate = gateWith(busy, 2);
    const a = await gate.enter();
    await gate.enter();
    const order: string[] = [];
    const third = gate.enter().then((leave) => {
      order.push('third');
      return leave;
    });
    await vi.advanceTimersByTimeAsync(100);
    expect(order).toEqual([]);
    expect(gate.waitingCount).toBe(1);
    a();
    a(); // twice is once: the second call must not let a fourth in
    await third;
    expect(order).toEqual(['third']);
    expect(gate.waitingCount).toBe(0);
    const fourth = vi.fn();
    void gate.enter().then(fourth);
    await vi.advanceTimersByTimeAsync(100);
    expect(fourth).not.toHaveBeenCalled();
  });

  it('hands turns out in arrival order', async () => {
    vi.useFakeTimers();
    const gate = gateWith({ value: 1 });
    const first = await gate.enter();
    const order: number[] = [];
    const leaves = [1, 2, 3].map((n) =>
      gate.enter().then((leave) => {
        order.push(n);
        return leave;
      }),
    );
    first();
    (await leaves[0]!)();
    (await leaves[1]!)();
    await leaves[2];
    expect(order).toEqual([1, 2, 3]);
  });

  it('while the loop is idle (the starts wait for the network), lets one more in per tick', async () => {
    vi.useFakeTimers();
    const busy = { value: 0.1 };
    const gate = gateWith(busy);
    await gate.enter(); // a slow controller that never finishes starting
    const admitted = vi.fn();
    for (let i = 0; i < 3; i++) void gate.enter().then(admitted);
    await vi.advanceTimersByTimeAsync(10);
    expect(admitted).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(20);
    expect(admitted).toHaveBeenCalledTimes(3);
    expect(gate.waitingCount).toBe(0);
  });

  it('while the loop is busy, ticks let nobody in', async () => {
    vi.useFakeTimers();
    const busy = { value: 0.9 };
    const gate = gateWith(busy);
    const leave = await gate.enter();
    const admitted = vi.fn();
    void gate.enter().then(admitted);
    await vi.advanceTimersByTimeAsync(200);
    expect(admitted).not.toHaveBeenCalled();
    busy.value = 0.2;
    await vi.advanceTimersByTimeAsync(10);
    expect(admitted).toHaveBeenCalledTimes(1);
    leave();
  });

  it('however busy the loop, a controller slow to connect holds the next back for maxWaitMs at most', async () => {
    vi.useFakeTimers();
    const gate = gateWith({ value: 1 });
    await gate.enter(); // connecting to a controller that drops packets: 15 s until its timeout
    const admitted = vi.fn();
    for (let i = 0; i < 2; i++) void gate.enter().then(admitted);
    await vi.advanceTimersByTimeAsync(490);
    expect(admitted).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(20);
    expect(admitted).toHaveBeenCalledTimes(1);
    // The next one waits its own half second from that admission.
    await vi.advanceTimersByTimeAsync(480);
    expect(admitted).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(30);
    expect(admitted).toHaveBeenCalledTimes(2);
  });

  it('a controller cancelled while it waits leaves the line at once, and the line goes on without it', async () => {
    vi.useFakeTimers();
    const gate = gateWith({ value: 1 });
    const first = await gate.enter();
    const cancel = new AbortController();
    const order: string[] = [];
    const cancelled = gate.enter(cancel.signal).then((leave) => {
      order.push('cancelled');
      return leave;
    });
    const next = gate.enter().then((leave) => {
      order.push('next');
      return leave;
    });
    cancel.abort();
    (await cancelled)(); // its turn holds nothing: leaving it lets nobody in
    expect(order).toEqual(['cancelled']);
    expect(gate.waitingCount).toBe(1);
    first();
    await next;
    expect(order).toEqual(['cancelled', 'next']);
    expect(gate.waitingCount).toBe(0);
  });

  it('measures the real event loop by default: a blocked loop keeps the next start waiting', async () => {
    const gate = new StartGate({ starting: 1, tickMs: 5, idleBelow: 0.5 });
    const leave = await gate.enter();
    let admitted = false;
    void gate.enter().then(() => (admitted = true));
    // Three ticks' worth of synchronous work: every tick that runs sees a loop busy all along.
    const until = performance.now() + 40;
    while (performance.now() < until) {
      /* busy */
    }
    await new Promise((r) => setImmediate(r));
    expect(admitted).toBe(false);
    leave();
    await new Promise((r) => setImmediate(r));
    expect(admitted).toBe(true);
  });
});
