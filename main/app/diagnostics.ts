import path from 'node:path';
import { REPORTS_FOLDER, safeSegment } from '../core/archive/layout';
import { prepareArchiveFolder, writePrivateFile } from '../core/archive/private-files';
import { diagnoseController, fullBackupCapture, type DiagnoseFindings } from '../core/diagnose/diagnose';
import type { ControllerCredentials } from '../core/runs/bulk-runner';
import { CodedError } from '../core/errors';
import type { InventoryController } from '../../shared/inventory';
import type { Logger } from '../core/log/logger';

/** Where captures go: beside the run reports, so one folder holds what support needs. */
export const DIAGNOSTICS_FOLDER = path.join(REPORTS_FOLDER, 'diagnostics');

/** What a capture from the app needs: a controller the technician already trusts, and its login. */
export interface CaptureRequest {
  controller: InventoryController;
  pin: string | undefined;
  login: ControllerCredentials;
  archiveRoot: string;
  withBackup: boolean;
  connectTimeoutSeconds: number;
  logger?: Logger;
}

/**
 * Runs `diagnose` for one controller of the inventory and writes its HAR into the archive's reports folder.
 * Only a pinned controller is captured: the capture logs in, and a password goes to a verified certificate only.
 */
export async function captureDiagnostics(r: CaptureRequest): Promise<{ path: string; summary: string[] }> {
  const c = r.controller;
  if (!r.pin)
    throw new CodedError(
      'CERT_UNTRUSTED',
      `${c.name} is not trusted yet: check and trust its certificate first (Back up one → Certificate).`,
    );
  const { har, findings } = await diagnoseController({
    address: { host: c.host, port: c.port, protocol: 'https' },
    trust: { pin: r.pin },
    ...r.login,
    timeouts: { connectMs: r.connectTimeoutSeconds * 1000 },
    ...(r.logger ? { logger: r.logger.child({ controllerId: c.id }) } : {}),
    ...(r.withBackup ? { backup: fullBackupCapture(r.archiveRoot) } : {}),
  });
  const folder = path.join(path.resolve(r.archiveRoot), DIAGNOSTICS_FOLDER);
  // A capture names the site's controllers and shows their answers: private, like the backups beside it.
  await prepareArchiveFolder(r.archiveRoot, folder);
  const stamp = findings.capturedAt.slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const file = path.join(folder, `${safeSegment(c.name, 'controller')}-${stamp}.har`);
  await writePrivateFile(file, `${JSON.stringify(har, null, 2)}\n`);
  return { path: path.relative(path.resolve(r.archiveRoot), file), summary: summaryOf(findings) };
}

function summaryOf(f: DiagnoseFindings): string[] {
  const answered = f.probes.filter((p) => p.status !== null && p.status < 300).length;
  const lines = [
    `${answered} of ${f.probes.length} read-only requests answered; API ${f.api ?? 'not recognised'}.`,
    `Backup options: ${f.variants.backupOptions ?? 'not read'}. Device file list: ${f.variants.deviceFileList ?? 'not read'}. USB path: ${f.variants.usbTarget ?? 'none answered'}.`,
  ];
  if (f.backup) lines.push(`Backup: ${f.backup.status}${f.backup.error ? ` (${f.backup.error})` : ''}.`);
  return lines;
}
