/**
 * Shared by the bulk benchmarks: the simulator in a process of its own (`eclypse-backup sim`), so the fleet's
 * TLS servers never share the measured process's event loop, CPU time or heap; and the bulk settings the CLI
 * uses (product defaults for polling, timeouts and progress), so the figures describe the real tool.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { BulkSettings } from '../../main/core/runs/bulk-runner';
import { DATA_TYPE_PRESETS } from '../../shared/data-types';
import type { InventoryController } from '../../shared/inventory';

export interface SimFleet {
  work: string;
  controllers: InventoryController[];
  pins: Map<string, string>;
  /** CPU seconds (user + system) the simulator process has used so far (Linux /proc; null elsewhere). */
  simCpuS(): Promise<number | null>;
  stop(): Promise<void>;
}

/** Starts `sim --count count ...simArgs` and returns the controllers of the inventory it printed. */
export async function startSimFleet(count: number, simArgs: string[]): Promise<SimFleet> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'eclypse-bench-'));
  const inventory = path.join(work, 'inventory.csv');
  const sim = spawn(
    process.execPath,
    [path.resolve('dist/cli.cjs'), 'sim', '--count', String(count), ...simArgs, '--inventory', inventory],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const stop = async (): Promise<void> => {
    if (sim.exitCode === null) {
      const exited = new Promise((r) => sim.once('exit', r));
      sim.kill('SIGINT');
      await exited;
    }
    await fs.rm(work, { recursive: true, force: true });
  };
  try {
    const rows = parse(await waitForFile(inventory, sim, count), { columns: true, skip_empty_lines: true }) as Array<
      Record<string, string>
    >;
    const pins = new Map<string, string>();
    const controllers = rows.map((r): InventoryController => {
      const id = `${r.host!.toLowerCase()}:${r.port}`;
      pins.set(id, r.fingerprint!);
      return {
        id,
        name: r.name!,
        host: r.host!,
        port: Number(r.port),
        site: r.site || null,
        username: 'admin',
        credential: null,
        fingerprint: r.fingerprint || null,
        target: null,
        notes: null,
      };
    });
    return { work, controllers, pins, stop, simCpuS: () => processCpuS(sim.pid) };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Settings as `eclypse-backup bulk` builds them: only the limits, paths and secrets; everything else default. */
export function cliLikeSettings(fleet: SimFleet, concurrency: number, extra: Partial<BulkSettings> = {}): BulkSettings {
  return {
    dataDir: path.join(fleet.work, 'data'),
    archiveRoot: path.join(fleet.work, 'archive'),
    concurrency,
    perSite: null,
    target: 'Device',
    dataTypes: DATA_TYPE_PRESETS.all,
    envysion: 'all',
    format: 'json',
    credentials: async () => ({ username: 'admin', password: 'admin' }),
    trust: async (c) => ({ pin: fleet.pins.get(c.id)! }),
    ...extra,
  };
}

/** Reads a numeric `--name value` argument. */
export function argNumber(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)]!;
}

export function mean(xs: number[]): number {
  return xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}

async function processCpuS(pid: number | undefined): Promise<number | null> {
  if (pid === undefined) return null;
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (!stat) return null;
  // Fields after the ")" that closes the command name: utime and stime are the 12th and 13th (clock ticks).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function waitForFile(file: string, child: ChildProcess, rows: number): Promise<string> {
  // Hundreds of TLS servers (each with its own certificate) take a while to start on two cores.
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error('the simulator exited early');
    const text = await fs.readFile(file, 'utf8').catch(() => '');
    // The CSV is written with a plain writeFile: read it only once every row (and the header) is there.
    if (text.split('\n').filter((l) => l.trim() !== '').length === rows + 1) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the simulator did not start within 120 s');
}

/** A fleet whose jobs take from jobMinMs to jobMaxMs each (spread evenly, a site's 30–120 s scaled down). */
export function startSiteLikeFleet(count: number, jobMinMs: number, jobMaxMs: number, size: number): Promise<SimFleet> {
  return startSimFleet(count, [
    '--revisions',
    '8.0',
    '--job-ms',
    String(jobMinMs),
    '--job-ms-max',
    String(jobMaxMs),
    '--size',
    String(size),
  ]);
}
