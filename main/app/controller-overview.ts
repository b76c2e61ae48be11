import type { RunRecord } from '../../shared/run-record';
import type { KnownDevices } from '../core/inventory/known-devices';
import type { InventoryController } from '../../shared/inventory';
import type { ControllerOverview } from '../../preload/api';
import type { ListedBackup } from './archive-listing';

/** Runs read for "last run" per controller: the newest ones cover any controller a technician cares about today. */
export const OVERVIEW_RUNS = 20;

/**
 * The inventory as the Controllers screen shows it: each controller with its pin, whether the last attempt found a
 * changed certificate, its newest archived backup and how it ended in the newest run that included it.
 * `runs` are newest first.
 */
export function controllerOverview(
  controllers: InventoryController[],
  pins: KnownDevices,
  backups: ListedBackup[],
  runs: RunRecord[],
): ControllerOverview[] {
  const newestBackup = new Map<string, ListedBackup>();
  for (const b of backups) if (b.controllerId && !newestBackup.has(b.controllerId)) newestBackup.set(b.controllerId, b);
  const lastRun = new Map<string, ControllerOverview['lastRun']>();
  /** The certificate a CERT_CHANGED failure saw: once it is the pin, the technician has re-trusted it. */
  const changedTo = new Map<string, string | null>();
  for (const run of runs) {
    for (const r of run.results) {
      if (lastRun.has(r.controllerId) || r.status === 'pending') continue;
      lastRun.set(r.controllerId, {
        runId: run.runId,
        at: r.finishedAt ?? r.startedAt ?? run.startedAt,
        status: r.status,
        errorCode: r.error?.code ?? null,
        message: r.error?.message ?? null,
      });
      if (r.error?.code === 'CERT_CHANGED') changedTo.set(r.controllerId, r.error.actualFingerprint ?? null);
    }
  }
  return controllers.map((controller) => {
    const pinned = pins.get(controller.host, controller.port)?.fingerprint ?? null;
    const last = lastRun.get(controller.id) ?? null;
    const b = newestBackup.get(controller.id);
    return {
      controller,
      pinnedFingerprint: pinned,
      certState:
        pinned === null
          ? 'unknown'
          : changedTo.has(controller.id) && changedTo.get(controller.id) !== pinned
            ? 'changed'
            : 'pinned',
      lastBackup: b
        ? {
            path: b.path,
            finishedAt: b.finishedAt,
            bytes: b.bytes,
            sha256: b.sha256,
            verdict: b.verdict,
            verdictReason: b.verdictReason,
            modelName: b.modelName ?? null,
            softwareVersion: b.softwareVersion ?? null,
          }
        : null,
      lastRun: last,
    };
  });
}
