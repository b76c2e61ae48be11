/**
 * The load a bulk run puts on the window: how many messages reach it per second, and what they cost, with and
 * without the coalescing main does in front of the window (`forwardEvents`, main/ipc.ts). A real bulk run (the
 * core's own coalescing included: ProgressCoalescer, 100 ms) over simulated controllers whose jobs take 30 to
 * 120 s scaled down by `--factor`, as bench:schedule has them. Every event the run gives RunService is mapped
 * to its channel as RunService does, then fed to two windows side by side, in the same process and the same
 * run, so the two figures share the machine's load:
 *
 *   A  forwardEvents → window   (the app today)
 *   B  window, directly         (without the middle throttle)
 *
 * A "window" here counts the messages and pays what a message costs outside the renderer's own code: the
 * structured clone Electron makes in main (`v8.serialize`, as `webContents.send` does) and the one the
 * renderer makes to read it (`v8.deserialize`). Each message is also one task in the renderer; the store
 * update after it is once per animation frame (renderer/src/bridge/events.ts) whatever the count.
 *
 *   node dist/bench/event-load.cjs [--count 300] [--concurrency 20] [--factor 40] [--job-s-min 30] [--job-s-max 120] [--size 65536]
 *
 * Scaling the jobs down by the factor multiplies the rate of status changes (a start and an end per job) by
 * the same factor: the figures are a worst case for the window, not a site's.
 */
import os from 'node:os';
import v8 from 'node:v8';
import { startBulkRun } from '../main/core/runs/bulk-runner';
import type { BulkEvent } from '../main/core/runs/bulk-events';
import { forwardEvents, type SendEvent } from '../main/ipc';
import type { EventName } from '../preload/api';
import { spreadJobMs } from '../test/simulator/fleet';
import { argNumber, cliLikeSettings, median, percentile, startSimFleet } from './support/sim-process';

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
  /** Main's time in the path to the window: forwardEvents' own work and main's clone of each message. */
  pathMs = 0;
  private inEmit = false;

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
    // Main's side only: the clone made in main (a batch sent from forwardEvents' timer, outside any emit call,
    // counts too); the renderer's clone is the window's.
    if (this.inEmit) this.windowMsInEmit += t2 - t1;
    else this.pathMs += t1 - t0;
  };

  private windowMsInEmit = 0;

  /** Wraps the emit in front of this window so that the time inside it is counted (sends included). */
  timed(emit: SendEvent): SendEvent {
    return (channel, payload) => {
      const t0 = performance.now();
      this.inEmit = true;
      this.windowMsInEmit = 0;
      try {
        emit(channel, payload);
      } finally {
        this.inEmit = false;
        this.pathMs += performance.now() - t0 - this.windowMsInEmit;
      }
    };
  }
}

async function main(): Promise<void> {
  const fleet = await startSimFleet(count, ['--revisions', '8.0', '--job-ms', String(jobMinMs), '--job-ms-max', String(jobMaxMs), '--size', String(size)]);
  try {
    const a = new Window();
    const b = new Window();
    const emitA = a.timed(forwardEvents(a.send));
    const emitB = b.timed(b.send);
    let coreEvents = 0;
    // RunService.forward (main/app/run-service.ts): the same channels and payloads.
    const onEvent = (e: BulkEvent): void => {
      coreEvents++;
      for (const emit of [emitA, emitB]) {
        if (e.type === 'run-progress') emit('run:progress', e);
        else if (e.type === 'controller') emit('run:controller', e);
        else emit('run:finished', { runId: e.runId, record: e.record });
      }
    };
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const run = await startBulkRun(fleet.controllers, cliLikeSettings(fleet, concurrency, { onEvent }));
    const record = await run.done;
    const wallS = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    if (record.totals.succeeded !== count) throw new Error(`${count - record.totals.succeeded} of ${count} controllers did not succeed`);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const jobs = Array.from({ length: count }, (_, i) => spreadJobMs(i, jobMinMs, jobMaxMs));
    const line = (label: string, w: Window): string => {
      // Messages per second, in 1 s windows from the start of the run; and in 100 ms windows (a burst).
      const perS = buckets(w.at, t0, 1000, wallS);
      const per100 = buckets(w.at, t0, 100, wallS);
      const ch = [...w.byChannel.entries()].map(([k, v]) => `${k} ${v}`).join(', ');
      return [
        `  ${label}: ${w.at.length} messages (${ch}), ${(w.at.length / wallS).toFixed(0)}/s on average; per 1 s: median ${median(perS)}, p90 ${percentile(perS, 0.9)}, max ${Math.max(...perS)}; per 100 ms: max ${Math.max(...per100)}`,
        `     ${(w.bytes / 1024 / 1024).toFixed(1)} MiB cloned; main: path ${w.pathMs.toFixed(0)} ms (serialize ${w.serializeMs.toFixed(0)} ms) = ${((w.pathMs / cpuMs) * 100).toFixed(2)} % of the process's CPU; window: deserialize ${w.deserializeMs.toFixed(0)} ms`,
      ].join('\n');
    };
    process.stdout.write(
      [
        `event-load: ${count} simulated controllers (jobs of ${(jobMinMs * factor) / 1000}–${(jobMaxMs * factor) / 1000} s ÷ ${factor} = ${jobMinMs}–${jobMaxMs} ms, mean ${Math.round(jobs.reduce((x, y) => x + y, 0) / count)} ms), concurrency ${concurrency}, ${os.cpus().length} cores, Node ${process.version}`,
        `  run: ${wallS.toFixed(1)} s, process CPU ${(cpuMs / 1000).toFixed(1)} s; the core gave RunService ${coreEvents} events (${(coreEvents / wallS).toFixed(0)}/s)`,
        line('A forwardEvents → window', a),
        line('B window directly      ', b),
        `  B ÷ A: messages ${(b.at.length / a.at.length).toFixed(3)}, main path time ${(b.pathMs / a.pathMs).toFixed(3)}, window deserialize ${(b.deserializeMs / a.deserializeMs).toFixed(3)}`,
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
