import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ZipFile } from 'yazl';
import { REPORTS_FOLDER } from '../core/archive/layout';
import { prepareArchiveFolder, writePrivateFile } from '../core/archive/private-files';
import { TOOL_VERSION } from '../core/version';
import type { DiagnosticsExport, Settings } from '../../preload/api';
import { recentLogFiles } from './app-log';
import { DIAGNOSTICS_FOLDER } from './diagnostics';

/** How far back Export diagnostics reaches, for logs and captures alike. */
const EXPORT_DAYS = 7;
/** A zip above this would not go by e-mail anyway; the technician is told to send the newest files by hand. */
const MAX_EXPORT_BYTES = 512 * 1024 * 1024;

/** What an export needs: where the logs are, the archive it writes into, and what to say about the app. */
export interface ExportRequest {
  logsFolder: string;
  settings: Settings;
  /** Versions of the runtime (Electron's, Chrome's, Node's), for the report. */
  versions?: Record<string, string | undefined>;
  now?: Date;
}

/**
 * Writes ONE zip into the archive's reports folder for support: `logs/` (the app's log files of the last 7
 * days), `captures/` (the HAR captures of those days, if any were made) and `about.json` (versions, platform,
 * settings, what is inside). Private like the rest of the archive (0600, written through no link).
 */
export async function exportDiagnostics(r: ExportRequest): Promise<DiagnosticsExport> {
  const now = r.now ?? new Date();
  const root = path.resolve(r.settings.archiveFolder);
  const reports = path.join(root, REPORTS_FOLDER);
  await prepareArchiveFolder(root, reports);
  const logs = await recentLogFiles(r.logsFolder, EXPORT_DAYS, now.getTime());
  const captures = await recentFiles(path.join(root, DIAGNOSTICS_FOLDER), '.har', now.getTime());
  const zip = new ZipFile();
  const entries: Array<{ name: string; bytes: number }> = [];
  let total = 0;
  for (const [folder, files] of [
    ['logs', logs],
    ['captures', captures],
  ] as const) {
    for (const file of files) {
      // Read whole, once: the current log may grow while it is zipped, and a half line must not end the copy.
      const bytes = await fs.readFile(file);
      total += bytes.length;
      if (total > MAX_EXPORT_BYTES)
        throw new Error(
          `The logs and captures of the last ${EXPORT_DAYS} days are over ${MAX_EXPORT_BYTES / 1024 / 1024} MB: send the newest files of ${r.logsFolder} by hand.`,
        );
      const name = `${folder}/${path.basename(file)}`;
      zip.addBuffer(bytes, name, { mtime: (await fs.stat(file)).mtime, mode: 0o600 });
      entries.push({ name, bytes: bytes.length });
    }
  }
  const about = {
    tool: { name: 'eclypse-field-backup', version: TOOL_VERSION },
    createdAt: now.toISOString(),
    platform: `${process.platform} ${os.release()} ${process.arch}`,
    versions: r.versions ?? { node: process.versions.node },
    logsFolder: r.logsFolder,
    archiveFolder: root,
    settings: r.settings,
    days: EXPORT_DAYS,
    entries,
  };
  zip.addBuffer(Buffer.from(`${JSON.stringify(about, null, 2)}\n`), 'about.json', { mtime: now, mode: 0o600 });
  zip.end();
  const content = await collect(zip.outputStream);
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const file = path.join(reports, `eclypse-diagnostics-${stamp}.zip`);
  await writePrivateFile(file, content);
  return { path: path.relative(root, file), bytes: content.length, logFiles: logs.length, captures: captures.length };
}

async function recentFiles(folder: string, ext: string, now: number): Promise<string[]> {
  const names = await fs.readdir(folder).catch(() => [] as string[]);
  const out: string[] = [];
  for (const name of names.filter((n) => n.endsWith(ext))) {
    const st = await fs.lstat(path.join(folder, name)).catch(() => null);
    if (st?.isFile() && now - st.mtimeMs <= EXPORT_DAYS * 24 * 60 * 60 * 1000) out.push(path.join(folder, name));
  }
  return out.sort();
}

function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
  });
}
