// Bundles the CLI (and later main + preload) to CommonJS with esbuild: the `bin` must run on plain Node
// without a TypeScript loader, and a sandboxed Electron preload cannot load ES modules.
import { build } from 'esbuild';

const what = process.argv[2] ?? 'all';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: false,
  logLevel: 'warning',
  legalComments: 'none',
};

if (what === 'cli' || what === 'all') {
  await build({
    ...common,
    entryPoints: ['main/cli/index.ts'],
    outfile: 'dist/cli.cjs',
    banner: { js: '#!/usr/bin/env node' },
  });
}

if (what === 'bench') {
  // One bundle per benchmark script; bench/support/ holds shared helpers, bundled into each.
  await build({
    ...common,
    entryPoints: ['bench/download-throughput.ts', 'bench/bulk-schedule.ts', 'bench/bulk-fleet.ts'],
    outdir: 'dist/bench',
    outExtension: { '.js': '.cjs' },
  });
}
