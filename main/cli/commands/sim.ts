import fs from 'node:fs/promises';
import type { Command } from 'commander';
import {
  defaultFleet,
  parseProfile,
  PROFILE_NAMES,
  spreadJobMs,
  startSimulator,
  type ProfileName,
} from '../../../test/simulator/index';
import { parsePositiveInt } from '../numbers';
import { cliWords } from '../language';
import { SaidError } from '../said-error';

function parseSimProfile(text: string): ProfileName {
  try {
    return parseProfile(text);
  } catch {
    throw new SaidError('INVALID_INPUT', 'cli.sim.profile', { name: text, names: PROFILE_NAMES.join(', ') });
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
  const h = cliWords();
  program
    .command('sim')
    .description(h('help.sim.description'))
    .option('--count <n>', h('help.sim.opt.count'), '3')
    .option('--revisions <list>', h('help.sim.opt.revisions'), '8.0,6.0,4.2')
    .option('--size <bytes>', h('help.sim.opt.size'), String(256 * 1024))
    .option('--site <name>', h('help.sim.opt.site'), 'Demo site')
    .option('--v2 <n>', h('help.sim.opt.v2'), '0')
    .option('--job-ms <ms>', h('help.sim.opt.job-ms'), '600')
    .option('--job-ms-max <ms>', h('help.sim.opt.job-ms-max'))
    .option('--profile <name>', h('help.sim.opt.profile', { profiles: PROFILE_NAMES.join(', ') }), 'classic')
    .option('--inventory <file>', h('help.sim.opt.inventory'))
    .action(async (flags: SimFlags) => {
      const count = parsePositiveInt(flags.count, '--count', 2000);
      const profile = parseSimProfile(flags.profile);
      const v2 = parsePositiveInt(flags.v2, '--v2', count, true);
      const jobMs = parsePositiveInt(flags.jobMs, '--job-ms', 3_600_000, true);
      const jobMsMax =
        flags.jobMsMax === undefined ? jobMs : parsePositiveInt(flags.jobMsMax, '--job-ms-max', 3_600_000, true);
      if (jobMsMax < jobMs) throw new SaidError('INVALID_INPUT', 'cli.sim.job-ms-max');
      const specs = defaultFleet(count, {
        revisions: flags.revisions.split(',').map((r) => r.trim()),
        backupBytes: parsePositiveInt(flags.size, '--size', 64 * 1024 ** 3),
        site: flags.site,
      }).map((spec, i) => ({
        ...spec,
        jobDurationMs: spreadJobMs(i, jobMs, jobMsMax),
        profile,
        ...(i < v2 ? { api: 'v2' as const } : {}),
      }));
      const sim = await startSimulator(specs);
      const csv = sim.inventoryCsv();
      if (flags.inventory) {
        await fs.writeFile(flags.inventory, csv);
        process.stderr.write(
          `${cliWords()('cli.sim.inventory-written', { count: String(count), file: flags.inventory })}\n`,
        );
      } else {
        process.stdout.write(csv);
      }
      process.stderr.write(`${cliWords()('cli.sim.running')}\n`);
      await new Promise<void>((resolve) => process.once('SIGINT', resolve));
      await sim.close();
    });
}
