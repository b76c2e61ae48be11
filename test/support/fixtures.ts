import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { backupController, type BackupOutcome, type BackupSpec } from '../../main/core/backup/pipeline';
import { DATA_TYPE_PRESETS } from '../../shared/data-types';
import type { SimController } from '../simulator/types';

/** A fresh temporary folder, removed by the returned cleanup. */
export async function tempDir(prefix = 'eclypse-test-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

/**
 * A 127.0.0.1 port that refuses connections and that no test server will take: below the range the OS picks
 * `listen(0)` ports from. A closed simulator's own port is not that: another test file running at the same
 * time may be given it, and an "offline" controller would then answer with another certificate.
 */
export async function refusedPort(): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
    });
    if (refused) return port;
  }
  throw new Error('no refused port found below 32000 on 127.0.0.1');
}

/** SHA-256 of a file on disk, hex. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  const handle = await fs.open(file, 'r');
  try {
    for await (const chunk of handle.createReadStream()) hash.update(chunk as Buffer);
  } finally {
    await handle.close().catch(() => undefined);
  }
  return hash.digest('hex');
}

/** Every file under a folder, relative paths, sorted. */
export async function listTree(root: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string): Promise<void> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(path.relative(root, p));
    }
  }
  await walk(root);
  return out.sort();
}

/** Runs one backup of a simulated controller with fast test timings; `overrides` changes any option. */
export function backupSim(
  ctrl: SimController,
  archiveRoot: string,
  overrides: Partial<BackupSpec> = {},
): Promise<BackupOutcome> {
  return backupController({
    controller: {
      host: ctrl.host,
      port: ctrl.port,
      protocol: 'https',
      name: ctrl.spec.name,
      site: ctrl.spec.site ?? 'Test site',
      pin: ctrl.fingerprint,
    },
    username: ctrl.spec.username ?? 'admin',
    password: ctrl.spec.password ?? 'admin',
    target: 'Device',
    dataTypes: DATA_TYPE_PRESETS.all,
    envysion: 'all',
    format: 'json',
    archiveRoot,
    retryBaseMs: 10,
    // The file list is also read every 500 ms while a job runs: a job that never says "done" ends in a second.
    wait: { pollStartMs: 20, pollMaxMs: 100, listingGraceMs: 1_000, jobTimeoutMs: 20_000, fileCheckMs: 500 },
    timeouts: { connectMs: 5_000, responseMs: 10_000, idleMs: 5_000 },
    ...overrides,
  });
}

/** Requests that carried Basic credentials (each a login in the controller's audit log). */
export function basicLogins(ctrl: SimController): number {
  return ctrl.requests.filter((r) => r.basic).length;
}

/** The entries of a zip as text, by name. */
export async function zipEntries(file: string): Promise<Record<string, string>> {
  const yauzl = await import('yauzl');
  const zip = await new Promise<import('yauzl').ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z!))),
  );
  const out: Record<string, string> = {};
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: import('yauzl').Entry) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream!.on('data', (c: Buffer) => chunks.push(c));
        stream!.on('end', () => {
          out[entry.fileName] = Buffer.concat(chunks).toString('utf8');
          zip.readEntry();
        });
      });
    });
    zip.once('end', () => resolve());
    zip.once('error', reject);
    zip.readEntry();
  });
  return out;
}
