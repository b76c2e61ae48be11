import path from 'node:path';
import type { Command } from 'commander';
import { backupController, type BackupOutcome } from '../../core/backup/pipeline';
import { parseDataTypes, validateFileName } from '../../core/backup/options';
import { parseTarget } from '../../core/device/backup-target';
import { CodedError, toErrorInfo } from '../../core/errors';
import { resolveDataDir } from '../../core/inventory/data-dir';
import { InventoryStore } from '../../core/inventory/inventory-store';
import { deviceKey, KnownDevices } from '../../core/inventory/known-devices';
import type { InventoryController } from '../../../shared/inventory';
import { decideTrust } from '../../core/inventory/trust';
import { parseAddress } from '../address';
import { readCaArg } from '../files';
import { backupJson, printError } from '../output';
import { checkPasswordSource, readPassword } from '../password';
import { cliLogger } from '../log-options';
import { formatBytes, ProgressLine } from '../progress-line';
import { onInterrupt } from '../interrupt';
import type { LoginFlags } from '../login-flags';
import { terminalJson, terminalLines, terminalText } from '../terminal-text';

interface BackupFlags extends LoginFlags {
  ignorePin?: boolean;
  target: string;
  name?: string;
  dataTypes: string;
  envysion: string;
  format: string;
  out: string;
  jobTimeout: string;
  json?: boolean;
}

/** `backup HOST[:PORT]`: one verified backup of one controller into the archive. */
export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('Back up one controller: the controller builds the backup, the file is downloaded, verified and archived.')
    .argument('<address>', 'HOST or HOST:PORT (port 443 by default)')
    .requiredOption('--user <name>', 'controller account with the REST API role')
    .option('--password-env <var>', 'read the password from this environment variable (else it is asked, hidden)')
    .option('--fingerprint <sha256>', 'trust exactly this certificate (AB:CD:… or hex), e.g. read off the controller\'s web page')
    .option('--trust-new', 'trust the certificate of a controller seen for the first time (never overrides a pin)')
    .option('--ca <file>', 'the site CA certificate (PEM, or DER .cer/.crt), for controllers with CA-signed certificates')
    .option('--http', 'use plain HTTP (port 80 by default): the password crosses the network readable')
    .option('--ignore-pin', 'with --http: go ahead although this controller has a trusted certificate (it speaks HTTPS)')
    .option('--target <target>', 'Device or UsbKey', 'Device')
    .option('--name <filename>', 'file name the controller gives the backup (default: the controller name)')
    .option('--data-types <types>', 'all, config, or a comma list of data types', 'all')
    .option('--envysion <projects>', 'ENVYSION projects: all, none, or a comma list', 'all')
    .option('--format <format>', 'request format: json, or xml (API revision 7.0 and later)', 'json')
    .option('--out <dir>', 'archive folder', 'eclypse-archive')
    .option('--data-dir <dir>', 'folder of trusted controllers and settings')
    .option('--job-timeout <minutes>', 'how long the controller may take to build the backup', '30')
    .option('--json', 'print one JSON object on stdout')
    .action(async (address: string, flags: BackupFlags) => {
      const outcome = await runBackupCommand(address, flags);
      process.exitCode = outcome.error?.code === 'INVALID_INPUT' ? 2 : outcome.status === 'succeeded' ? 0 : 1;
    });
}

async function runBackupCommand(address: string, flags: BackupFlags): Promise<BackupOutcome> {
  const started = new Date().toISOString();
  const abort = new AbortController();
  const dispose = onInterrupt('Cancelling…', () => abort.abort());
  let host = address;
  let port = 0;
  try {
    const parsed = parseAddress(address, flags.http ? 80 : 443);
    ({ host, port } = parsed);
    const options = parseOptions(flags);
    checkPasswordSource(flags.passwordEnv);
    const dataDir = resolveDataDir(flags.dataDir);
    const known = await KnownDevices.load(dataDir);
    const listed = await inventoryEntry(dataDir, host, port);
    if (flags.http) refuseHttpToPinned(known, host, flags.ignorePin === true);
    if (flags.http) process.stderr.write('⚠ Plain HTTP: the password and the backup cross the network unencrypted.\n');
    const siteCaPem = flags.ca ? await readCaArg(flags.ca, '--ca') : undefined;
    const trust = flags.http
      ? { savePin: false }
      : await decideTrust(known, host, port, { fingerprint: flags.fingerprint, trustNew: flags.trustNew, siteCaPem, signal: abort.signal });
    if (trust.probed) process.stderr.write(`${terminalText(`Trusting ${host}:${port} for the first time: ${trust.probed.fingerprint}`)}\n`);
    const password = await readPassword(flags.passwordEnv, `Password for ${flags.user}@${host}: `);
    const progress = new ProgressLine(`[${host}]`);
    const outcome = await backupController({
      // The folder is named by the inventory (name and site) or the address, never by the controller alone.
      controller: { host, port, protocol: flags.http ? 'http' : 'https', ...(listed ? { name: listed.name, ...(listed.site ? { site: listed.site } : {}) } : {}), ...trustFields(trust) },
      username: flags.user,
      password,
      ...options,
      archiveRoot: path.resolve(flags.out),
      signal: abort.signal,
      logger: cliLogger().child({ controllerId: `${host}:${port}` }),
      onProgress: (p) => progress.update(p),
    });
    progress.end();
    // A pin is saved only once a connection has proved it: a mistyped fingerprint is never stored.
    if (trust.savePin && trust.pin && outcome.device?.fingerprint === trust.pin) {
      await known.pin(host, port, trust.pin, trust.probed?.subject ?? '').catch((err: Error) => {
        outcome.warnings.push(`The backup is saved, but the certificate could not be remembered: ${err.message}`);
      });
    }
    report(outcome, flags);
    return outcome;
  } catch (err) {
    const cancelled = abort.signal.aborted || (err instanceof CodedError && err.code === 'CANCELLED');
    const outcome: BackupOutcome = {
      status: cancelled ? 'cancelled' : 'failed',
      device: null,
      backup: null,
      error: toErrorInfo(err),
      warnings: [],
      startedAt: started,
      finishedAt: new Date().toISOString(),
    };
    report(outcome, flags, err, host, port);
    return outcome;
  } finally {
    dispose();
  }
}

function parseOptions(flags: BackupFlags) {
  const format = flags.format.toLowerCase();
  if (format !== 'json' && format !== 'xml') throw new CodedError('INVALID_INPUT', `Unknown format "${flags.format}": use json or xml.`);
  const minutes = Number(flags.jobTimeout);
  if (!Number.isFinite(minutes) || minutes <= 0) throw new CodedError('INVALID_INPUT', `--job-timeout must be a number of minutes, not "${flags.jobTimeout}".`);
  const envysion = flags.envysion.trim().toLowerCase();
  return {
    target: parseTarget(flags.target),
    ...(flags.name === undefined ? {} : { fileName: validateFileName(flags.name) }),
    dataTypes: parseDataTypes(flags.dataTypes),
    envysion: envysion === 'all' ? ('all' as const) : envysion === 'none' ? [] : flags.envysion.split(',').map((s) => s.trim()).filter(Boolean),
    format: format as 'json' | 'xml',
    wait: { jobTimeoutMs: minutes * 60_000 },
  };
}

/**
 * A controller with a pin has shown a certificate: it speaks HTTPS, so plain HTTP to it would give away the
 * password for nothing, or reach whoever answers on port 80 in its place. Only --ignore-pin overrides.
 */
function refuseHttpToPinned(known: KnownDevices, host: string, ignorePin: boolean): void {
  const pins = known.pinsOfHost(host);
  if (pins.length === 0 || ignorePin) return;
  const ports = pins.map((p) => p.port).join(', ');
  throw new CodedError(
    'INVALID_INPUT',
    `${host} has a trusted certificate (pinned on port ${ports}): it speaks HTTPS, and --http would send its password readable. Leave out --http; only if you are sure this controller now serves plain HTTP, add --ignore-pin.`,
  );
}

/** The controller as the inventory knows it; a damaged inventory is said, and the backup goes on by address. */
async function inventoryEntry(dataDir: string, host: string, port: number): Promise<InventoryController | undefined> {
  try {
    return (await InventoryStore.load(dataDir)).get(deviceKey(host, port));
  } catch (err) {
    process.stderr.write(`⚠ ${terminalText(toErrorInfo(err).message)} The backup goes into a folder named by the address.\n`);
    return undefined;
  }
}

function trustFields(trust: { pin?: string; siteCaPem?: string }): { pin?: string; siteCaPem?: string } {
  return { ...(trust.pin ? { pin: trust.pin } : {}), ...(trust.siteCaPem ? { siteCaPem: trust.siteCaPem } : {}) };
}

function report(outcome: BackupOutcome, flags: BackupFlags, thrown?: unknown, host?: string, port?: number): void {
  for (const w of outcome.warnings) process.stderr.write(`⚠ ${terminalText(w)}\n`);
  if (flags.json) {
    process.stdout.write(`${terminalJson(backupJson(outcome))}\n`);
  }
  if (outcome.error) {
    if (!flags.json) printError(thrown ?? new CodedError(outcome.error.code, outcome.error.message, outcome.error));
    retrustAdvice(outcome, host ?? outcome.device?.host, port ?? outcome.device?.port);
    return;
  }
  if (flags.json || outcome.status !== 'succeeded') return;
  const b = outcome.backup;
  const lines =
    b.file === null
      ? ['✓ Backup created on the controller\'s USB key', `  Device file   ${terminalText(b.deviceFileName, 300)}.ecybackup`]
      : [
          '✓ Backup saved and verified',
          `  File          ${terminalText(b.file, 380)}`,
          `  Size          ${formatBytes(b.bytes ?? 0)} (${b.bytes} bytes)`,
          `  SHA-256       ${b.sha256}`,
          `  Compatibility ${terminalText(b.compatibility ?? 'not reported by the controller', 380)}`,
          `  Details       ${terminalText(b.sidecar, 380)}`,
        ];
  process.stdout.write(`${terminalLines(lines.join('\n'))}\n`);
}

function retrustAdvice(outcome: BackupOutcome, host: string | undefined, port: number | undefined): void {
  const e = outcome.error;
  if (!e) return;
  const where = host && port ? `${host}:${port}` : '<address>';
  if (e.code === 'CERT_UNTRUSTED' && e.actualFingerprint) {
    process.stderr.write(`${terminalText(`  To trust it after checking: eclypse-backup backup ${where} --fingerprint ${e.actualFingerprint} --user …`)}\n`);
  } else if (e.code === 'CERT_CHANGED' && e.actualFingerprint) {
    process.stderr.write(`${terminalText(`  Only if the controller was reset or upgraded: eclypse-backup backup ${where} --fingerprint ${e.actualFingerprint} --user …`)}\n`);
  }
}
