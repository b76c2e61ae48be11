import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { demoCampus, DEMO_FAULTY as FAULTY } from '../../../test/simulator/demo-campus';
import { startSimulator } from '../../../test/simulator/index';
import { writeRunReports } from '../../core/reports/reports';
import { startBulkRun } from '../../core/runs/bulk-runner';
import { DATA_TYPE_PRESETS } from '../../../shared/data-types';
import type { InventoryController } from '../../../shared/inventory';
import { printRunSummary } from '../bulk-output';
import { BulkView } from '../bulk-view';
import { parsePositiveInt } from '../numbers';
import { cliWords } from '../language';

/** `demo`: a bulk run over a simulated campus, so a new user sees the whole job end to end. */
export function registerDemo(program: Command): void {
  const h = cliWords();
  program
    .command('demo')
    .description(h('help.demo.description'))
    .option('--out <dir>', h('help.demo.opt.out'), 'demo-archive')
    .option('--count <n>', h('help.demo.opt.count'), '12')
    .action(async (flags: { out: string; count: string }) => {
      const count = parsePositiveInt(flags.count, '--count', 200);
      process.exitCode = (await runDemo(path.resolve(flags.out), count)) ? 0 : 1;
    });
}

async function runDemo(archiveRoot: string, count: number): Promise<boolean> {
  // Fresh trust and journals each time: the simulator makes new certificates on every start.
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'eclypse-demo-'));
  const specs = demoCampus(count);
  const w = cliWords();
  process.stderr.write(`${w('cli.demo.starting', { count: String(specs.length) })}\n`);
  const sim = await startSimulator(specs);
  try {
    const controllers: InventoryController[] = sim.controllers.map((c) => ({
      id: `${c.host}:${c.port}`,
      name: c.spec.name,
      host: c.host,
      port: c.port,
      site: c.spec.site ?? null,
      username: 'admin',
      credential: null,
      fingerprint: c.fingerprint,
      target: null,
      notes: null,
    }));
    const pins = new Map(controllers.map((c) => [c.id, c.fingerprint ?? undefined]));
    const view = new BulkView(new Map(controllers.map((c) => [c.id, c.name])));
    const run = await startBulkRun(controllers, {
      dataDir,
      archiveRoot,
      concurrency: 4,
      target: 'Device',
      dataTypes: DATA_TYPE_PRESETS.all,
      envysion: 'all',
      format: 'json',
      technician: w('cli.demo.technician'),
      // The simulator's own inventory gives each fingerprint, as a commissioning sheet would.
      trust: async (c) => {
        const pin = pins.get(c.id);
        return pin ? { pin } : {};
      },
      credentials: async () => ({ username: 'admin', password: 'admin' }),
      onEvent: (e) => view.update(e),
    });
    process.stderr.write(`${w('cli.run.id', { runId: run.runId })}\n`);
    const record = await run.done;
    const reports = await writeRunReports(archiveRoot, record, { locale: w.locale });
    // The demo's journal lives in a temporary folder: there is nothing to resume afterwards.
    printRunSummary(record, reports, process.stdout, false);
    const failed = record.results.filter((r) => r.status !== 'succeeded').map((r) => r.name);
    const expected = failed.length === 1 && failed[0] === FAULTY;
    process.stdout.write(
      expected
        ? `\n${w('cli.demo.as-planned', { faulty: FAULTY, archive: archiveRoot })}\n`
        : `\n${w('cli.demo.unexpected')}\n`,
    );
    return expected;
  } finally {
    await sim.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}
