// Bundles the CLI and the desktop app's main and preload to CommonJS with esbuild: the `bin` must run on
// plain Node without a TypeScript loader, and a sandboxed Electron preload cannot load ES modules.
//   usage: node scripts/build.mjs cli | app | bench | preview | all   (all = cli + app)
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const what = process.argv[2] ?? 'all';
const TARGETS = ['cli', 'app', 'bench', 'preview', 'all'];
if (!TARGETS.includes(what)) {
  console.error(`usage: node scripts/build.mjs ${TARGETS.join(' | ')}`);
  process.exit(2);
}

// Paths are the repository's, whatever folder the build is started from (tests start it from anywhere).
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const common = {
  absWorkingDir: root,
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

if (what === 'app' || what === 'all') {
  // Stale files would be packed by electron-builder (it takes dist/main/** etc.): start from empty folders.
  for (const dir of ['dist/main', 'dist/preload', 'dist/renderer']) {
    await rm(join(root, dir), { recursive: true, force: true });
  }
  await build({
    ...common,
    entryPoints: ['main/index.ts'],
    outfile: 'dist/main/index.cjs',
    // Electron provides 'electron' at run time. The keyring is a native addon that keychain-store.ts
    // imports by a name esbuild does not follow; it stays in node_modules (unpacked from the asar) and is
    // listed here too so that a literal import added later is not bundled by mistake.
    external: ['electron', '@napi-rs/keyring'],
  });
  await build({
    ...common,
    entryPoints: ['preload/index.ts'],
    outfile: 'dist/preload/index.cjs',
    // A sandboxed preload can require only 'electron' and a few Node modules, never node_modules files:
    // everything else (the contract in preload/api.ts included) must be inside this one file.
    external: ['electron'],
    // The contract's schemas bring zod along; minified, the preload the window parses on start is ~40 % the size.
    minify: true,
  });
  await buildRenderer();
}

if (what === 'preview') {
  // The browser preview of the app (scripts/ui-preview.ts): the test harness and simulator, bundled for plain Node.
  // ES module output, because they use import.meta.url; `require` is given back for the CommonJS packages inside.
  await build({
    ...common,
    entryPoints: ['scripts/ui-preview.ts'],
    outfile: 'dist/preview.mjs',
    format: 'esm',
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; import { fileURLToPath as __toPath } from 'node:url'; import { dirname as __dir } from 'node:path'; const require = __createRequire(import.meta.url); const __filename = __toPath(import.meta.url); const __dirname = __dir(__filename);",
    },
  });
}

if (what === 'bench') {
  // One bundle per benchmark script; bench/support/ holds shared helpers, bundled into each.
  await build({
    ...common,
    entryPoints: [
      'bench/download-throughput.ts',
      'bench/bulk-schedule.ts',
      'bench/bulk-fleet.ts',
      'bench/event-load.ts',
    ],
    outdir: 'dist/bench',
    outExtension: { '.js': '.cjs' },
  });
}

/** Builds the React renderer with Vite into dist/renderer (renderer/vite.config.ts says how, and why). */
async function buildRenderer() {
  const { build: viteBuild } = await import('vite');
  // vitest runs this build with NODE_ENV=test, and Vite would then bundle React's development build (several
  // times slower): the e2e tests must drive, and time, the window a technician gets.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await viteBuild({ configFile: join(root, 'renderer/vite.config.ts'), mode: 'production' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  const html = await readFile(join(root, 'dist/renderer/index.html'), 'utf8');
  // The window runs offline under `default-src 'self'`: a reference to the network or an inline script is a bug.
  const references = [...html.matchAll(/\b(?:src|href)\s*=\s*["']([^"'#?]+)/gi)].map((m) => m[1]);
  const remote = references.filter((r) => /^[a-z][a-z0-9+.-]*:/i.test(r) || r.startsWith('//'));
  if (remote.length > 0)
    throw new Error(`dist/renderer/index.html references ${remote.join(', ')}: only packed files may be loaded`);
  if (/<script\b(?![^>]*\bsrc=)[^>]*>/i.test(html))
    throw new Error('dist/renderer/index.html has an inline script: the CSP would block it');
}
