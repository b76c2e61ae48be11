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
import { ProgressLine } from '../progress-line';
import { cliWords } from '../language';
import { SaidError } from '../said-error';
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
  const h = cliWords();
  program
    .command('backup')
    .description(h('help.backup.description'))
    .argument('<address>', h('help.backup.arg.address'))
    .requiredOption('--user <name>', h('help.backup.opt.user'))
    .option('--password-env <var>', h('help.backup.opt.password-env'))
    .option('--fingerprint <sha256>', h('help.backup.opt.fingerprint'))
    .option('--trust-new', h('help.backup.opt.trust-new'))
    .option('--ca <file>', h('help.backup.opt.ca'))
    .option('--http', h('help.backup.opt.http'))
    .option('--ignore-pin', h('help.backup.opt.ignore-pin'))
    .option('--target <target>', h('help.backup.opt.target'), 'Device')
    .option('--name <filename>', h('help.backup.opt.name'))
    .option('--data-types <types>', h('help.backup.opt.data-types'), 'all')
    .option('--envysion <projects>', h('help.backup.opt.envysion'), 'all')
    .option('--format <format>', h('help.backup.opt.format'), 'json')
    .option('--out <dir>', h('help.backup.opt.out'), 'eclypse-archive')
    .option('--data-dir <dir>', h('help.backup.opt.data-dir'))
    .option('--job-timeout <minutes>', h('help.backup.opt.job-timeout'), '30')
    .option('--json', h('help.backup.opt.json'))
    .action(async (address: string, flags: BackupFlags) => {
      const outcome = await runBackupCommand(address, flags);
      process.exitCode = outcome.error?.code === 'INVALID_INPUT' ? 2 : outcome.status === 'succeeded' ? 0 : 1;
    });
}

async function runBackupCommand(address: string, flags: BackupFlags): Promise<BackupOutcome> {
  const started = new Date().toISOString();
  const abort = new AbortController();
  const w = cliWords();
  const dispose = onInterrupt(w('cli.cancelling'), () => abort.abort());
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
    if (flags.http) process.stderr.write(`⚠ ${w('cli.backup.plain-http')}\n`);
    const siteCaPem = flags.ca ? await readCaArg(flags.ca, '--ca') : undefined;
    const trust = flags.http
      ? { savePin: false }
      : await decideTrust(known, host, port, {
          fingerprint: flags.fingerprint,
          trustNew: flags.trustNew,
          siteCaPem,
          signal: abort.signal,
        });
    if (trust.probed)
      process.stderr.write(
        `${terminalText(w('cli.backup.trusting', { address: `${host}:${port}`, fingerprint: trust.probed.fingerprint }))}\n`,
      );
    const password = await readPassword(flags.passwordEnv, w('cli.password.prompt', { user: flags.user, host }));
    const progress = new ProgressLine(`[${host}]`);
    const outcome = await backupController({
      // The folder is named by the inventory (name and site) or the address, never by the controller alone.
      controller: {
        host,
        port,
        protocol: flags.http ? 'http' : 'https',
        ...(listed ? { name: listed.name, ...(listed.site ? { site: listed.site } : {}) } : {}),
        ...trustFields(trust),
      },
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
        outcome.warnings.push(w('cli.backup.pin-not-saved', { reason: err.message }));
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
  if (format !== 'json' && format !== 'xml')
    throw new SaidError('INVALID_INPUT', 'cli.backup.format', { format: flags.format });
  const minutes = Number(flags.jobTimeout);
  if (!Number.isFinite(minutes) || minutes <= 0)
    throw new SaidError('INVALID_INPUT', 'cli.backup.job-timeout', { text: flags.jobTimeout });
  const envysion = flags.envysion.trim().toLowerCase();
  return {
    target: parseTarget(flags.target),
    ...(flags.name === undefined ? {} : { fileName: validateFileName(flags.name) }),
    dataTypes: parseDataTypes(flags.dataTypes),
    envysion:
      envysion === 'all'
        ? ('all' as const)
        : envysion === 'none'
          ? []
          : flags.envysion
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
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
  throw new SaidError('INVALID_INPUT', 'cli.backup.http-pinned', { host, ports });
}

/** The controller as the inventory knows it; a damaged inventory is said, and the backup goes on by address. */
async function inventoryEntry(dataDir: string, host: string, port: number): Promise<InventoryController | undefined> {
  try {
    return (await InventoryStore.load(dataDir)).get(deviceKey(host, port));
  } catch (err) {
    const w = cliWords();
    const info = toErrorInfo(err);
    process.stderr.write(
      `⚠ ${terminalText(w.failure(info.code, info.message))} ${w('cli.backup.folder-by-address')}\n`,
    );
    return undefined;
  }
}

function trustFields(trust: { pin?: string; siteCaPem?: string }): { pin?: string; siteCaPem?: string } {
  return { ...(trust.pin ? { pin: trust.pin } : {}), ...(trust.siteCaPem ? { siteCaPem: trust.siteCaPem } : {}) };
}

function report(outcome: BackupOutcome, flags: BackupFlags, thrown?: unknown, host?: string, port?: number): void {
  const w = cliWords();
  for (const x of outcome.warnings) process.stderr.write(`⚠ ${terminalText(w.warning(x))}\n`);
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
      ? [
          `✓ ${w('cli.backup.usb-created')}`,
          field(w('cli.backup.field.device-file'), `${terminalText(b.deviceFileName, 300)}.ecybackup`),
        ]
      : [
          `✓ ${w('cli.backup.saved')}`,
          field(w('cli.backup.field.file'), terminalText(b.file, 380)),
          field(
            w('cli.backup.field.size'),
            w('cli.backup.size', { size: w.bytes(b.bytes ?? 0), bytes: String(b.bytes) }),
          ),
          field('SHA-256', b.sha256 ?? ''),
          field(
            w('cli.backup.field.compatibility'),
            terminalText(b.compatibility ?? w('cli.backup.not-reported'), 380),
          ),
          field(w('cli.backup.field.details'), terminalText(b.sidecar, 380)),
        ];
  process.stdout.write(`${terminalLines(lines.join('\n'))}\n`);
}

function retrustAdvice(outcome: BackupOutcome, host: string | undefined, port: number | undefined): void {
  const e = outcome.error;
  if (!e) return;
  const w = cliWords();
  const where = host && port ? `${host}:${port}` : w('cli.backup.address-placeholder');
  if (e.code === 'CERT_UNTRUSTED' && e.actualFingerprint) {
    process.stderr.write(
      `${terminalText(`  ${w('cli.backup.trust-after-check', { address: where, fingerprint: e.actualFingerprint })}`)}\n`,
    );
  } else if (e.code === 'CERT_CHANGED' && e.actualFingerprint) {
    process.stderr.write(
      `${terminalText(`  ${w('cli.backup.retrust-if-reset', { address: where, fingerprint: e.actualFingerprint })}`)}\n`,
    );
  }
}

/** "  File          …": a label padded to the longest English one, so the values line up in either language. */
function field(label: string, value: string): string {
  return `  ${label.padEnd(13)} ${value}`;
}
