/**
 * Scheduling overhead of a bulk run: N simulated controllers, C at a time. By default each controller's job
 * takes what a site's controllers take, 30 to 120 s (each its own length, spread evenly), scaled down by a
 * factor so that a run lasts seconds. A perfect scheduler with a zero-cost client finishes when the same
 * controllers, taken in the same order by C slots, would end with no time between them (a list schedule of
 * the job lengths); the ratio wall / ideal is what the client adds (connect, discovery, polling lateness,
 * download, verify, archive, journal). The ideal is computed from the simulator's settings, not measured.
 * The client's own time does not shrink with the factor, so the ratio also says what it would be at full
 * length: 1 + (wall − ideal) / (ideal × factor).
 *
 *   npm run bench:schedule -- [--count 200] [--concurrency 20] [--job-s-min 30] [--job-s-max 120] [--factor 40] [--size 65536] [--poll-max-ms MS]
 *   npm run bench:schedule -- --job-ms 2000      (the retired measure: every job exactly J ms; ideal ceil(N / C) × J)
 *
 * `--poll-max-ms` (a BulkSettings.wait option the product leaves at its default) is there to weigh a polling
 * policy; without it every setting is the CLI's.
 *
 * Where the time goes per controller is measured with timestamps of the bulk events ('running', 'succeeded':
 * delivered at once) and of the HTTP requests themselves (node:diagnostics_channel). Phase events are not
 * used for the boundaries: the runner coalesces them to one per 100 ms, too coarse for a 100 ms budget.
 */
import dc from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import os from 'node:os';
import { startBulkRun } from '../main/core/runs/bulk-runner';
import { DEFAULT_WAIT } from '../main/core/backup/job-wait';
import type { BulkEvent } from '../main/core/runs/bulk-events';
import { spreadJobMs } from '../test/simulator/fleet';
import { argNumber, cliLikeSettings, mean, median, percentile, startSiteLikeFleet } from './support/sim-process';

const count = argNumber('--count', 200);
const concurrency = argNumber('--concurrency', 20);
const uniformMs = argNumber('--job-ms', NaN);
const factor = Number.isNaN(uniformMs) ? argNumber('--factor', 40) : 1;
const jobMinMs = Number.isNaN(uniformMs) ? Math.round((argNumber('--job-s-min', 30) * 1000) / factor) : uniformMs;
const jobMaxMs = Number.isNaN(uniformMs) ? Math.round((argNumber('--job-s-max', 120) * 1000) / factor) : uniformMs;
/** Each controller's job length as the simulator gives it (same function, same order as the inventory). */
const jobMsAt = (i: number): number => spreadJobMs(i, jobMinMs, jobMaxMs);
const size = argNumber('--size', 65536);
const pollMaxMs = argNumber('--poll-max-ms', NaN);
const wait = Number.isNaN(pollMaxMs) ? undefined : { pollMaxMs };

/** Per controller, performance.now() timestamps (ms). */
interface Trace {
  running?: number;
  createStart?: number;
  createDone?: number;
  /** Job polls after the create, and the start of the first request after them (the file listing). */
  polls: number[];
  requests: number;
  afterJob?: number;
  downloadStart?: number;
  /** The compatibility preview: after download + SHA-256 + zip check, before placing in the archive. */
  previewStart?: number;
  previewDone?: number;
  succeeded?: number;
  failed?: string;
}

const traces = new Map<string, Trace>();
/** Job length per controller id (from the inventory order). */
const jobOf = new Map<string, number>();
const trace = (id: string): Trace => traces.get(id) ?? traces.set(id, { polls: [], requests: 0 }).get(id)!;

// The Host header is "127.0.0.1:port", the inventory id of the simulated controller.
const hostOf = (req: ClientRequest): string => String(req.getHeader('host') ?? '').toLowerCase();

dc.subscribe('http.client.request.start', (msg) => {
  const req = (msg as { request: ClientRequest }).request;
  const t = trace(hostOf(req));
  const at = performance.now();
  t.requests++;
  if (req.method === 'POST' && req.path.endsWith('/system/backup/create')) t.createStart = at;
  else if (t.createDone !== undefined && req.path.includes('/jobs/') && t.afterJob === undefined) t.polls.push(at);
  else if (t.createDone !== undefined && t.afterJob === undefined) t.afterJob = at;
  if (req.path.includes('/files/backup/') && t.downloadStart === undefined) t.downloadStart = at;
  if (isPreview(req, t)) t.previewStart = at;
});
dc.subscribe('http.client.response.finish', (msg) => {
  const req = (msg as { request: ClientRequest }).request;
  const t = trace(hostOf(req));
  if (req.method === 'POST' && req.path.endsWith('/system/backup/create')) t.createDone = performance.now();
  if (isPreview(req, t)) t.previewDone = performance.now();
});

// GET …/system/backup/targets/device/files/NAME/ (the listing has no NAME), once the download has begun.
function isPreview(req: ClientRequest, t: Trace): boolean {
  return (
    t.downloadStart !== undefined && req.path.includes('/system/backup/targets/') && /\/files\/[^/]+\/$/.test(req.path)
  );
}

async function main(): Promise<void> {
  const fleet = await startSiteLikeFleet(count, jobMinMs, jobMaxMs, size);
  fleet.controllers.forEach((c, i) => jobOf.set(c.id, jobMsAt(i)));
  try {
    const onEvent = (e: BulkEvent): void => {
      if (e.type !== 'controller') return;
      const t = trace(e.controllerId);
      if (e.status === 'running' && e.phase === null && t.running === undefined) t.running = performance.now();
      if (e.status === 'succeeded') t.succeeded = performance.now();
      if (e.status === 'failed' || e.status === 'cancelled') t.failed = e.message;
    };
    const simCpu0 = await fleet.simCpuS();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const run = await startBulkRun(
      fleet.controllers,
      cliLikeSettings(fleet, concurrency, { onEvent, ...(wait ? { wait } : {}) }),
    );
    const record = await run.done;
    const wallS = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const simCpuS = (await fleet.simCpuS()) ?? NaN;
    if (record.totals.succeeded !== count) {
      for (const r of record.results.filter((x) => x.status !== 'succeeded'))
        process.stderr.write(`  ${r.name} ${r.host}:${r.port} ${r.status} ${r.error?.code}: ${r.error?.message}\n`);
      throw new Error(`${count - record.totals.succeeded} of ${count} controllers did not succeed`);
    }
    report(wallS, t0, (cpu.user + cpu.system) / 1e6, simCpuS - (simCpu0 ?? NaN));
  } finally {
    await fleet.stop();
  }
}

/** The makespan of the jobs taken in order by `slots` slots, each starting the moment one is free (no overhead). */
function listScheduleMs(jobs: number[], slots: number): number {
  const free = new Array<number>(Math.min(slots, jobs.length)).fill(0);
  for (const job of jobs) {
    const i = free.indexOf(Math.min(...free));
    free[i] = free[i]! + job;
  }
  return Math.max(0, ...free);
}

function report(wallS: number, t0: number, cpuS: number, simCpuS: number): void {
  const jobs = Array.from({ length: count }, (_, i) => jobMsAt(i));
  const idealS = listScheduleMs(jobs, concurrency) / 1000;
  const entries = [...traces.entries()].filter(([, t]) => t.running !== undefined);
  const ts = entries.map(([, t]) => t);
  const jobMsOf = new Map(entries.map(([id, t]) => [t, jobOf.get(id) ?? NaN]));
  const need = (t: Trace): Required<Omit<Trace, 'failed'>> => {
    const stamps = [
      t.createStart,
      t.createDone,
      t.afterJob,
      t.downloadStart,
      t.previewStart,
      t.previewDone,
      t.succeeded,
    ];
    if (stamps.some((x) => x === undefined)) {
      throw new Error('a controller is missing a timestamp: did the request paths change?');
    }
    return t as Required<Omit<Trace, 'failed'>>;
  };
  const full = ts.map(need);
  // The simulator starts its timer while handling the create: between createStart and createDone. The
  // response is taken as the job's start, so "detect" is a slight underestimate (by the create's return trip).
  const seg = {
    span: full.map((t) => t.succeeded - t.running),
    before: full.map((t) => t.createDone - t.running),
    create: full.map((t) => t.createDone - t.createStart),
    detect: full.map((t) => t.afterJob - (t.createDone + jobMsOf.get(t)!)),
    firstPoll: full.map((t) => (t.polls[0] ?? t.afterJob) - t.createDone),
    after: full.map((t) => t.succeeded - t.afterJob),
    list: full.map((t) => t.downloadStart - t.afterJob),
    download: full.map((t) => t.previewStart - t.downloadStart),
    preview: full.map((t) => t.previewDone - t.previewStart),
    place: full.map((t) => t.succeeded - t.previewDone),
  };
  // A slot is the controller's from 'running' until its last request is answered (the preview); the zip
  // read-back, archiving and journal that follow are local and run after the slot is handed on. Slots are
  // freed in that order: the k-th 'running' after the first C took the slot of the k-th release.
  const slot = full.map((t) => t.previewDone - t.running);
  const runs = full.map((t) => t.running).sort((a, b) => a - b);
  const releases = full.map((t) => t.previewDone).sort((a, b) => a - b);
  const handoff = runs.slice(concurrency).map((r, k) => r - releases[k]!);
  const polls = full.map((t) => t.polls.length);
  // A slot that is not running a controller is idle: start-up, the hand-over between two controllers, and the
  // uneven last wave (from each of the last C releases to the end of the run).
  const slotIdleS = wallS * concurrency - slot.reduce((a, b) => a + b, 0) / 1000;
  const tailS = releases.slice(-concurrency).reduce((a, e) => a + (t0 + wallS * 1000 - e), 0) / 1000;
  const firstRunning = Math.min(...full.map((t) => t.running)) - t0;
  const row = (label: string, xs: number[]): string =>
    `  ${label.padEnd(66)} median ${median(xs).toFixed(0).padStart(5)} ms   mean ${mean(xs).toFixed(0).padStart(5)}   p90 ${percentile(xs, 0.9).toFixed(0).padStart(5)}`;
  const perWave = (xs: number[]): string => `${((mean(xs) * count) / concurrency / 1000).toFixed(2)} s`;
  const lines = [
    factor === 1 && jobMinMs === jobMaxMs
      ? `bulk-schedule: ${count} simulated controllers (revision 8.0, every job ${jobMinMs} ms, ~${size} B), concurrency ${concurrency}, ${os.cpus().length} cores, Node ${process.version}`
      : `bulk-schedule: ${count} simulated controllers (revision 8.0, jobs of ${(jobMinMs * factor) / 1000}–${(jobMaxMs * factor) / 1000} s ÷ ${factor} = ${jobMinMs}–${jobMaxMs} ms, mean ${Math.round(mean(jobs))} ms, ~${size} B), concurrency ${concurrency}, ${os.cpus().length} cores, Node ${process.version}`,
    `  product defaults: polls at ${DEFAULT_WAIT.pollStartMs} ms ×1.5 up to ${wait ? `${pollMaxMs} ms (--poll-max-ms; default ${DEFAULT_WAIT.pollMaxMs})` : `${DEFAULT_WAIT.pollMaxMs} ms`}, earlier near the end its progress points at (≥ ${DEFAULT_WAIT.pollMinMs} ms apart), progress coalesced per 100 ms, journal group commit`,
    `  wall ${wallS.toFixed(2)} s   ideal ${idealS.toFixed(2)} s (the same jobs in the same order on ${concurrency} slots, nothing between them; from the simulator's settings)   ratio ${(wallS / idealS).toFixed(3)}`,
    ...(factor > 1
      ? [
          `  at full length (× ${factor}): ideal ${((idealS * factor) / 60).toFixed(1)} min, client time unchanged → ratio ≈ ${(1 + (wallS - idealS) / (idealS * factor)).toFixed(4)}`,
        ]
      : []),
    `  CPU: bench process ${cpuS.toFixed(1)} s, simulator process ${simCpuS.toFixed(1)} s, over ${wallS.toFixed(1)} s on ${os.cpus().length} cores`,
    `  per controller ('running' → 'succeeded' = its job + overhead):`,
    row("'running' → 'succeeded'", seg.span),
    row("'running' → controller's last answer (the slot's time)", slot),
    row("before: connect, discovery, list, journal 'job-requested', create", seg.before),
    row('  of which the create request itself', seg.create),
    row('detect: job end (create answered + its job) → file listing', seg.detect),
    row("  create answered → first job poll (journal 'job-created')", seg.firstPoll),
    row('after: listing → succeeded (all below)', seg.after),
    row('  listing → download request', seg.list),
    row('  download + SHA-256 (→ preview request)', seg.download),
    row('  compatibility preview request (the slot is handed on when it is answered)', seg.preview),
    row('  after the slot: zip read-back, flush, place, sidecar, journal', seg.place),
    row("hand-over: a controller's last answer → the next 'running'", handoff),
    `  HTTP requests per controller: median ${median(full.map((t) => t.requests))}, of which job polls: median ${median(polls)}, max ${Math.max(...polls)}`,
    `  overhead per wave (mean × ${count}/${concurrency}): before ${perWave(seg.before)}, detect ${perWave(seg.detect)}, after ${perWave(seg.after)}`,
    `  idle slot time: ${slotIdleS.toFixed(2)} slot-s in all: hand-overs ${(handoff.reduce((a, b) => a + b, 0) / 1000).toFixed(2)}, uneven last wave ${tailS.toFixed(2)}; first 'running' at +${firstRunning.toFixed(0)} ms`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
