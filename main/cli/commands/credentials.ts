import type { Command } from 'commander';
import { CodedError, toErrorInfo } from '../../core/errors';
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

const DATA_DIR_HELP = 'folder of trusted controllers and settings';

/** `credentials set|list|delete`: named controller accounts whose passwords live in the system keychain. */
export function registerCredentials(program: Command): void {
  const credentials = program
    .command('credentials')
    .description('Named controller accounts: the user name is kept in the data folder, the password only in the system keychain.');

  credentials
    .command('set')
    .description('Create or replace a credential profile (the password is asked, hidden, and stored in the keychain).')
    .argument('<profile>', `profile name, 1 to 64 characters (e.g. the site or the account)`)
    .requiredOption('--user <name>', 'controller account with the REST API role')
    .option('--password-env <var>', 'read the password from this environment variable (else it is asked, hidden)')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .action((profile: string, flags: SetFlags) => run(() => setProfile(profile, flags)));

  credentials
    .command('list')
    .description('Show the credential profiles: names, user names and whether a password is stored (never the password).')
    .option('--json', 'print one JSON object on stdout')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .action((flags: ListFlags) => run(() => listProfiles(flags), flags.json));

  credentials
    .command('delete')
    .description('Delete a credential profile and its password from the keychain.')
    .argument('<profile>', 'profile name')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .action((profile: string, flags: DeleteFlags) => run(() => deleteProfile(profile, flags)));
}

async function setProfile(name: string, flags: SetFlags): Promise<void> {
  checkName(name);
  checkPasswordSource(flags.passwordEnv);
  // Keychain and file are checked before the password is typed, so a refusal costs the technician nothing.
  const profiles = await CredentialProfiles.load(resolveDataDir(flags.dataDir), await openKeychain());
  const password = await askPassword(name, flags);
  await profiles.set(name, flags.user, password);
  process.stdout.write(`✓ Credential profile "${name}" saved: user ${flags.user}, password in the system keychain.\n`);
}

async function askPassword(name: string, flags: SetFlags): Promise<string> {
  const password = await readPassword(flags.passwordEnv, `Password for ${flags.user} (profile "${name}"): `);
  if (flags.passwordEnv !== undefined) return password;
  // Typed blind and used later without the technician watching: a typo would only show up as AUTH_FAILED on site.
  const again = await readPassword(undefined, 'Same password again: ');
  if (again !== password) throw new CodedError('INVALID_INPUT', 'The two passwords differ; nothing was stored. Run the command again.');
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
    process.stdout.write(`No credential profiles yet. Create one with: ${setProfileCommand('NAME')}\n`);
    return;
  }
  process.stdout.write(`${terminalLines(formatTable(list))}\n`);
  for (const p of list.filter((x) => !x.hasSecret)) {
    process.stderr.write(`⚠ "${p.name}" has no password in this keychain. Store it with: ${setProfileCommand(p.name, p.username)}\n`);
  }
}

async function deleteProfile(name: string, flags: DeleteFlags): Promise<void> {
  checkName(name);
  const profiles = await CredentialProfiles.load(resolveDataDir(flags.dataDir), await openKeychain());
  if (!(await profiles.delete(name))) {
    throw new CodedError('INVALID_INPUT', `There is no credential profile "${name}"; nothing was deleted. See them with: eclypse-backup credentials list`);
  }
  process.stdout.write(`✓ Credential profile "${name}" deleted, with its password in the keychain.\n`);
}

function checkName(name: string): void {
  const problem = profileNameProblem(name);
  if (problem) throw new CodedError('INVALID_INPUT', problem);
}

function profileJson(p: ProfileSummary): Record<string, unknown> {
  return { name: p.name, username: p.username, secretStored: p.hasSecret };
}

function formatTable(list: ProfileSummary[]): string {
  const nameWidth = Math.max('PROFILE'.length, ...list.map((p) => [...p.name].length));
  const userWidth = Math.max('USER'.length, ...list.map((p) => [...p.username].length));
  const pad = (s: string, width: number): string => s + ' '.repeat(width - [...s].length);
  const rows = list.map((p) => `${pad(p.name, nameWidth)}  ${pad(p.username, userWidth)}  secret stored: ${p.hasSecret ? 'yes' : 'no'}`);
  return [`${pad('PROFILE', nameWidth)}  USER`, ...rows].join('\n');
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
