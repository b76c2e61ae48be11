// Checks electron-builder.yml offline: the app is packed with `electron-builder --dir` around a stand-in
// Electron (the real one cannot be downloaded here), and the packed file list is what a technician's laptop
// would get. Real installers are built elsewhere; see the README.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFile } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ELECTRON_DEFAULT_FUSES,
  listAsar,
  listFolder,
  makeConfigProbe,
  makeStandInElectron,
  makeStandInFpm,
  STAND_IN_LOCALES,
  offlineDirArgs,
  packageOf,
  packedPackages,
  requiredModules,
  runElectronBuilder,
} from './packed-app';
import type { PackedFile } from './packed-app';

const root = fileURLToPath(new URL('../..', import.meta.url));

// Building and packing take seconds; a loaded 2-core CI machine gets ample margin.
const PACK_TIMEOUT_MS = 150_000;

// What a sandboxed preload may require; anything else must be bundled into dist/preload/index.cjs.
const SANDBOXED_PRELOAD_MODULES = new Set([
  'electron',
  'events',
  'timers',
  'url',
  'node:events',
  'node:timers',
  'node:url',
]);
const DEVELOPMENT_TOOLS = [
  'electron',
  'electron-builder',
  '@electron/asar',
  'esbuild',
  'typescript',
  'vitest',
  'vite',
  'selfsigned',
];

interface PackageLock {
  packages: Record<string, { name?: string; version?: string; dev?: boolean }>;
}

let work: string;
let resources: string;
let packed: PackedFile[];
let unpackedOnDisk: string[];
let appOut: string;
let output: string;
let standInWire: Awaited<ReturnType<typeof getCurrentFuseWire>>;
let fpmArgs: string[];
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- electron-builder's effective configuration (JSON), each field asserted below
let effective: Record<string, any>;
let manifest: {
  name: string;
  version: string;
  author?: { name?: string; email?: string };
  homepage?: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

beforeAll(async () => {
  manifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
  const electronVersion = manifest.devDependencies.electron!;
  work = await mkdtemp(path.join(tmpdir(), 'eclypse-packaging-'));
  const standIn = path.join(work, 'electron');
  output = path.join(work, 'release');
  const fpm = path.join(work, 'fpm');
  const fpmArgsFile = path.join(work, 'fpm-args.json');
  const probe = path.join(work, 'record-configuration.cjs');
  const configFile = path.join(work, 'configuration.json');

  // dist/ was built once for all test files by test/support/build-once.ts.
  await makeStandInElectron(standIn, electronVersion);
  standInWire = await getCurrentFuseWire(path.join(standIn, 'electron'));
  await makeStandInFpm(fpm, fpmArgsFile);
  await makeConfigProbe(probe, configFile);
  await runElectronBuilder(root, offlineDirArgs(standIn, electronVersion, output, probe), { CUSTOM_FPM_PATH: fpm });

  // linux-unpacked on x64, linux-arm64-unpacked on arm64.
  const appDir = (await readdir(output)).find((name) => name.endsWith('-unpacked'));
  if (!appDir) throw new Error(`electron-builder wrote no unpacked app into ${output}`);
  appOut = path.join(output, appDir);
  resources = path.join(appOut, 'resources');
  fpmArgs = JSON.parse(await readFile(fpmArgsFile, 'utf8'));
  // The configuration as electron-builder understood it (after validating it against its schema).
  effective = JSON.parse(await readFile(configFile, 'utf8')) as typeof effective;
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
      (file) =>
        !file.startsWith('node_modules/') && !/^dist\/(main|preload|renderer)\//.test(file) && file !== 'package.json',
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
    const packedManifest = JSON.parse(extractFile(path.join(resources, 'app.asar'), 'package.json').toString('utf8'));
    expect(packedManifest.main).toBe('dist/main/index.cjs');
    expect(packedManifest.devDependencies).toBeUndefined();
  });

  it('builds a preload that requires only what a sandboxed preload may', async () => {
    const preload = await readFile(path.join(root, 'dist/preload/index.cjs'), 'utf8');
    expect(requiredModules(preload).filter((name) => !SANDBOXED_PRELOAD_MODULES.has(name))).toEqual([]);
  });

  it('lists as dependencies only what the bundles leave outside (the keychain addon): a bundled library is a devDependency, so the installer does not ship it twice', async () => {
    const main = await readFile(path.join(root, 'dist/main/index.cjs'), 'utf8');
    const outside = requiredModules(main).filter((name) => name !== 'electron' && !isBuiltin(name));
    // keychain-store.ts loads the addon by a name esbuild does not follow, so it is named here as well.
    expect(Object.keys(manifest.dependencies).sort()).toEqual([...new Set([...outside, '@napi-rs/keyring'])].sort());
    for (const bundled of ['got', 'zod', 'fast-xml-parser', 'yazl', 'electron-log', '@formatjs/intl']) {
      expect(manifest.devDependencies[bundled], `${bundled} is bundled into dist/main`).toBeDefined();
    }
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

describe('Electron fuses in the packed executable', () => {
  const state = (wire: Record<number, number>, fuse: FuseV1Options): string => String.fromCharCode(wire[fuse]!);

  it("the stand-in carries Electron's own fuse wire and defaults, so a flip is seen", () => {
    expect(standInWire.version).toBe('1');
    expect(
      Array.from({ length: ELECTRON_DEFAULT_FUSES.length }, (_, i) =>
        String.fromCharCode(standInWire[i as FuseV1Options]!),
      ).join(''),
    ).toBe(ELECTRON_DEFAULT_FUSES);
  });

  it('runs as Node never, takes no NODE_OPTIONS or --inspect, loads only its checked app.asar, gives file:// no extra privileges', async () => {
    const executable = path.join(appOut, manifest.name);
    expect(existsSync(executable)).toBe(true);
    const wire = (await getCurrentFuseWire(executable)) as unknown as Record<number, number>;
    // On the wire a fuse is the ASCII byte '0' (off) or '1' (on).
    const off = '0';
    const on = '1';
    expect({
      runAsNode: state(wire, FuseV1Options.RunAsNode),
      nodeOptions: state(wire, FuseV1Options.EnableNodeOptionsEnvironmentVariable),
      nodeCliInspect: state(wire, FuseV1Options.EnableNodeCliInspectArguments),
      embeddedAsarIntegrity: state(wire, FuseV1Options.EnableEmbeddedAsarIntegrityValidation),
      onlyLoadAppFromAsar: state(wire, FuseV1Options.OnlyLoadAppFromAsar),
      fileProtocolExtraPrivileges: state(wire, FuseV1Options.GrantFileProtocolExtraPrivileges),
    }).toEqual({
      runAsNode: off,
      nodeOptions: off,
      nodeCliInspect: off,
      embeddedAsarIntegrity: on,
      onlyLoadAppFromAsar: on,
      fileProtocolExtraPrivileges: off,
    });
    // The two fuses not configured keep Electron's defaults.
    expect(state(wire, FuseV1Options.EnableCookieEncryption)).toBe(
      ELECTRON_DEFAULT_FUSES[FuseV1Options.EnableCookieEncryption],
    );
    expect(state(wire, FuseV1Options.LoadBrowserProcessSpecificV8Snapshot)).toBe(
      ELECTRON_DEFAULT_FUSES[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot],
    );
  });
});

describe('installer metadata a site IT department expects', () => {
  it('keeps only the English and French Chromium locales', async () => {
    expect(STAND_IN_LOCALES.length).toBeGreaterThan(3);
    expect((await readdir(path.join(appOut, 'locales'))).sort()).toEqual(['en-GB.pak', 'en-US.pak', 'fr.pak']);
    expect(effective.electronLanguages).toEqual(['en', 'fr']);
  });

  it('builds the .deb (no longer stopped by missing metadata) with a maintainer, homepage and vendor', async () => {
    const arg = (name: string): string | undefined => fpmArgs[fpmArgs.indexOf(name) + 1];
    expect(manifest.author?.name).toBeTruthy();
    expect(manifest.author?.email).toMatch(/^[^\s@]+@[^\s@]+\.[^\s@]+$/);
    expect(manifest.homepage).toMatch(/^https:\/\//);
    expect(fpmArgs.slice(0, 5)).toEqual(['-s', 'dir', '--force', '-t', 'deb']);
    expect(arg('--maintainer')).toBe(`${manifest.author!.name} <${manifest.author!.email}>`);
    expect(arg('--url')).toBe(manifest.homepage);
    expect(arg('--vendor')).toBe(arg('--maintainer'));
    expect(arg('--name')).toBe(manifest.name);
    expect(path.basename(arg('--package')!)).toMatch(
      new RegExp(`^${manifest.name}_${manifest.version.replace(/\./g, '\\.')}_(amd64|arm64)\\.deb$`),
    );
    expect(existsSync(arg('--package')!)).toBe(true);
  });

  it('names the publisher, the app and every installer file, per OS, without spaces', () => {
    expect(effective.appId).toBe('com.eclypse-field-backup.app');
    expect(effective.copyright).toMatch(/^Copyright © \d{4} \S/);
    const names = {
      nsis: effective.nsis?.artifactName,
      portable: effective.portable?.artifactName,
      mac: effective.mac?.artifactName,
      linux: effective.linux?.artifactName,
      deb: effective.deb?.artifactName,
    };
    for (const [target, name] of Object.entries(names)) {
      expect(name, target).toMatch(/\$\{version\}/);
      expect(name, target).toMatch(/\$\{ext\}$/);
      expect(name, target).not.toMatch(/\$\{productName\}|\s/);
    }
    // The two Windows installers are both .exe: their names must differ.
    expect(names.nsis).not.toBe(names.portable);
  });

  it('asks macOS for the local network (or macOS 15 blocks every controller) and the Documents folder, in words', () => {
    const info = effective.mac?.extendInfo ?? {};
    expect(info.NSLocalNetworkUsageDescription).toMatch(/local network/);
    expect(info.NSDocumentsFolderUsageDescription).toMatch(/Documents/);
    expect(effective.mac?.hardenedRuntime).toBe(true);
  });

  it('publishes nowhere, signs only from the environment, and builds on Electron 45 pinned exactly', async () => {
    expect(effective.publish ?? null).toBeNull();
    const yml = await readFile(path.join(root, 'electron-builder.yml'), 'utf8');
    expect(yml).not.toMatch(/^\s*(cscLink|cscKeyPassword|certificatePassword|certificateFile)\s*:/m);
    for (const variable of ['CSC_LINK', 'CSC_KEY_PASSWORD', 'APPLE_API_KEY']) expect(yml).toContain(variable);
    expect(manifest.devDependencies.electron).toMatch(/^45\.\d+\.\d+$/);
    for (const os of ['win', 'mac', 'linux'] as const) {
      expect(manifest.scripts[`dist:${os}`]).toMatch(new RegExp(`electron-builder --${os} --publish never$`));
      expect(manifest.scripts[`dist:${os}`]).toMatch(/^node scripts\/build\.mjs app && /);
    }
  });
});
