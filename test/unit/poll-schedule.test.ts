import { describe, expect, it } from 'vitest';
import { PollSchedule, waitForJob, type WaitOptions } from '../../main/core/backup/job-wait';
import type { ControllerApi, JobState } from '../../main/core/device/controller-api';

const OPTS = { pollStartMs: 250, pollMaxMs: 1500, pollMinMs: 200 };
const T0 = 1_000_000;

/** Polls a job whose progress is `progress(t)` at each poll time; returns the poll times (relative to T0). */
function pollTimes(progressAt: (elapsed: number) => number | undefined, until: number): number[] {
  const s = new PollSchedule(OPTS, T0);
  const times: number[] = [];
  for (let at = s.first(); at - T0 < until;) {
    times.push(at - T0);
    at = s.next(at, progressAt(at - T0));
  }
  return times;
}

describe('when a job is polled', () => {
  it('without progress: the regular clock, fast at first and backing off to the cap', () => {
    expect(pollTimes(() => undefined, 6500)).toEqual([250, 625, 1188, 2033, 3301, 4801, 6301]);
  });

  it('a poll missed by a slow answer is skipped, not caught up in a burst', () => {
    const s = new PollSchedule(OPTS, T0);
    // The poll planned for +250 was answered only at +1300: the next is the next regular one after that.
    expect(s.next(T0 + 1300) - T0).toBe(2033);
  });

  it('progress pointing at an end before the next regular poll brings that poll forward to it', () => {
    // A 2100 ms job reporting floored 10 % steps: at +2033 it says 90 %, so the end is expected at
    // 2033 / 0.9 = 2259 ms, long before the regular +3301.
    const steps = (elapsed: number): number => Math.min(90, Math.floor(elapsed / 210) * 10);
    const times = pollTimes(steps, 2300);
    expect(times).toEqual([250, 625, 1188, 2033, 2259]);
  });

  it('never polls sooner than the minimum gap, however near the estimate', () => {
    const s = new PollSchedule(OPTS, T0);
    // 99 % at +1188: the estimate (+1200) is 12 ms away; the poll waits the minimum 200 ms.
    s.next(T0 + 250, 10);
    s.next(T0 + 625, 30);
    expect(s.next(T0 + 1188, 99) - T0).toBe(1388);
  });

  it('never puts a poll off: a far estimate leaves the regular clock as it is', () => {
    const s = new PollSchedule(OPTS, T0);
    expect(s.next(T0 + 250, 1) - T0).toBe(625);
  });

  it('backs off when early polls keep finding the job running (progress that misleads)', () => {
    // A job stuck at 95 % from +2000: every estimate is in the past, so each early poll comes 1.5× later than
    // the last, and over a minute it is polled hardly more than without progress.
    const stuck = (e: number): number | undefined => (e < 2000 ? undefined : 95);
    const times = pollTimes(stuck, 60_000);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(times.slice(0, 4)).toEqual([250, 625, 1188, 2033]);
    expect(gaps.slice(3, 6)).toEqual([200, 300, 450]);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(200);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(1500);
    const regular = pollTimes(() => undefined, 60_000);
    expect(times.length).toBeLessThanOrEqual(regular.length + 8);
  });

  it('a minimum gap above the cap is held to the cap', () => {
    const s = new PollSchedule({ pollStartMs: 20, pollMaxMs: 50, pollMinMs: 200 }, T0);
    let at = s.first();
    for (let i = 0; i < 20; i++) {
      const next = s.next(at, 99);
      expect(next - at).toBeLessThanOrEqual(50);
      at = next;
    }
  });
});

describe('waitForJob', () => {
  const fakeApi = (states: JobState[], asked: number[]): ControllerApi =>
    ({
      getJob: async () => {
        asked.push(Date.now());
        return states.shift() ?? { progress: 100, status: 'completed' };
      },
    }) as unknown as ControllerApi;
  const wait: WaitOptions = {
    ...OPTS,
    pollStartMs: 5,
    pollMaxMs: 10,
    pollMinMs: 5,
    jobTimeoutMs: 60_000,
    listingGraceMs: 1000,
    fileCheckMs: 60_000,
  };

  it('for a job it just created, does not ask at once (it has only begun)', async () => {
    const asked: number[] = [];
    const started = Date.now();
    await expect(waitForJob(fakeApi([{ progress: 0, status: 'running' }], asked), 'j', wait, started)).resolves.toEqual(
      { kind: 'completed' },
    );
    expect(asked).toHaveLength(2);
    expect(asked[0]! - started).toBeGreaterThanOrEqual(4);
  });

  it('re-attaching to an older job, asks at once', async () => {
    const asked: number[] = [];
    const before = Date.now();
    await expect(waitForJob(fakeApi([], asked), 'j', { ...wait, pollStartMs: 10_000 })).resolves.toEqual({
      kind: 'completed',
    });
    expect(asked).toHaveLength(1);
    expect(asked[0]! - before).toBeLessThan(5_000);
  });
});
