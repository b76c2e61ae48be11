import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { writePrivateFile } from '../../core/archive/private-files';
import { DATA_TYPE_PRESETS } from '../../../shared/data-types';
import { diagnoseController, type DiagnoseFindings } from '../../core/diagnose/diagnose';
import { CodedError } from '../../core/errors';
import { resolveDataDir } from '../../core/inventory/data-dir';
import { KnownDevices } from '../../core/inventory/known-devices';
import { decideTrust } from '../../core/inventory/trust';
import { parseAddress } from '../address';
import { readCaArg } from '../files';
import { onInterrupt } from '../interrupt';
import { checkPasswordSource, readPassword } from '../password';
import type { LoginFlags } from '../login-flags';
import { cliLogger } from '../log-options';
import { terminalText } from '../terminal-text';

interface DiagnoseFlags extends LoginFlags {
  job?: string;
  withBackup?: boolean;
  out: string;
  har?: string;
}

/** `diagnose HOST[:PORT]`: a field capture (HAR) of what a real controller answers, for a bug report. */
export function registerDiagnose(program: Command): void {
  program
    .command('diagnose')
    .description(
      'Capture what a controller answers (read-only; with --with-backup, one full backup too) into a HAR file for support. Passwords, Basic tokens and cookies are redacted; backup files appear as size and SHA-256 only.',
    )
    .argument('<address>', 'HOST or HOST:PORT (port 443 by default)')
    .requiredOption('--user <name>', 'controller account with the REST API role')
    .option('--password-env <var>', 'read the password from this environment variable (else it is asked, hidden)')
    .option('--fingerprint <sha256>', 'trust exactly this certificate (AB:CD:… or hex)')
    .option('--trust-new', 'trust the certificate of a controller seen for the first time (it is not remembered)')
    .option('--ca <file>', 'the site CA certificate (PEM, or DER .cer/.crt)')
    .option('--http', 'use plain HTTP (port 80 by default): the password crosses the network readable')
    .option('--job <id>', 'also read this job (an id from a run report or the controller)')
    .option('--with-backup', 'also make one full backup, every exchange recorded (it is archived as usual)')
    .option('--out <dir>', 'archive folder for --with-backup', 'eclypse-archive')
    .option('--har <file>', 'where to write the capture (default: eclypse-diagnose-HOST-DATE.har here)')
    .option('--data-dir <dir>', 'folder of trusted controllers and settings')
    .action(async (address: string, flags: DiagnoseFlags) => {
      await runDiagnose(address, flags);
    });
}

async function runDiagnose(address: string, flags: DiagnoseFlags): Promise<void> {
  const abort = new AbortController();
  const dispose = onInterrupt('Cancelling…', () => abort.abort());
  try {
    const { host, port } = parseAddress(address, flags.http ? 80 : 443);
    checkPasswordSource(flags.passwordEnv);
    const known = await KnownDevices.load(resolveDataDir(flags.dataDir));
    const siteCaPem = flags.ca ? await readCaArg(flags.ca, '--ca') : undefined;
    const trust: { pin?: string } = flags.http ? {} : await decideTrust(known, host, port, { fingerprint: flags.fingerprint, trustNew: flags.trustNew, siteCaPem, signal: abort.signal });
    const password = await readPassword(flags.passwordEnv, `Password for ${flags.user}@${host}: `);
    const harFile = path.resolve(flags.har ?? `eclypse-diagnose-${host.replace(/[^\w.-]/g, '_')}-${stamp(new Date())}.har`);
    await fs.mkdir(path.dirname(harFile), { recursive: true });
    const { har, findings } = await diagnoseController({
      address: { host, port, protocol: flags.http ? 'http' : 'https' },
      trust: { ...(trust.pin ? { pin: trust.pin } : {}), ...(siteCaPem ? { siteCaPem } : {}) },
      username: flags.user,
      password,
      ...(flags.job ? { jobId: flags.job } : {}),
      ...(flags.withBackup
        ? { backup: { target: 'Device' as const, dataTypes: DATA_TYPE_PRESETS.all, envysion: 'all' as const, format: 'json' as const, archiveRoot: path.resolve(flags.out) } }
        : {}),
      signal: abort.signal,
      logger: cliLogger().child({ controllerId: `${host}:${port}` }),
      onStep: (words) => process.stderr.write(`  ${words}\n`),
    });
    await writePrivateFile(harFile, `${JSON.stringify(har, null, 2)}\n`);
    // Error texts in the findings are the controller's words: made safe for a terminal.
    process.stdout.write(`${summary(findings, harFile).map((line) => terminalText(line)).join('\n')}\n`);
    process.exitCode = findings.probes.some((p) => p.status !== null) ? 0 : 1;
  } catch (err) {
    if (abort.signal.aborted) throw new CodedError('CANCELLED', 'The capture was cancelled; no file was written.');
    throw err;
  } finally {
    dispose();
  }
}

function summary(f: DiagnoseFindings, harFile: string): string[] {
  const answered = f.probes.filter((p) => p.status !== null && p.status < 300).length;
  const lines = [
    `✓ Capture written: ${harFile}`,
    `  ${answered} of ${f.probes.length} read-only requests answered 2xx; API ${f.api ?? 'not recognised'}.`,
    `  Backup options: ${f.variants.backupOptions ?? 'not read'} · Device file list: ${f.variants.deviceFileList ?? 'not read'} · USB path: ${f.variants.usbTarget ?? 'none answered'}`,
  ];
  if (f.variants.jobResource) lines.push(`  Job resource: ${f.variants.jobResource}`);
  if (f.backup) lines.push(`  Backup: ${f.backup.status}${f.backup.error ? ` (${f.backup.error})` : ''}${f.backup.sha256 ? `, SHA-256 ${f.backup.sha256}` : ''}`);
  lines.push('  Send this file with your bug report. It holds no password, token or cookie value, and no backup content.');
  return lines;
}

function stamp(d: Date): string {
  return d.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
}
