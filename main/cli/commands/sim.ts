import fs from 'node:fs/promises';
import type { Command } from 'commander';
import { defaultFleet, parseProfile, PROFILE_NAMES, spreadJobMs, startSimulator, type ProfileName } from '../../../test/simulator/index';
import { CodedError } from '../../core/errors';
import { parsePositiveInt } from '../numbers';

function parseSimProfile(text: string): ProfileName {
  try {
    return parseProfile(text);
  } catch (err) {
    throw new CodedError('INVALID_INPUT', (err as Error).message);
  }
}

interface SimFlags {
  count: string;
  revisions: string;
  size: string;
  site: string;
  v2: string;
  jobMs: string;
  jobMsMax?: string;
  profile: string;
  inventory?: string;
}

/** `sim --count N`: simulated controllers on 127.0.0.1 until Ctrl-C, with their inventory CSV. */
export function registerSim(program: Command): void {
  program
    .command('sim')
    .description('Start simulated ECLYPSE controllers on 127.0.0.1 (for trying the tool) and print their inventory CSV.')
    .option('--count <n>', 'number of controllers', '3')
    .option('--revisions <list>', 'API revisions to cycle through', '8.0,6.0,4.2')
    .option('--size <bytes>', 'approximate size of a full backup', String(256 * 1024))
    .option('--site <name>', 'site name in the inventory', 'Demo site')
    .option('--v2 <n>', 'how many of the controllers speak the firmware 2.x API', '0')
    .option('--job-ms <ms>', 'how long each controller takes to build a backup', '600')
    .option('--job-ms-max <ms>', 'spread the job lengths from --job-ms up to this (each controller its own)')
    .option('--profile <name>', `firmware profile: how the controllers answer where the documentation leaves room (${PROFILE_NAMES.join(', ')})`, 'classic')
    .option('--inventory <file>', 'write the inventory CSV to this file instead of stdout')
    .action(async (flags: SimFlags) => {
      const count = parsePositiveInt(flags.count, '--count', 2000);
      const profile = parseSimProfile(flags.profile);
      const v2 = parsePositiveInt(flags.v2, '--v2', count, true);
      const jobMs = parsePositiveInt(flags.jobMs, '--job-ms', 3_600_000, true);
      const jobMsMax = flags.jobMsMax === undefined ? jobMs : parsePositiveInt(flags.jobMsMax, '--job-ms-max', 3_600_000, true);
      if (jobMsMax < jobMs) throw new CodedError('INVALID_INPUT', '--job-ms-max must be at least --job-ms.');
      const specs = defaultFleet(count, {
        revisions: flags.revisions.split(',').map((r) => r.trim()),
        backupBytes: parsePositiveInt(flags.size, '--size', 64 * 1024 ** 3),
        site: flags.site,
      }).map((spec, i) => ({ ...spec, jobDurationMs: spreadJobMs(i, jobMs, jobMsMax), profile, ...(i < v2 ? { api: 'v2' as const } : {}) }));
      const sim = await startSimulator(specs);
      const csv = sim.inventoryCsv();
      if (flags.inventory) {
        await fs.writeFile(flags.inventory, csv);
        process.stderr.write(`Inventory of ${count} simulated controllers written to ${flags.inventory}\n`);
      } else {
        process.stdout.write(csv);
      }
      process.stderr.write('Simulated controllers are running on 127.0.0.1 (user admin, password admin). Press Ctrl-C to stop.\n');
      await new Promise<void>((resolve) => process.once('SIGINT', resolve));
      await sim.close();
    });
}
