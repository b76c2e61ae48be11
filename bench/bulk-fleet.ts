/**
 * Cost of a large bulk run in the laptop's process: peak memory, and CPU per controller backup with and
 * without the SHA-256 every download must compute. The simulator runs in its own process so none of its
 * TLS, zip building or heap is counted here. Hashing is measured in this same process, over the same number
 * of bytes, right after the run: an absolute CPU figure means little on a shared machine, but the part of
 * it that is not hashing (TLS, HTTP, JSON, zip check, files, journal, events) is what code changes can move.
 *
 *   npm run bench:fleet -- [--count 500] [--concurrency 32] [--job-ms 500] [--size 262144] [--log]
 *
 * `--log` writes the run's log as `eclypse-backup --log FILE` does (every request, decision and error, JSON
 * lines through electron-log), to weigh what the log costs.
 */
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { startBulkRun } from '../main/core/runs/bulk-runner';
import { electronLogSink } from '../main/core/log/electron-log-sink';
import { createLogger } from '../main/core/log/logger';
import { argNumber, cliLikeSettings, startSimFleet } from './support/sim-process';

const count = argNumber('--count', 500);
const concurrency = argNumber('--concurrency', 32);
const jobMs = argNumber('--job-ms', 500);
const size = argNumber('--size', 262144);
const withLog = process.argv.includes('--log');
const MIB = 1024 * 1024;

async function main(): Promise<void> {
  // Default revisions (8.0, 6.0, 4.2 in turn): a mixed fleet, including controllers without a job resource.
  const fleet = await startSimFleet(count, ['--job-ms', String(jobMs), '--size', String(size)]);
  try {
    const rssBefore = process.memoryUsage().rss;
    const maxRssBefore = process.resourceUsage().maxRSS * 1024;
    // Sampled RSS: maxRSS is the high-water mark of the whole process life, sampling shows it is the run's.
    // Heap and external (Buffers) peaks too, to tell JS objects from I/O buffers from native (TLS) memory.
    const peak = { rss: rssBefore, heapUsed: 0, external: 0 };
    const sample = (): void => {
      const m = process.memoryUsage();
      peak.rss = Math.max(peak.rss, m.rss);
      peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
      peak.external = Math.max(peak.external, m.external);
    };
    const sampler = setInterval(sample, 50);
    const cpu0 = process.cpuUsage();
    const simCpu0 = await fleet.simCpuS();
    const t0 = performance.now();
    const logFile = path.join(fleet.work, 'logs', 'bench.log');
    const logger = withLog
      ? createLogger(electronLogSink({ file: { path: logFile, maxBytes: 1024 ** 3 } }))
      : undefined;
    const run = await startBulkRun(fleet.controllers, cliLikeSettings(fleet, concurrency, logger ? { logger } : {}));
    const record = await run.done;
    const wallS = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const simCpuS = ((await fleet.simCpuS()) ?? NaN) - (simCpu0 ?? NaN);
    clearInterval(sampler);
    sample();
    const maxRss = process.resourceUsage().maxRSS * 1024;

    const failed = record.results.filter((r) => r.status !== 'succeeded');
    if (failed.length > 0) {
      for (const r of failed)
        process.stderr.write(
          `  ${r.name} ${r.host}:${r.port} ${r.status} after ${r.attempts} attempt(s): ${r.error?.code} ${r.error?.message}\n`,
        );
      throw new Error(`${failed.length} of ${count} controllers did not succeed`);
    }
    const retried = record.results.filter((r) => r.attempts > 1).length;
    const bytes = record.totals.bytes;
    const hashS = hashCpuS(bytes, count);
    const runCpuS = (cpu.user + cpu.system) / 1e6;
    const perMs = (s: number): string => `${((s / count) * 1000).toFixed(2)} ms`;
    const rssPeak = peak.rss;
    // Still held after the run, once garbage is collected (only with --expose-gc): a leak, or a cache.
    (globalThis as { gc?: () => void }).gc?.();
    const after = process.memoryUsage();
    const lines = [
      `bulk-fleet: ${count} simulated controllers (revisions 8.0/6.0/4.2, job ${jobMs} ms, ~${size} B), concurrency ${concurrency}, ${os.cpus().length} cores, Node ${process.version}${withLog ? `, log on (${fs.readFileSync(logFile, 'utf8').split('\n').length - 1} lines)` : ', no log'}`,
      `  all ${record.totals.succeeded} succeeded (${retried} after a retry), ${(bytes / MIB).toFixed(1)} MiB in ${wallS.toFixed(1)} s`,
      `  memory: RSS before the run ${(rssBefore / MIB).toFixed(0)} MiB, sampled peak ${(rssPeak / MIB).toFixed(0)} MiB (+${((rssPeak - rssBefore) / MIB).toFixed(0)}), maxRSS ${(maxRss / MIB).toFixed(0)} MiB (before the run ${(maxRssBefore / MIB).toFixed(0)})`,
      `          peaks of heapUsed ${(peak.heapUsed / MIB).toFixed(0)} MiB, external ${(peak.external / MIB).toFixed(0)} MiB; after the run${'gc' in globalThis ? ' and a GC' : ''}: rss ${(after.rss / MIB).toFixed(0)}, heapUsed ${(after.heapUsed / MIB).toFixed(0)}, external ${(after.external / MIB).toFixed(0)} MiB`,
      `  CPU of this process: ${runCpuS.toFixed(2)} s (user ${(cpu.user / 1e6).toFixed(2)}, system ${(cpu.system / 1e6).toFixed(2)})   per controller ${perMs(runCpuS)}`,
      `  SHA-256 of the same ${(bytes / MIB).toFixed(1)} MiB here: ${hashS.toFixed(2)} s   per controller ${perMs(hashS)}`,
      `  CPU per controller excluding hashing: ${perMs(runCpuS - hashS)}   (simulator process: ${perMs(simCpuS)} per controller)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await fleet.stop();
  }
}

/**
 * CPU seconds to SHA-256 `bytes` split into `files` digests, fed in 16 KiB pieces (the TLS record size, which
 * is what a download's stream delivers), from a buffer that stays warm in cache as a socket's would.
 */
function hashCpuS(bytes: number, files: number): number {
  const chunk = randomBytes(16 * 1024);
  const perFile = Math.ceil(bytes / files);
  const c0 = process.cpuUsage();
  for (let f = 0; f < files; f++) {
    const h = createHash('sha256');
    for (let done = 0; done < perFile; done += chunk.length)
      h.update(done + chunk.length <= perFile ? chunk : chunk.subarray(0, perFile - done));
    h.digest();
  }
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
