import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { defaultFleet, startSimulator } from '../../../test/simulator/index';
import { backupController, type BackupOutcome } from '../../core/backup/pipeline';
import { DATA_TYPE_PRESETS } from '../../core/backup/options';
import { writeRunSummary } from '../../core/archive/run-summary';
import { KnownDevices } from '../../core/inventory/known-devices';
import { decideTrust } from '../../core/inventory/trust';
import { formatBytes } from '../progress-line';

/** `demo`: the main job end to end on simulated controllers, so a new user sees what the tool does. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Back up a few simulated controllers on 127.0.0.1 into ./demo-archive and print where the files and report are.')
    .option('--out <dir>', 'archive folder', 'demo-archive')
    .option('--count <n>', 'number of simulated controllers', '5')
    .action(async (flags: { out: string; count: string }) => {
      const count = Math.max(1, Math.min(50, Number.parseInt(flags.count, 10) || 5));
      process.exitCode = (await runDemo(path.resolve(flags.out), count)) ? 0 : 1;
    });
}

async function runDemo(archiveRoot: string, count: number): Promise<boolean> {
  // Fresh pins each time: the simulator makes new certificates on every start.
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'eclypse-demo-'));
  const specs = defaultFleet(count, { site: 'Demo campus', revisions: ['8.0', '6.0', '4.2'], backupBytes: 2 * 1024 * 1024 });
  specs.push({ name: 'APEX-01', site: 'Demo campus', api: 'v2', backupBytes: 1024 * 1024 });
  process.stderr.write(`Starting ${specs.length} simulated controllers on 127.0.0.1…\n`);
  const sim = await startSimulator(specs);
  try {
    const known = await KnownDevices.load(dataDir);
    const rows: Array<{ name: string; outcome: BackupOutcome }> = [];
    for (const c of sim.controllers) {
      const trust = await decideTrust(known, c.host, c.port, { trustNew: true });
      process.stderr.write(`• ${c.spec.name.padEnd(10)} ${c.host}:${c.port}  certificate ${trust.pin!.slice(0, 23)}… trusted (simulated)\n`);
      const outcome = await backupController({
        controller: { host: c.host, port: c.port, protocol: 'https', name: c.spec.name, site: c.spec.site ?? 'Demo campus', pin: trust.pin! },
        username: 'admin',
        password: 'admin',
        target: 'Device',
        dataTypes: DATA_TYPE_PRESETS.all,
        envysion: 'all',
        format: 'json',
        archiveRoot,
      });
      if (outcome.status === 'succeeded' && trust.pin) await known.pin(c.host, c.port, trust.pin);
      rows.push({ name: c.spec.name, outcome });
      const b = outcome.backup;
      const api = outcome.device ? (outcome.device.api === 'v2' ? 'API v2' : `rev ${outcome.device.apiRevision}`) : '';
      process.stderr.write(
        outcome.status === 'succeeded'
          ? `  ✓ ${api.padEnd(8)} ${formatBytes(b!.bytes ?? 0).padStart(9)}  sha256 ${b!.sha256!.slice(0, 16)}…  compatibility ${b!.compatibility ?? 'n/a'}\n`
          : `  ✗ ${outcome.error!.code}: ${outcome.error!.message}\n`,
      );
    }
    const report = await writeRunSummary(archiveRoot, 'demo', rows);
    const ok = rows.filter((r) => r.outcome.status === 'succeeded').length;
    process.stdout.write(
      [
        '',
        `${ok} of ${rows.length} simulated controllers backed up and verified.`,
        `Backups:  ${archiveRoot}${path.sep}Demo campus${path.sep}<controller>${path.sep}*.ecybackup (each with a .json sidecar)`,
        `Report:   ${report.json}`,
        `          ${report.csv}`,
        '',
      ].join('\n'),
    );
    return ok === rows.length;
  } finally {
    await sim.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}
