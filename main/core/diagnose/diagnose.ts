import { DATA_TYPE_PRESETS } from '../../../shared/data-types';
import type { Logger } from '../log/logger';
import { backupController, type BackupOutcome, type BackupSpec } from '../backup/pipeline';
import { readBackupOptions } from '../device/answers';
import type { Body } from '../device/codecs';
import { ENDPOINTS, USB_TARGET_SEGMENTS } from '../device/endpoints';
import { toErrorInfo } from '../errors';
import type { ExchangeRecorder, RecordedExchange } from '../device/exchange-log';
import { DeviceSession, type DeviceAddress, type SessionTimeouts } from '../device/session';
import type { TrustPolicy } from '../device/tls-pin';
import type { CertificateInfo } from '../../../shared/trust';
import { TOOL_VERSION } from '../version';
import { toHar, type Har } from './har';

/** What a field capture asks of one controller. */
export interface DiagnoseOptions {
  address: DeviceAddress;
  trust: TrustPolicy;
  username: string;
  password: string;
  /** A job id the technician saw (a run's report, the controller's page): its resource is read too. */
  jobId?: string;
  /** Also one full backup, every exchange recorded (the backup file itself only as size + SHA-256). */
  backup?: Omit<BackupSpec, 'controller' | 'username' | 'password' | 'recorder' | 'signal' | 'onProgress'>;
  timeouts?: Partial<SessionTimeouts>;
  signal?: AbortSignal;
  onStep?: (words: string) => void;
  /** Where the capture's requests and decisions are logged as well (secrets removed). */
  logger?: Logger;
}

/** One read-only exchange of the capture and how it ended. */
interface Probe {
  name: string;
  path: string;
  status: number | null;
  error?: string;
}

/** What the tool concluded from the capture; it goes into the HAR under `_eclypse`. */
/** The one backup a capture makes when asked (`--with-backup`): everything, to the controller, in JSON. */
export function fullBackupCapture(archiveRoot: string): NonNullable<DiagnoseOptions['backup']> {
  return { target: 'Device', dataTypes: DATA_TYPE_PRESETS.all, envysion: 'all', format: 'json', archiveRoot };
}

export interface DiagnoseFindings {
  tool: { name: string; version: string };
  capturedAt: string;
  controller: { host: string; port: number; protocol: 'https' | 'http' };
  certificate: CertificateInfo | null;
  api: 'v1' | 'v2' | null;
  /** Which spelling or shape answered, where the documentation leaves several possible (see endpoints.ts). */
  variants: {
    usbTarget: string | null;
    deviceFileList: 'listed' | '404' | null;
    backupOptions: string | null;
    jobResource: string | null;
  };
  probes: Probe[];
  backup: {
    status: BackupOutcome['status'];
    error: string | null;
    deviceFileName: string | null;
    bytes: number | null;
    sha256: string | null;
    warnings: string[];
  } | null;
}

/** A finished capture: the HAR to save, and its findings for the screen or terminal. */
export interface DiagnoseResult {
  har: Har;
  findings: DiagnoseFindings;
}

const ANY_STATUS = Array.from({ length: 500 }, (_, i) => i + 100);

/**
 * Captures what a real controller says, for support: the read-only exchanges a backup relies on (every path
 * spelling the tool may try), with one login, and with `backup` one full backup. Nothing is created on the
 * controller without `backup`. Every exchange is recorded with its secrets removed; the result is a standard
 * HAR 1.2 file. A failing exchange is recorded and the capture goes on.
 */
export async function diagnoseController(o: DiagnoseOptions): Promise<DiagnoseResult> {
  const exchanges: RecordedExchange[] = [];
  const recorder: ExchangeRecorder = { add: (e) => exchanges.push(e) };
  const findings: DiagnoseFindings = {
    tool: { name: 'eclypse-field-backup', version: TOOL_VERSION },
    capturedAt: new Date().toISOString(),
    controller: { host: o.address.host, port: o.address.port, protocol: o.address.protocol },
    certificate: null,
    api: null,
    variants: { usbTarget: null, deviceFileList: null, backupOptions: null, jobResource: null },
    probes: [],
    backup: null,
  };
  const session = new DeviceSession({
    address: o.address,
    trust: o.trust,
    username: o.username,
    password: o.password,
    timeouts: o.timeouts,
    signal: o.signal,
    attempts: 1,
    recorder,
    ...(o.logger ? { logger: o.logger } : {}),
  });
  try {
    await readOnlyExchanges(session, o, findings);
  } finally {
    findings.certificate = session.agent?.lastCertificate ?? null;
    session.close();
  }
  if (o.backup) {
    o.onStep?.('One full backup, recorded');
    const outcome = await backupController({
      ...o.backup,
      controller: { ...o.address, ...o.trust },
      username: o.username,
      password: o.password,
      recorder,
      signal: o.signal,
      ...(o.logger ? { logger: o.logger } : {}),
    });
    findings.backup = {
      status: outcome.status,
      error: outcome.error ? `${outcome.error.code}: ${outcome.error.message}` : null,
      deviceFileName: outcome.backup?.deviceFileName ?? null,
      bytes: outcome.backup?.bytes ?? null,
      sha256: outcome.backup?.sha256 ?? null,
      warnings: outcome.warnings,
    };
  }
  const summary = `ECLYPSE field capture of ${o.address.host}:${o.address.port} by ${findings.tool.name} ${findings.tool.version}: API ${findings.api ?? 'unknown'}; USB path ${findings.variants.usbTarget ?? 'none answered'}; backup options ${findings.variants.backupOptions ?? 'unread'}. Passwords, Basic tokens and cookie values are redacted; backup files are given as size and SHA-256 only.`;
  return { har: toHar(exchanges, findings.tool, { ...findings }, summary), findings };
}

async function readOnlyExchanges(
  session: DeviceSession,
  o: DiagnoseOptions,
  findings: DiagnoseFindings,
): Promise<void> {
  const probe = async (
    name: string,
    path: string,
    anonymous = false,
  ): Promise<{ status: number; body: Body } | undefined> => {
    o.onStep?.(name);
    try {
      const res = await session.request({ method: 'GET', path, accept: ANY_STATUS, anonymous, attempts: 1 });
      findings.probes.push({ name, path, status: res.status });
      return res;
    } catch (err) {
      const info = toErrorInfo(err);
      findings.probes.push({ name, path, status: null, error: `${info.code}: ${info.message}` });
      if (info.code === 'CANCELLED' || info.code === 'CERT_CHANGED' || info.code === 'CERT_UNTRUSTED') throw err;
      return undefined;
    }
  };
  const ok = (r: { status: number } | undefined): boolean => r !== undefined && r.status >= 200 && r.status < 300;

  await probe('API root, without credentials', ENDPOINTS.v1Root.path(), true);
  await probe('API root (v1), after the login', ENDPOINTS.v1Root.path());
  const info = await probe('API revision (v1 /info)', ENDPOINTS.info.path());
  await probe('Controller identity (v1 /info/device)', ENDPOINTS.infoDevice.path());
  const options = await probe('Backup options (v1 /system/backup)', ENDPOINTS.backupOptions.path());
  if (options && ok(options)) findings.variants.backupOptions = describeOptions(options.body);
  await probe('Backup targets (v1)', ENDPOINTS.backupTargets.path());
  const device = await probe('Device backup files (v1)', ENDPOINTS.backupFiles.path('device'));
  findings.variants.deviceFileList = ok(device) ? 'listed' : device?.status === 404 ? '404' : null;
  for (const segment of USB_TARGET_SEGMENTS) {
    const usb = await probe(`USB key backup files as "${segment}" (v1)`, ENDPOINTS.backupFiles.path(segment));
    if (ok(usb) && findings.variants.usbTarget === null) findings.variants.usbTarget = segment;
  }
  const services = await probe('Services (v2)', ENDPOINTS.v2Services.path());
  await probe('Backups (v2)', ENDPOINTS.v2Backups.path());
  findings.api = ok(info) ? 'v1' : ok(services) ? 'v2' : null;
  // The v1 paths of a v2 controller say nothing about its backups.
  if (findings.api === 'v2')
    findings.variants = { ...findings.variants, deviceFileList: null, backupOptions: null, usbTarget: null };
  if (o.jobId) {
    const v1 = await probe('Job (v1)', ENDPOINTS.job.path(o.jobId));
    const v2 = await probe('Job (v2)', ENDPOINTS.v2Job.path(o.jobId));
    findings.variants.jobResource = ok(v1) ? 'v1 /jobs/{id}/' : ok(v2) ? 'v2 /jobs/{id}' : 'none answered';
  }
}

/** Which shape the backup options came in, in words (the documentation's object, or one of our older guesses). */
function describeOptions(body: Body): string {
  const read = readBackupOptions(body);
  if (read.warning) return 'not understood';
  if (Array.isArray(body)) return body.every((x) => typeof x === 'string') ? 'a list of names' : 'a list of {name}';
  return 'the documented Backup object';
}
