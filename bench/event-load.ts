/**
 * The load a bulk run puts on the window: how many messages reach it per second, and what they cost. A real
 * bulk run (the core's coalescing included: ProgressCoalescer, 100 ms) over simulated controllers whose jobs
 * take 30 to 120 s scaled down by `--factor`, as bench:schedule has them. Every event the run gives
 * RunService is mapped to its channel as RunService does and sent to a "window" as main sends it (main has
 * no throttle of its own since issue 13; commit 9d558a0 of this bench compared one, see bench/RESULTS.md).
 *
 * The window counts the messages and pays what a message costs outside the renderer's own code: the
 * structured clone Electron makes in main (`v8.serialize`, as `webContents.send` does) and the one the
 * renderer makes to read it (`v8.deserialize`). Each message is also one task in the renderer; the store
 * update after it is once per animation frame (renderer/src/bridge/events.ts) whatever the count.
 *
 *   npm run bench:events -- [--count 300] [--concurrency 20] [--factor 40] [--job-s-min 30] [--job-s-max 120] [--size 65536]
 *
 * Scaling the jobs down by the factor multiplies the rate of status changes (a start and an end per job) by
 * the same factor: the figures are a worst case for the window, not a site's.
 */
import os from 'node:os';
import v8 from 'node:v8';
import { startBulkRun } from '../main/core/runs/bulk-runner';
import type { BulkEvent } from '../main/core/runs/bulk-events';
import type { SendEvent } from '../main/ipc';
import type { EventName } from '../preload/api';
import { spreadJobMs } from '../test/simulator/fleet';
import { argNumber, cliLikeSettings, median, percentile, startSiteLikeFleet } from './support/sim-process';

const count = argNumber('--count', 300);
const concurrency = argNumber('--concurrency', 20);
const factor = argNumber('--factor', 40);
const jobMinMs = Math.round((argNumber('--job-s-min', 30) * 1000) / factor);
const jobMaxMs = Math.round((argNumber('--job-s-max', 120) * 1000) / factor);
const size = argNumber('--size', 65536);

/** A window that counts what reaches it, and what its messages cost to clone on each side. */
class Window {
  readonly at: number[] = [];
  readonly byChannel = new Map<EventName, number>();
  bytes = 0;
  serializeMs = 0;
  deserializeMs = 0;

  readonly send: SendEvent = (channel, payload) => {
    const t0 = performance.now();
    const buf = v8.serialize(payload);
    const t1 = performance.now();
    v8.deserialize(buf);
    const t2 = performance.now();
    this.serializeMs += t1 - t0;
    this.deserializeMs += t2 - t1;
    this.bytes += buf.length;
    this.at.push(t0);
    this.byChannel.set(channel, (this.byChannel.get(channel) ?? 0) + 1);
  };
}

async function main(): Promise<void> {
  const fleet = await startSiteLikeFleet(count, jobMinMs, jobMaxMs, size);
  try {
    const w = new Window();
    // RunService.forward (main/app/run-service.ts): the same channels and payloads.
    const onEvent = (e: BulkEvent): void => {
      if (e.type === 'run-progress') w.send('run:progress', e);
      else if (e.type === 'controller') w.send('run:controller', e);
      else w.send('run:finished', { runId: e.runId, record: e.record });
    };
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const run = await startBulkRun(fleet.controllers, cliLikeSettings(fleet, concurrency, { onEvent }));
    const record = await run.done;
    const wallS = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    if (record.totals.succeeded !== count)
      throw new Error(`${count - record.totals.succeeded} of ${count} controllers did not succeed`);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const jobs = Array.from({ length: count }, (_, i) => spreadJobMs(i, jobMinMs, jobMaxMs));
    // Messages per second, in 1 s windows from the start of the run; and in 100 ms windows (a burst).
    const perS = buckets(w.at, t0, 1000, wallS);
    const per100 = buckets(w.at, t0, 100, wallS);
    const ch = [...w.byChannel.entries()].map(([k, v]) => `${k} ${v}`).join(', ');
    process.stdout.write(
      [
        `event-load: ${count} simulated controllers (jobs of ${(jobMinMs * factor) / 1000}–${(jobMaxMs * factor) / 1000} s ÷ ${factor} = ${jobMinMs}–${jobMaxMs} ms, mean ${Math.round(jobs.reduce((x, y) => x + y, 0) / count)} ms), concurrency ${concurrency}, ${os.cpus().length} cores, Node ${process.version}`,
        `  run: ${wallS.toFixed(1)} s, process CPU ${(cpuMs / 1000).toFixed(1)} s`,
        `  to the window: ${w.at.length} messages (${ch}), ${(w.at.length / wallS).toFixed(0)}/s on average; per 1 s: median ${median(perS)}, p90 ${percentile(perS, 0.9)}, max ${Math.max(...perS)}; per 100 ms: max ${Math.max(...per100)}`,
        `  ${(w.bytes / 1024 / 1024).toFixed(1)} MiB cloned; main: serialize ${w.serializeMs.toFixed(0)} ms = ${((w.serializeMs / cpuMs) * 100).toFixed(2)} % of the process's CPU; window: deserialize ${w.deserializeMs.toFixed(0)} ms`,
        '',
      ].join('\n'),
    );
  } finally {
    await fleet.stop();
  }
}

/** Counts of `times` in consecutive windows of `ms` from `t0` over `wallS` seconds. */
function buckets(times: number[], t0: number, ms: number, wallS: number): number[] {
  const out = new Array<number>(Math.max(1, Math.ceil((wallS * 1000) / ms))).fill(0);
  for (const t of times) {
    const i = Math.min(out.length - 1, Math.max(0, Math.floor((t - t0) / ms)));
    out[i]!++;
  }
  return out;
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
