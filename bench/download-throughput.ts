/**
 * Download throughput of a full backup against curl on the same file from the same simulated controller.
 * The simulator runs in its own process (`eclypse-backup sim`), so neither client shares an event loop with
 * the server. Reported as a ratio (ours / curl), because absolute speeds on a shared machine mean little.
 *
 *   npm run bench -- [--size BYTES] [--runs N]
 *
 * "ours: download" runs from the pipeline's 'downloading' to its 'verifying' report: the bytes received,
 * written to the `.part`, counted, hashed (SHA-256 of what was written) and checked against Content-Length.
 * The `.part`'s fsync then runs beside the zip read-back (curl does no fsync at all); it is part of "whole
 * backup". CPU seconds are counted too (ours: this process, every thread; curl: the child; the simulator: its
 * process), because on a busy two-core machine the wall-clock ratio moves with whatever else runs. A third
 * reference, `curl -k | tee FILE | sha256sum`, does the same work as ours with the same tools curl uses.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { backupController } from '../main/core/backup/pipeline';
import { DATA_TYPE_PRESETS } from '../shared/data-types';

interface Sample {
  oursDownloadS: number;
  oursTotalS: number;
  oursCpuS: number;
  curlS: number;
  curlCpuS: number;
  curlHashS: number;
  simCpuOursS: number;
  simCpuCurlS: number;
  bytes: number;
}

const args = process.argv.slice(2);
const argValue = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const size = argValue('--size', 512 * 1024 * 1024);
const runs = argValue('--runs', 5);

async function main(): Promise<void> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'eclypse-bench-'));
  const inventory = path.join(work, 'inventory.csv');
  const sim = spawn(
    process.execPath,
    [
      path.resolve('dist/cli.cjs'),
      'sim',
      '--count',
      '1',
      '--revisions',
      '8.0',
      '--size',
      String(size),
      '--job-ms',
      '100',
      '--inventory',
      inventory,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  try {
    const [, line] = (await waitForFile(inventory, sim)).trim().split('\n');
    const [name, host, port, , , fingerprint] = line!.split(',');
    const samples: Sample[] = [];
    const simCpu = (): number => procCpuS(sim.pid, false);
    for (let i = 0; i < runs; i++) samples.push(await sample(work, name!, host!, Number(port), fingerprint!, simCpu));
    printReport(samples);
  } finally {
    sim.kill('SIGINT');
    await fs.rm(work, { recursive: true, force: true });
  }
}

async function sample(
  work: string,
  name: string,
  host: string,
  port: number,
  pin: string,
  simCpu: () => number,
): Promise<Sample> {
  const archive = path.join(work, 'archive');
  let downloadStart = 0;
  let downloadEnd = 0;
  let cpuStart = process.cpuUsage();
  let oursCpuS = 0;
  let simStart = 0;
  let simCpuOursS = 0;
  const t0 = performance.now();
  const outcome = await backupController({
    controller: { host, port, protocol: 'https', name, pin },
    username: 'admin',
    password: 'admin',
    target: 'Device',
    dataTypes: DATA_TYPE_PRESETS.all,
    envysion: 'all',
    format: 'json',
    archiveRoot: archive,
    onProgress: (p) => {
      if (p.phase === 'downloading' && downloadStart === 0) {
        downloadStart = performance.now();
        cpuStart = process.cpuUsage();
        simStart = simCpu();
      }
      if (p.phase === 'verifying' && downloadEnd === 0) {
        downloadEnd = performance.now();
        const cpu = process.cpuUsage(cpuStart);
        oursCpuS = (cpu.user + cpu.system) / 1e6;
        simCpuOursS = simCpu() - simStart;
      }
    },
  });
  const oursTotalS = (performance.now() - t0) / 1000;
  if (outcome.status !== 'succeeded')
    throw new Error(`backup failed: ${outcome.error?.code} ${outcome.error?.message}`);
  const b = outcome.backup!;
  // curl fetches the very same device file, written to disk like ours, with the same TLS and credentials.
  const url = `https://${host}:${port}/api/rest/v1/files/backup/${encodeURIComponent(b.deviceFileName)}.ecybackup?encode=bin`;
  const out = path.join(work, 'curl.ecybackup');
  const curlArgs = ['-sS', '--fail', '-k', '-u', 'admin:admin', '-H', 'Accept: */*'];
  const children0 = procCpuS(process.pid, true);
  const sim0 = simCpu();
  const c0 = performance.now();
  execFileSync('curl', [...curlArgs, '-o', out, url]);
  const curlS = (performance.now() - c0) / 1000;
  const simCpuCurlS = simCpu() - sim0;
  const curlCpuS = procCpuS(process.pid, true) - children0;
  const curlBytes = (await fs.stat(out)).size;
  if (curlBytes !== b.bytes) throw new Error(`curl got ${curlBytes} bytes, we got ${b.bytes}`);
  await fs.rm(out);
  // The same work as ours with curl's tools: download, write, SHA-256.
  const h0 = performance.now();
  const digest = execFileSync('sh', [
    '-c',
    `curl ${curlArgs.map((a) => `'${a}'`).join(' ')} '${url}' | tee '${out}' | sha256sum`,
  ])
    .toString()
    .split(' ')[0];
  const curlHashS = (performance.now() - h0) / 1000;
  if (digest !== b.sha256) throw new Error(`curl | sha256sum says ${digest}, we said ${b.sha256}`);
  await fs.rm(out);
  await fs.rm(archive, { recursive: true, force: true });
  return {
    oursDownloadS: (downloadEnd - downloadStart) / 1000,
    oursTotalS,
    oursCpuS,
    curlS,
    curlCpuS,
    curlHashS,
    simCpuOursS,
    simCpuCurlS,
    bytes: b.bytes!,
  };
}

/** CPU seconds of a process (Linux /proc): its own, or (children) that of its waited-for children. */
function procCpuS(pid: number | undefined, children: boolean): number {
  if (pid === undefined) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime are fields 14 and 15 of stat; cutime, cstime 16 and 17 (here counted after the ")").
    const [a, b] = children ? [f[13], f[14]] : [f[11], f[12]];
    return (Number(a) + Number(b)) / 100;
  } catch {
    return NaN;
  }
}

function printReport(samples: Sample[]): void {
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const spread = (xs: number[], digits = 2): string =>
    `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
  const bytes = samples[0]!.bytes;
  const mbps = (s: number): string => `${(bytes / s / 1e6).toFixed(0)} MB/s`;
  const ours = median(samples.map((s) => s.oursDownloadS));
  const total = median(samples.map((s) => s.oursTotalS));
  const curl = median(samples.map((s) => s.curlS));
  const curlHash = median(samples.map((s) => s.curlHashS));
  const ratios = samples.map((s) => s.curlS / s.oursDownloadS);
  const lines = [
    `download-throughput: ${(bytes / 1e6).toFixed(0)} MB backup, ${samples.length} runs, medians (spread), ${os.cpus().length} cores, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(1)}`,
    `  curl -k (download only)                     ${curl.toFixed(2)} s  ${mbps(curl)}   (${spread(samples.map((s) => s.curlS))} s)`,
    `  ours: download + SHA-256 + Content-Length     ${ours.toFixed(2)} s  ${mbps(ours)}   (${spread(samples.map((s) => s.oursDownloadS))} s)`,
    `  ratio curl/ours = ${median(ratios).toFixed(2)}  (per run: ${ratios.map((r) => r.toFixed(2)).join(' ')})   target ≥ 0.9`,
    `  curl -k | tee FILE | sha256sum (same work)  ${curlHash.toFixed(2)} s  ${mbps(curlHash)}   ratio to ours = ${median(samples.map((s) => s.curlHashS / s.oursDownloadS)).toFixed(2)}`,
    `  CPU s: ours ${median(samples.map((s) => s.oursCpuS)).toFixed(2)} (all threads), curl ${median(samples.map((s) => s.curlCpuS)).toFixed(2)}; simulator while serving ours ${median(samples.map((s) => s.simCpuOursS)).toFixed(2)}, curl ${median(samples.map((s) => s.simCpuCurlS)).toFixed(2)}`,
    `  ours: whole backup (job, download, zip read-back + fsync, preview, archive) ${total.toFixed(2)} s`,
    `  peak RSS of this process (maxRSS): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB = ${((process.resourceUsage().maxRSS * 1024) / 1e6).toFixed(0)} MB   (target < 150 MB)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function waitForFile(file: string, child: ChildProcess): Promise<string> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error('the simulator exited early');
    const text = await fs.readFile(file, 'utf8').catch(() => '');
    if (text.includes('\n')) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the simulator did not start');
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
