import fs from 'node:fs/promises';
import type { Command } from 'commander';
import { defaultFleet, startSimulator } from '../../../test/simulator/index';
import { parsePositiveInt } from '../numbers';

interface SimFlags {
  count: string;
  revisions: string;
  size: string;
  site: string;
  v2: string;
  jobMs: string;
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
    .option('--inventory <file>', 'write the inventory CSV to this file instead of stdout')
    .action(async (flags: SimFlags) => {
      const count = parsePositiveInt(flags.count, '--count', 2000);
      const v2 = parsePositiveInt(flags.v2, '--v2', count, true);
      const specs = defaultFleet(count, {
        revisions: flags.revisions.split(',').map((r) => r.trim()),
        backupBytes: parsePositiveInt(flags.size, '--size', 64 * 1024 ** 3),
        site: flags.site,
      }).map((spec, i) => ({ ...spec, jobDurationMs: parsePositiveInt(flags.jobMs, '--job-ms', 3_600_000, true), ...(i < v2 ? { api: 'v2' as const } : {}) }));
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
