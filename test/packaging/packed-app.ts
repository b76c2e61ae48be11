import { execFile } from 'node:child_process';
import { chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { extractFile, listPackage, statFile } from '@electron/asar';

const run = promisify(execFile);

/**
 * Makes the smallest folder electron-builder accepts as an unpacked Electron (`-c.electronDist=`), because the
 * real binary comes from GitHub, which our machines cannot reach. It is copied, never started.
 */
export async function makeStandInElectron(dir: string, version: string): Promise<void> {
  await mkdir(path.join(dir, 'resources'), { recursive: true });
  await writeFile(path.join(dir, 'electron'), '#!/bin/sh\necho "stand-in Electron: not runnable" >&2\nexit 1\n');
  await chmod(path.join(dir, 'electron'), 0o755);
  await writeFile(path.join(dir, 'version'), version);
  await writeFile(path.join(dir, 'LICENSE'), 'Stand-in for the Electron LICENSE file.\n');
  await writeFile(path.join(dir, 'LICENSES.chromium.html'), '<!doctype html><title>stand-in</title>\n');
}

/** The exact electron-builder arguments that pack the app offline for this machine's architecture. */
export function offlineDirArgs(electronDist: string, electronVersion: string, output: string): string[] {
  return [
    '--dir',
    '--linux',
    '--publish',
    'never',
    `-c.electronDist=${electronDist}`,
    `-c.electronVersion=${electronVersion}`,
    `-c.directories.output=${output}`,
  ];
}

/** Runs the project's electron-builder from `root`; the error carries its output, which says why. */
export async function runElectronBuilder(root: string, args: string[]): Promise<string> {
  const cli = path.join(root, 'node_modules', 'electron-builder', 'cli.js');
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { cwd: root, maxBuffer: 16 << 20 });
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
    const inside = entry.replace(/^[\\/]/, '').split(path.sep).join('/');
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
