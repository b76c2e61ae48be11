import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { writePrivateFile } from '../../core/archive/private-files';
import { diagnoseController, fullBackupCapture, type DiagnoseFindings } from '../../core/diagnose/diagnose';
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
import { cliWords } from '../language';
import { SaidError } from '../said-error';

interface DiagnoseFlags extends LoginFlags {
  job?: string;
  withBackup?: boolean;
  out: string;
  har?: string;
}

/** `diagnose HOST[:PORT]`: a field capture (HAR) of what a real controller answers, for a bug report. */
export function registerDiagnose(program: Command): void {
  const h = cliWords();
  program
    .command('diagnose')
    .description(h('help.diagnose.description'))
    .argument('<address>', h('help.diagnose.arg.address'))
    .requiredOption('--user <name>', h('help.diagnose.opt.user'))
    .option('--password-env <var>', h('help.diagnose.opt.password-env'))
    .option('--fingerprint <sha256>', h('help.diagnose.opt.fingerprint'))
    .option('--trust-new', h('help.diagnose.opt.trust-new'))
    .option('--ca <file>', h('help.diagnose.opt.ca'))
    .option('--http', h('help.diagnose.opt.http'))
    .option('--job <id>', h('help.diagnose.opt.job'))
    .option('--with-backup', h('help.diagnose.opt.with-backup'))
    .option('--out <dir>', h('help.diagnose.opt.out'), 'eclypse-archive')
    .option('--har <file>', h('help.diagnose.opt.har'))
    .option('--data-dir <dir>', h('help.diagnose.opt.data-dir'))
    .action(async (address: string, flags: DiagnoseFlags) => {
      await runDiagnose(address, flags);
    });
}

async function runDiagnose(address: string, flags: DiagnoseFlags): Promise<void> {
  const abort = new AbortController();
  const w = cliWords();
  const dispose = onInterrupt(w('cli.cancelling'), () => abort.abort());
  try {
    const { host, port } = parseAddress(address, flags.http ? 80 : 443);
    checkPasswordSource(flags.passwordEnv);
    const known = await KnownDevices.load(resolveDataDir(flags.dataDir));
    const siteCaPem = flags.ca ? await readCaArg(flags.ca, '--ca') : undefined;
    const trust: { pin?: string } = flags.http
      ? {}
      : await decideTrust(known, host, port, {
          fingerprint: flags.fingerprint,
          trustNew: flags.trustNew,
          siteCaPem,
          signal: abort.signal,
        });
    const password = await readPassword(flags.passwordEnv, w('cli.password.prompt', { user: flags.user, host }));
    const harFile = path.resolve(
      flags.har ?? `eclypse-diagnose-${host.replace(/[^\w.-]/g, '_')}-${stamp(new Date())}.har`,
    );
    await fs.mkdir(path.dirname(harFile), { recursive: true });
    const { har, findings } = await diagnoseController({
      address: { host, port, protocol: flags.http ? 'http' : 'https' },
      trust: { ...(trust.pin ? { pin: trust.pin } : {}), ...(siteCaPem ? { siteCaPem } : {}) },
      username: flags.user,
      password,
      ...(flags.job ? { jobId: flags.job } : {}),
      ...(flags.withBackup ? { backup: fullBackupCapture(path.resolve(flags.out)) } : {}),
      signal: abort.signal,
      logger: cliLogger().child({ controllerId: `${host}:${port}` }),
      onStep: (words) => process.stderr.write(`  ${diagnoseStep(words)}\n`),
    });
    await writePrivateFile(harFile, `${JSON.stringify(har, null, 2)}\n`);
    // Error texts in the findings are the controller's words: made safe for a terminal.
    process.stdout.write(
      `${summary(findings, harFile)
        .map((line) => terminalText(line))
        .join('\n')}\n`,
    );
    process.exitCode = findings.probes.some((p) => p.status !== null) ? 0 : 1;
  } catch (err) {
    if (abort.signal.aborted) throw new SaidError('CANCELLED', 'cli.diagnose.cancelled');
    throw err;
  } finally {
    dispose();
  }
}

function summary(f: DiagnoseFindings, harFile: string): string[] {
  const answered = f.probes.filter((p) => p.status !== null && p.status < 300).length;
  const w = cliWords();
  const notRead = w('cli.diagnose.not-read');
  const lines = [
    `✓ ${w('cli.diagnose.written', { file: harFile })}`,
    `  ${w('cli.diagnose.answered', { answered: String(answered), total: String(f.probes.length), api: f.api ?? w('cli.diagnose.not-recognised') })}`,
    `  ${w('cli.diagnose.variants', { options: f.variants.backupOptions ?? notRead, list: f.variants.deviceFileList ?? notRead, usb: f.variants.usbTarget ?? w('cli.diagnose.none-answered') })}`,
  ];
  if (f.variants.jobResource) lines.push(`  ${w('cli.diagnose.job-resource', { resource: f.variants.jobResource })}`);
  if (f.backup)
    lines.push(
      `  ${w('cli.diagnose.backup', { status: f.backup.status })}${f.backup.error ? ` (${f.backup.error})` : ''}${f.backup.sha256 ? `, SHA-256 ${f.backup.sha256}` : ''}`,
    );
  lines.push(`  ${w('cli.diagnose.send')}`);
  return lines;
}

function stamp(d: Date): string {
  return d.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
}

/** The capture's steps, named by the core in English (the HAR keeps those names), in the language in force. */
function diagnoseStep(words: string): string {
  const w = cliWords();
  if (w.locale === 'en') return words;
  const usb = /^USB key backup files as "(.+)" \(v1\)$/.exec(words);
  if (usb) return w('cli.diagnose.step.usb', { segment: usb[1] ?? '' });
  const steps: Record<string, Parameters<typeof w>[0]> = {
    'One full backup, recorded': 'cli.diagnose.step.backup',
    'API root, without credentials': 'cli.diagnose.step.root-anonymous',
    'API root (v1), after the login': 'cli.diagnose.step.root',
    'API revision (v1 /info)': 'cli.diagnose.step.info',
    'Controller identity (v1 /info/device)': 'cli.diagnose.step.identity',
    'Backup options (v1 /system/backup)': 'cli.diagnose.step.options',
    'Backup targets (v1)': 'cli.diagnose.step.targets',
    'Device backup files (v1)': 'cli.diagnose.step.device-files',
    'Services (v2)': 'cli.diagnose.step.services',
    'Backups (v2)': 'cli.diagnose.step.backups',
    'Job (v1)': 'cli.diagnose.step.job-v1',
    'Job (v2)': 'cli.diagnose.step.job-v2',
  };
  const key = steps[words];
  return key ? w(key) : words;
}
