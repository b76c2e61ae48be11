import fs from 'node:fs/promises';
import path from 'node:path';
import { controllerFolder } from '../archive/layout';
import { lastBackupIn } from '../archive/last-backup';
import type { BodyFormat } from '../device/codecs';
import { discoverController } from '../device/discovery';
import { toErrorInfo } from '../errors';
import { DeviceSession, type SessionTimeouts } from '../device/session';
import { probeCertificate } from '../device/tls-pin';
import type { PinState } from '../../../shared/trust';
import type { InventoryController } from '../../../shared/inventory';
import type { ControllerCredentials } from './bulk-runner';
import { pileUpWarning, storeOf } from '../backup/store-pile-up';
import type { PreflightReport, PreflightRow } from '../../../shared/preflight';

/** What pre-flight needs: how to trust and log in, as the real run would. */
export interface PreflightSettings {
  archiveRoot: string;
  concurrency: number;
  format: BodyFormat;
  trustNew: boolean;
  pinOf: (c: InventoryController) => string | undefined;
  credentials: (c: InventoryController) => Promise<ControllerCredentials>;
  timeouts?: Partial<SessionTimeouts>;
  signal?: AbortSignal;
}

/**
 * Checks every controller as a run would meet it — reachability, certificate against its pin, login, API
 * revision, model, firmware, backup support, expected size — and the laptop's free space. Reads only: no
 * backup is created, nothing is written on any controller.
 */
export async function preflight(controllers: InventoryController[], s: PreflightSettings): Promise<PreflightReport> {
  const rows: PreflightRow[] = new Array(controllers.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < controllers.length; i = next++) {
      const c = controllers[i];
      if (c) rows[i] = await checkOne(c, s);
    }
  };
  await Promise.all(Array.from({ length: Math.min(s.concurrency, controllers.length) }, worker));
  const freeBytes = await freeSpace(s.archiveRoot);
  const estimatedBytes = rows.reduce((a, r) => a + (r.estimatedBytes ?? 0), 0);
  const blocked = rows.filter((r) => r.verdict === 'blocked').length;
  const warnings = rows.filter((r) => r.verdict === 'warning').length;
  const noSpace = freeBytes !== null && estimatedBytes > freeBytes;
  const verdict = noSpace || blocked > 0 ? 'blocked' : warnings > 0 ? 'warning' : 'ready';
  const parts = [`${rows.length - blocked - warnings} ready`, `${warnings} with warnings`, `${blocked} blocked`];
  if (noSpace) parts.push(`not enough free space (${estimatedBytes} bytes needed, ${freeBytes} free)`);
  return { rows, freeBytes, estimatedBytes, verdict, summary: parts.join(', ') };
}

async function checkOne(c: InventoryController, s: PreflightSettings): Promise<PreflightRow> {
  const row: PreflightRow = {
    controllerId: c.id,
    name: c.name,
    site: c.site,
    host: c.host,
    port: c.port,
    reachable: false,
    certificate: null,
    login: 'not-tried',
    api: null,
    apiRevision: null,
    modelName: null,
    softwareVersion: null,
    backupSupported: null,
    estimatedBytes: null,
    verdict: 'blocked',
    reasons: [],
    error: null,
  };
  let session: DeviceSession | undefined;
  try {
    const cert = await probeCertificate(c.host, c.port, { timeoutMs: s.timeouts?.connectMs, signal: s.signal });
    row.reachable = true;
    const pin = s.pinOf(c);
    const state: PinState = !pin ? 'unknown' : pin === cert.fingerprint ? 'pinned' : 'changed';
    row.certificate = { state, fingerprint: cert.fingerprint, expired: cert.expired };
    if (state === 'changed') row.reasons.push(`Certificate changed (pinned ${pin}, now ${cert.fingerprint}).`);
    if (state === 'unknown' && !s.trustNew)
      row.reasons.push('Certificate not trusted yet: pin it, or run with --trust-new.');
    if (state === 'unknown' && s.trustNew) {
      row.reasons.push(
        `Not trusted yet (fingerprint ${cert.fingerprint}); no password was sent to it. Trusting controllers seen for the first time pins this certificate when the run starts, and the sign-in is checked then.`,
      );
    }
    if (cert.expired) row.reasons.push('Certificate expired (a pin still works).');
    // A password goes only to a certificate the technician has trusted (a pin, or a fingerprint they gave): a
    // controller seen for the first time is probed, never signed in to, even when the run will trust it.
    if (state !== 'pinned') return finish(row, c, s);
    const credentials = await s.credentials(c);
    session = new DeviceSession({
      address: { host: c.host, port: c.port, protocol: 'https' },
      trust: { pin: cert.fingerprint },
      ...credentials,
      timeouts: s.timeouts,
      signal: s.signal,
      attempts: 1,
    });
    const api = await discoverController(session, s.format);
    row.login = 'ok';
    Object.assign(row, {
      api: api.identity.api,
      apiRevision: api.identity.apiRevision || null,
      modelName: api.identity.modelName || null,
      softwareVersion: api.identity.softwareVersion || null,
      backupSupported: true,
    });
    const files = await api.listFiles('Device').catch(() => []);
    row.estimatedBytes = files.reduce<number | null>(
      (a, f) => (f.size === undefined ? a : Math.max(a ?? 0, f.size)),
      null,
    );
    const last = await lastBackupIn(controllerFolder(s.archiveRoot, c.site ?? undefined, c.name));
    const pileUp = pileUpWarning(
      storeOf(files),
      last?.controllerStore ?? null,
      `${c.host}${c.port === 443 ? '' : `:${c.port}`}`,
    );
    if (pileUp) row.reasons.push(pileUp);
  } catch (err) {
    row.error = toErrorInfo(err);
    if (row.error.code === 'AUTH_FAILED') row.login = 'failed';
    if (row.error.code === 'API_UNSUPPORTED') {
      // The revision is read after the login: the account works, the firmware is too old.
      row.backupSupported = false;
      if (session) row.login = 'ok';
    }
    row.reasons.push(`${row.error.code}: ${row.error.message}`);
  } finally {
    session?.close();
  }
  return finish(row, c, s);
}

async function finish(row: PreflightRow, c: InventoryController, s: PreflightSettings): Promise<PreflightRow> {
  row.estimatedBytes =
    (await lastBackupIn(controllerFolder(s.archiveRoot, c.site ?? undefined, c.name)))?.bytes ?? row.estimatedBytes;
  const blocking =
    row.error !== null || row.certificate?.state === 'changed' || (row.certificate?.state === 'unknown' && !s.trustNew);
  row.verdict = blocking
    ? 'blocked'
    : row.reasons.length > 0 || row.certificate?.state === 'unknown'
      ? 'warning'
      : 'ready';
  return row;
}

/** Free bytes where the archive will be written (its nearest existing folder). */
async function freeSpace(folder: string): Promise<number | null> {
  let dir = path.resolve(folder);
  for (;;) {
    try {
      const st = await fs.statfs(dir);
      return Number(st.bavail) * Number(st.bsize);
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) return null;
      dir = parent;
    }
  }
}
