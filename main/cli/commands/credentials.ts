import type { Command } from 'commander';
import { CodedError, toErrorInfo } from '../../core/errors';
import { cliWords } from '../language';
import { SaidError } from '../said-error';
import { resolveDataDir } from '../../core/inventory/data-dir';
import { CredentialProfiles, profileNameProblem, setProfileCommand } from '../../core/secrets/credential-profiles';
import { type ProfileSummary } from '../../../shared/credential-profile';
import { openKeychain } from '../../core/secrets/keychain-store';
import { errorJson, printError } from '../output';
import { checkPasswordSource, readPassword } from '../password';
import { terminalJson, terminalLines } from '../terminal-text';

interface SetFlags {
  user: string;
  passwordEnv?: string;
  dataDir?: string;
}

interface ListFlags {
  json?: boolean;
  dataDir?: string;
}

interface DeleteFlags {
  dataDir?: string;
}

/** `credentials set|list|delete`: named controller accounts whose passwords live in the system keychain. */
export function registerCredentials(program: Command): void {
  const h = cliWords();
  const credentials = program.command('credentials').description(h('help.credentials.description'));

  credentials
    .command('set')
    .description(h('help.credentials.set.description'))
    .argument('<profile>', h('help.credentials.set.arg.profile'))
    .requiredOption('--user <name>', h('help.credentials.set.opt.user'))
    .option('--password-env <var>', h('help.credentials.set.opt.password-env'))
    .option('--data-dir <dir>', h('help.credentials.opt.data-dir'))
    .action((profile: string, flags: SetFlags) => run(() => setProfile(profile, flags)));

  credentials
    .command('list')
    .description(h('help.credentials.list.description'))
    .option('--json', h('help.credentials.list.opt.json'))
    .option('--data-dir <dir>', h('help.credentials.opt.data-dir'))
    .action((flags: ListFlags) => run(() => listProfiles(flags), flags.json));

  credentials
    .command('delete')
    .description(h('help.credentials.delete.description'))
    .argument('<profile>', h('help.credentials.delete.arg.profile'))
    .option('--data-dir <dir>', h('help.credentials.opt.data-dir'))
    .action((profile: string, flags: DeleteFlags) => run(() => deleteProfile(profile, flags)));
}

async function setProfile(name: string, flags: SetFlags): Promise<void> {
  checkName(name);
  checkPasswordSource(flags.passwordEnv);
  // Keychain and file are checked before the password is typed, so a refusal costs the technician nothing.
  const profiles = await CredentialProfiles.load(resolveDataDir(flags.dataDir), await openKeychain());
  const password = await askPassword(name, flags);
  await profiles.set(name, flags.user, password);
  process.stdout.write(`✓ ${cliWords()('cli.credentials.saved', { name, user: flags.user })}\n`);
}

async function askPassword(name: string, flags: SetFlags): Promise<string> {
  const w = cliWords();
  const password = await readPassword(flags.passwordEnv, w('cli.credentials.prompt', { user: flags.user, name }));
  if (flags.passwordEnv !== undefined) return password;
  // Typed blind and used later without the technician watching: a typo would only show up as AUTH_FAILED on site.
  const again = await readPassword(undefined, w('cli.credentials.again'));
  if (again !== password) throw new SaidError('INVALID_INPUT', 'cli.credentials.differ');
  return password;
}

async function listProfiles(flags: ListFlags): Promise<void> {
  const profiles = await CredentialProfiles.load(resolveDataDir(flags.dataDir), await openKeychain());
  const list = await profiles.list();
  if (flags.json) {
    process.stdout.write(`${terminalJson({ profiles: list.map(profileJson), error: null })}\n`);
    return;
  }
  if (list.length === 0) {
    process.stdout.write(
      `${cliWords()('cli.credentials.none', { command: setProfileCommand(cliWords()('cli.credentials.name-placeholder')) })}\n`,
    );
    return;
  }
  process.stdout.write(`${terminalLines(formatTable(list))}\n`);
  for (const p of list.filter((x) => !x.hasSecret)) {
    process.stderr.write(
      `⚠ ${cliWords()('cli.credentials.no-secret', { name: p.name, command: setProfileCommand(p.name, p.username) })}\n`,
    );
  }
}

async function deleteProfile(name: string, flags: DeleteFlags): Promise<void> {
  checkName(name);
  const profiles = await CredentialProfiles.load(resolveDataDir(flags.dataDir), await openKeychain());
  if (!(await profiles.delete(name))) {
    throw new SaidError('INVALID_INPUT', 'cli.credentials.no-such', { name });
  }
  process.stdout.write(`✓ ${cliWords()('cli.credentials.deleted', { name })}\n`);
}

function checkName(name: string): void {
  const problem = profileNameProblem(name);
  if (problem) throw new CodedError('INVALID_INPUT', problem);
}

function profileJson(p: ProfileSummary): Record<string, unknown> {
  return { name: p.name, username: p.username, secretStored: p.hasSecret };
}

function formatTable(list: ProfileSummary[]): string {
  const w = cliWords();
  const [profile, user] = [w('cli.credentials.col.profile'), w('cli.credentials.col.user')];
  const nameWidth = Math.max(profile.length, ...list.map((p) => [...p.name].length));
  const userWidth = Math.max(user.length, ...list.map((p) => [...p.username].length));
  const pad = (s: string, width: number): string => s + ' '.repeat(width - [...s].length);
  const rows = list.map(
    (p) =>
      `${pad(p.name, nameWidth)}  ${pad(p.username, userWidth)}  ${w(p.hasSecret ? 'cli.credentials.stored.yes' : 'cli.credentials.stored.no')}`,
  );
  return [`${pad(profile, nameWidth)}  ${user}`, ...rows].join('\n');
}

/** Runs one subcommand: exit 0 on success, 2 for a value to correct, 1 for any other failure. */
async function run(work: () => Promise<void>, json = false): Promise<void> {
  try {
    await work();
    process.exitCode = 0;
  } catch (err) {
    const info = json ? toErrorInfo(err) : printError(err);
    if (json) process.stdout.write(`${terminalJson({ profiles: null, error: errorJson(info) })}\n`);
    process.exitCode = info.code === 'INVALID_INPUT' ? 2 : 1;
  }
}
