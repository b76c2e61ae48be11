/**
 * Download throughput of a full backup against curl on the same file from the same simulated controller.
 * The simulator runs in its own process (`eclypse-backup sim`), so neither client shares an event loop with
 * the server. Reported as a ratio (ours / curl), because absolute speeds on a shared machine mean little.
 *
 *   npm run bench -- [--size BYTES] [--runs N]
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { backupController } from '../main/core/backup/pipeline';
import { DATA_TYPE_PRESETS } from '../main/core/backup/options';

interface Sample {
  oursDownloadS: number;
  oursTotalS: number;
  curlS: number;
  bytes: number;
}

const args = process.argv.slice(2);
const argValue = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const size = argValue('--size', 512 * 1024 * 1024);
const runs = argValue('--runs', 3);

async function main(): Promise<void> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'eclypse-bench-'));
  const inventory = path.join(work, 'inventory.csv');
  const sim = spawn(process.execPath, [path.resolve('dist/cli.cjs'), 'sim', '--count', '1', '--revisions', '8.0', '--size', String(size), '--job-ms', '100', '--inventory', inventory], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const [, line] = (await waitForFile(inventory, sim)).trim().split('\n');
    const [name, host, port, , , fingerprint] = line!.split(',');
    const samples: Sample[] = [];
    for (let i = 0; i < runs; i++) samples.push(await sample(work, name!, host!, Number(port), fingerprint!));
    printReport(samples);
  } finally {
    sim.kill('SIGINT');
    await fs.rm(work, { recursive: true, force: true });
  }
}

async function sample(work: string, name: string, host: string, port: number, pin: string): Promise<Sample> {
  const archive = path.join(work, 'archive');
  let downloadStart = 0;
  let downloadEnd = 0;
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
      if (p.phase === 'downloading' && downloadStart === 0) downloadStart = performance.now();
      if (p.phase === 'verifying' && downloadEnd === 0) downloadEnd = performance.now();
    },
  });
  const oursTotalS = (performance.now() - t0) / 1000;
  if (outcome.status !== 'succeeded') throw new Error(`backup failed: ${outcome.error?.code} ${outcome.error?.message}`);
  const b = outcome.backup!;
  // curl fetches the very same device file, written to disk like ours, with the same TLS and credentials.
  const url = `https://${host}:${port}/api/rest/v1/files/backup/${encodeURIComponent(b.deviceFileName)}.ecybackup?encode=bin`;
  const out = path.join(work, 'curl.ecybackup');
  const c0 = performance.now();
  execFileSync('curl', ['-sS', '--fail', '-k', '-u', 'admin:admin', '-H', 'Accept: */*', '-o', out, url]);
  const curlS = (performance.now() - c0) / 1000;
  const curlBytes = (await fs.stat(out)).size;
  if (curlBytes !== b.bytes) throw new Error(`curl got ${curlBytes} bytes, we got ${b.bytes}`);
  await fs.rm(out);
  await fs.rm(archive, { recursive: true, force: true });
  return { oursDownloadS: (downloadEnd - downloadStart) / 1000, oursTotalS, curlS, bytes: b.bytes! };
}

function printReport(samples: Sample[]): void {
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const bytes = samples[0]!.bytes;
  const mbps = (s: number): string => `${(bytes / s / 1e6).toFixed(0)} MB/s`;
  const ours = median(samples.map((s) => s.oursDownloadS));
  const total = median(samples.map((s) => s.oursTotalS));
  const curl = median(samples.map((s) => s.curlS));
  const lines = [
    `download-throughput: ${(bytes / 1e6).toFixed(0)} MB backup, ${samples.length} runs, medians, ${os.cpus().length} cores, Node ${process.version}`,
    `  curl -k (download only)                     ${curl.toFixed(2)} s  ${mbps(curl)}`,
    `  ours: download + SHA-256 + Content-Length     ${ours.toFixed(2)} s  ${mbps(ours)}   ratio curl/ours = ${(curl / ours).toFixed(2)}`,
    `  ours: whole backup (job, download, zip read-back, preview, archive) ${total.toFixed(2)} s`,
    `  peak RSS of this process (maxRSS): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB   (target < 150 MB)`,
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
