import { execFile } from 'node:child_process';
import { chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { extractFile, listPackage, statFile } from '@electron/asar';

const run = promisify(execFile);

/**
 * The fuse wire of a real Electron binary: the sentinel @electron/fuses searches for, the wire version (1), its
 * length, then one ASCII byte per fuse ('0' off, '1' on) in FuseV1Options order, with Electron's defaults
 * (electron/build/fuses/fuses.json5): runAsNode on, cookieEncryption off, nodeOptions on, nodeCliInspect on,
 * embeddedAsarIntegrityValidation off, onlyLoadAppFromAsar off, browser-process V8 snapshot off,
 * grantFileProtocolExtraPrivileges on.
 */
export const ELECTRON_DEFAULT_FUSES = '10110001';
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** Chromium locale files of the stand-in; electronLanguages decides which of them are packed. */
export const STAND_IN_LOCALES = ['de.pak', 'en-GB.pak', 'en-US.pak', 'fr.pak', 'ja.pak', 'zh-CN.pak'];

/**
 * Makes the smallest folder electron-builder accepts as an unpacked Electron (`-c.electronDist=`), because the
 * real binary comes from GitHub, which our machines cannot reach. It is copied, never started. Its executable
 * carries a real fuse wire, so electron-builder's @electron/fuses step flips it exactly as in the real binary.
 */
export async function makeStandInElectron(dir: string, version: string): Promise<void> {
  await mkdir(path.join(dir, 'resources'), { recursive: true });
  await mkdir(path.join(dir, 'locales'), { recursive: true });
  const script = Buffer.from('#!/bin/sh\necho "stand-in Electron: not runnable" >&2\nexit 1\n');
  const wire = Buffer.concat([
    Buffer.from(FUSE_SENTINEL, 'ascii'),
    Buffer.from([1, ELECTRON_DEFAULT_FUSES.length]),
    Buffer.from(ELECTRON_DEFAULT_FUSES, 'ascii'),
  ]);
  await writeFile(path.join(dir, 'electron'), Buffer.concat([script, wire]));
  await chmod(path.join(dir, 'electron'), 0o755);
  await writeFile(path.join(dir, 'version'), version);
  await writeFile(path.join(dir, 'LICENSE'), 'Stand-in for the Electron LICENSE file.\n');
  await writeFile(path.join(dir, 'LICENSES.chromium.html'), '<!doctype html><title>stand-in</title>\n');
  for (const locale of STAND_IN_LOCALES) await writeFile(path.join(dir, 'locales', locale), `stand-in ${locale}\n`);
}

/**
 * A stand-in for fpm (which electron-builder downloads from GitHub) at CUSTOM_FPM_PATH: it writes the
 * arguments it was given as JSON to `argsFile` and creates the package file named by `--package`, so the deb
 * target runs to its end and the test can read what the .deb would say (maintainer, homepage, vendor, name).
 */
export async function makeStandInFpm(file: string, argsFile: string): Promise<void> {
  const source = [
    `#!${process.execPath}`,
    "const fs = require('node:fs');",
    'const args = process.argv.slice(2);',
    `fs.writeFileSync(${JSON.stringify(argsFile)}, JSON.stringify(args));`,
    "const out = args[args.indexOf('--package') + 1];",
    "fs.writeFileSync(out, 'stand-in package');",
    '',
  ].join('\n');
  await writeFile(file, source);
  await chmod(file, 0o755);
}

/**
 * An afterPack hook (given with `-c.afterPack=`) that writes the configuration electron-builder resolved and
 * validated — electron-builder.yml, package.json's metadata and the command line merged — to `configFile` as
 * JSON. (Its own builder-effective-config.yaml is written only on an interactive terminal.)
 */
export async function makeConfigProbe(file: string, configFile: string): Promise<void> {
  const source = [
    "const fs = require('node:fs');",
    'exports.default = async function recordConfiguration(context) {',
    `  fs.writeFileSync(${JSON.stringify(configFile)}, JSON.stringify(context.packager.config));`,
    '};',
    '',
  ].join('\n');
  await writeFile(file, source);
}

/** The exact electron-builder arguments that pack the app offline for this machine's architecture: the unpacked app and a .deb. */
export function offlineDirArgs(
  electronDist: string,
  electronVersion: string,
  output: string,
  afterPack?: string,
): string[] {
  return [
    ...(afterPack ? [`-c.afterPack=${afterPack}`] : []),
    '--linux',
    'dir',
    'deb',
    '--publish',
    'never',
    `-c.electronDist=${electronDist}`,
    `-c.electronVersion=${electronVersion}`,
    `-c.directories.output=${output}`,
  ];
}

/** Runs the project's electron-builder from `root`; the error carries its output, which says why. */
export async function runElectronBuilder(
  root: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<string> {
  const cli = path.join(root, 'node_modules', 'electron-builder', 'cli.js');
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], {
      cwd: root,
      maxBuffer: 16 << 20,
      env: { ...process.env, ...env },
    });
    return stdout + stderr;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`electron-builder failed:\n${stdout}\n${stderr}`, { cause: error });
  }
}

/** One file of the packed app, by its path inside the app (forward slashes, no leading slash). */
export interface PackedFile {
  path: string;
  size: number;
  /** Stored in app.asar.unpacked rather than inside the archive. */
  unpacked: boolean;
}

/** Every file in app.asar (unpacked ones included, as the archive's header lists them). */
export function listAsar(asarPath: string): PackedFile[] {
  const files: PackedFile[] = [];
  for (const entry of listPackage(asarPath, { isPack: false })) {
    const inside = entry
      .replace(/^[\\/]/, '')
      .split(path.sep)
      .join('/');
    const stat = statFile(asarPath, inside, false);
    if ('files' in stat || 'link' in stat) continue;
    files.push({ path: inside, size: stat.size, unpacked: stat.unpacked === true });
  }
  return files;
}

/** Every file under `dir`, relative to it with forward slashes. */
export async function listFolder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

/** The package name a path inside node_modules belongs to (the innermost one), or undefined. */
export function packageOf(file: string): string | undefined {
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*\/node_modules\/)/.exec(file);
  return match?.[1];
}

/** A package as name@version, the way package-lock.json and a packed package.json both identify it. */
export function packedPackages(asarPath: string, files: PackedFile[]): Set<string> {
  const found = new Set<string>();
  for (const file of files) {
    const name = packageOf(file.path);
    if (!name || !file.path.endsWith(`node_modules/${name}/package.json`)) continue;
    const manifest = JSON.parse(extractFile(asarPath, file.path).toString('utf8')) as { version: string };
    found.add(`${name}@${manifest.version}`);
  }
  return found;
}

/** The module names a CommonJS bundle passes to a literal `require("…")`. */
export function requiredModules(bundle: string): string[] {
  return [...new Set([...bundle.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!))];
}
