// Checks electron-builder.yml offline: the app is packed with `electron-builder --dir` around a stand-in
// Electron (the real one cannot be downloaded here), and the packed file list is what a technician's laptop
// would get. Real installers are built elsewhere; see the README.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { extractFile } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  listAsar,
  listFolder,
  makeStandInElectron,
  offlineDirArgs,
  packageOf,
  packedPackages,
  requiredModules,
  runElectronBuilder,
} from './packed-app';
import type { PackedFile } from './packed-app';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

// Building and packing take seconds; a loaded 2-core CI machine gets ample margin.
const PACK_TIMEOUT_MS = 150_000;

// What a sandboxed preload may require; anything else must be bundled into dist/preload/index.cjs.
const SANDBOXED_PRELOAD_MODULES = new Set(['electron', 'events', 'timers', 'url', 'node:events', 'node:timers', 'node:url']);
const DEVELOPMENT_TOOLS = ['electron', 'electron-builder', '@electron/asar', 'esbuild', 'typescript', 'vitest', 'vite', 'selfsigned'];

interface PackageLock {
  packages: Record<string, { name?: string; version?: string; dev?: boolean }>;
}

let work: string;
let resources: string;
let packed: PackedFile[];
let unpackedOnDisk: string[];

beforeAll(async () => {
  const manifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
  const electronVersion: string = manifest.devDependencies.electron;
  work = await mkdtemp(path.join(tmpdir(), 'eclypse-packaging-'));
  const standIn = path.join(work, 'electron');
  const output = path.join(work, 'release');

  // dist/ was built once for all test files by test/support/build-once.ts.
  await makeStandInElectron(standIn, electronVersion);
  await runElectronBuilder(root, offlineDirArgs(standIn, electronVersion, output));

  // linux-unpacked on x64, linux-arm64-unpacked on arm64.
  const appDir = (await readdir(output)).find((name) => name.endsWith('-unpacked'));
  if (!appDir) throw new Error(`electron-builder wrote no unpacked app into ${output}`);
  resources = path.join(output, appDir, 'resources');
  packed = listAsar(path.join(resources, 'app.asar'));
  unpackedOnDisk = await listFolder(path.join(resources, 'app.asar.unpacked'));
}, PACK_TIMEOUT_MS);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('electron-builder --dir with a stand-in Electron', () => {
  it('packs the main and preload bundles and the renderer into app.asar', () => {
    expect(existsSync(path.join(resources, 'app.asar'))).toBe(true);
    const paths = packed.map((file) => file.path);
    const app = ['dist/main/index.cjs', 'dist/preload/index.cjs', 'dist/renderer/index.html', 'package.json'];
    expect(paths).toEqual(expect.arrayContaining(app));
    // Every script and stylesheet the page loads is in the archive (Vite names them by content hash).
    const html = readFileSync(path.join(root, 'dist/renderer/index.html'), 'utf8');
    const assets = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => `dist/renderer/${m[1]}`);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    expect(paths).toEqual(expect.arrayContaining(assets));
    // Outside node_modules only the built app and package.json: no sources, scripts, build resources, README.
    const stray = paths.filter(
      (file) => !file.startsWith('node_modules/') && !/^dist\/(main|preload|renderer)\//.test(file) && file !== 'package.json',
    );
    expect(stray).toEqual([]);
  });

  it('leaves the keyring native binary unpacked, beside the archive', async () => {
    // The platform package npm installed here (e.g. @napi-rs/keyring-linux-x64-gnu) is the one packed.
    const installed = await readdir(path.join(root, 'node_modules/@napi-rs'));
    const platformPackages = installed.filter((name) => name.startsWith('keyring-'));
    expect(platformPackages.length).toBeGreaterThan(0);
    for (const name of platformPackages) {
      const folder = `node_modules/@napi-rs/${name}/`;
      const binaries = unpackedOnDisk.filter((file) => file.startsWith(folder) && file.endsWith('.node'));
      expect(binaries, `no .node file unpacked for @napi-rs/${name}`).not.toEqual([]);
    }
    // Node cannot dlopen from inside the archive: no .node file may be packed inside it.
    expect(packed.filter((file) => file.path.endsWith('.node') && !file.unpacked)).toEqual([]);
    expect(packed.some((file) => file.path === 'node_modules/@napi-rs/keyring/package.json')).toBe(true);
  });

  it('packs no tests, TypeScript sources or source maps', () => {
    const everything = [...packed.map((file) => file.path), ...unpackedOnDisk];
    expect(everything.filter((file) => /(^|\/)(test|tests|__tests__)\//.test(file))).toEqual([]);
    expect(everything.filter((file) => /\.(ts|mts|cts|tsx)$/.test(file))).toEqual([]);
    expect(everything.filter((file) => file.endsWith('.map'))).toEqual([]);
  });

  it('packs no package that only the development tools need', async () => {
    // By name@version: the same name can be a development tool's dependency in one version and ours in another.
    const lock: PackageLock = JSON.parse(await readFile(path.join(root, 'package-lock.json'), 'utf8'));
    const inLock = (dev: boolean) =>
      new Set(
        Object.entries(lock.packages)
          .filter(([location, entry]) => location !== '' && (entry.dev === true) === dev)
          .map(([location, entry]) => `${entry.name ?? packageOf(`${location}/`)}@${entry.version}`),
      );
    const runtime = inLock(false);
    const devOnly = [...inLock(true)].filter((id) => !runtime.has(id));
    const inApp = packedPackages(path.join(resources, 'app.asar'), packed);
    expect(inApp.size).toBeGreaterThan(0);
    expect(devOnly.filter((id) => inApp.has(id))).toEqual([]);
    expect([...inApp].filter((id) => !runtime.has(id))).toEqual([]);
    const names = new Set([...inApp].map((id) => id.slice(0, id.lastIndexOf('@'))));
    for (const tool of DEVELOPMENT_TOOLS) {
      expect(names.has(tool), `${tool} is packed`).toBe(false);
    }
  });

  it('packs a package.json that starts the main bundle and lists no dev dependencies', () => {
    const manifest = JSON.parse(extractFile(path.join(resources, 'app.asar'), 'package.json').toString('utf8'));
    expect(manifest.main).toBe('dist/main/index.cjs');
    expect(manifest.devDependencies).toBeUndefined();
  });

  it('builds a preload that requires only what a sandboxed preload may', async () => {
    const preload = await readFile(path.join(root, 'dist/preload/index.cjs'), 'utf8');
    expect(requiredModules(preload).filter((name) => !SANDBOXED_PRELOAD_MODULES.has(name))).toEqual([]);
  });

  it('builds a main bundle that needs from node_modules only packages that are packed', async () => {
    const main = await readFile(path.join(root, 'dist/main/index.cjs'), 'utf8');
    const packedNames = new Set(packed.map((file) => packageOf(file.path)));
    const missing = requiredModules(main).filter((name) => {
      const bare = /^(@[^/]+\/)?[^/]+/.exec(name)![0];
      return name !== 'electron' && !isBuiltin(name) && !packedNames.has(bare);
    });
    expect(missing).toEqual([]);
  });
});
