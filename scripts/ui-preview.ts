// The desktop app's window in any browser, against a simulated campus: the built renderer served by the test
// harness (the app's own dispatch table over HTTP and server-sent events), for a person to try the screens
// without the Electron binary. 127.0.0.1 only; everything is temporary and removed on Ctrl-C.
//   usage: npm run preview [-- --count 16 --untrusted 2]
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { demoCampus } from '../test/simulator/demo-campus';
import { startHarness } from '../test/harness/server';
import { HARNESS_PATHS } from '../test/harness/bridge-script';
import { startSimulator } from '../test/simulator/index';

/** Starts the simulated campus and the harness, prints the address, and stops everything on Ctrl-C. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { count: { type: 'string', default: '16' }, untrusted: { type: 'string', default: '2' } },
  });
  const count = Math.min(200, Math.max(2, Number.parseInt(values.count, 10) || 16));

  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'eclypse-preview-'));
  const specs = demoCampus(count).map((s, i) => ({
    ...s,
    site: i % 3 === 2 ? 'Annex' : 'Main building',
    jobDurationMs: 2500,
  }));
  const sim = await startSimulator(specs);
  // The harness's "native" dialogs: trust questions are answered yes (a person clicks Trust in the app).
  const harness = await startHarness({
    rendererDir: path.resolve('dist/renderer'),
    dataDir: path.join(work, 'data'),
    home: work,
    archiveFolder: path.join(work, 'archive'),
    choices: { trust: true },
  });

  const call = async (channel: string, request: unknown): Promise<unknown> => {
    const response = await fetch(new URL(`${HARNESS_PATHS.call}${channel}`, harness.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    const result = (await response.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
    if (!result.ok) throw new Error(`${channel}: ${result.error?.message}`);
    return result.value;
  };

  // The last controllers come without a fingerprint, so the wizard's trust step has something to show.
  const untrusted = Math.min(sim.controllers.length, Number.parseInt(values.untrusted, 10) || 0);
  const rows = sim.controllers.map((c, i) =>
    [
      c.spec.name,
      c.host,
      c.port,
      c.spec.site ?? '',
      i < sim.controllers.length - untrusted ? c.fingerprint : '',
      'Site default',
    ].join(','),
  );
  await call('inventory:importCsv', {
    text: `name,host,port,site,fingerprint,credential\n${rows.join('\n')}\n`,
    update: false,
  });
  await call('credentials:set', { profile: 'Site default', username: 'admin', password: 'admin' });

  process.stdout.write(`\nECLYPSE Field Backup (browser preview): ${harness.url}\n`);
  process.stdout.write(
    `${sim.controllers.length} simulated controllers on 127.0.0.1 (user admin, password admin); profile "Site default" is set.\n`,
  );
  process.stdout.write(`Files: ${work}\nCtrl-C to stop (everything above is removed).\n`);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await harness.close().catch(() => undefined);
    await sim.close().catch(() => undefined);
    await fs.rm(work, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
