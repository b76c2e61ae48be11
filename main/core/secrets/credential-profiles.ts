import fs from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { CodedError } from '../errors';
import { readDataJson } from '../archive/data-file';
import type { SecretStore } from './secret-store';
import type { ProfileSummary } from '../../../shared/credential-profile';

/** File name of the credential profile list inside the data folder (names and user names, never a password). */
export const CREDENTIALS_FILE = 'credentials.json';

/** Longest profile name, in characters. */
const MAX_PROFILE_NAME = 64;

const MAX_USERNAME = 128;

// Control, format, unassigned and line/paragraph-separator characters: invisible or line-breaking in a list.
const UNPRINTABLE = /[\p{C}\p{Zl}\p{Zp}]/u;

/** Why a profile name is not acceptable, or undefined when it is. */
export function profileNameProblem(name: string): string | undefined {
  const length = [...name].length;
  if (length === 0) return 'A credential profile name cannot be empty.';
  if (length > MAX_PROFILE_NAME)
    return `A credential profile name has at most ${MAX_PROFILE_NAME} characters (this one has ${length}).`;
  if (UNPRINTABLE.test(name)) return 'A credential profile name cannot contain control or invisible characters.';
  if (name.trim() !== name) return 'A credential profile name cannot start or end with a space.';
  return undefined;
}

const ProfileNameSchema = z.string().refine((name) => profileNameProblem(name) === undefined);

const ProfileSchema = z.object({
  username: z.string().min(1),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const FileSchema = z.object({
  schemaVersion: z.literal(1),
  profiles: z.record(ProfileNameSchema, ProfileSchema),
});

type StoredProfile = z.infer<typeof ProfileSchema>;

/** The user name and password of a profile, ready for one login. */
export interface ResolvedCredential {
  username: string;
  password: string;
}

/** The command a technician types to (re)create a profile; quoted only when a shell needs it. */
export function setProfileCommand(name: string, username = 'USER'): string {
  return `eclypse-backup credentials set ${shellWord(name)} --user ${shellWord(username)}`;
}

/**
 * Named controller accounts: user names in `<data-dir>/credentials.json` (written atomically), passwords in
 * the SecretStore under the profile name. A file that cannot be read is never overwritten.
 */
export class CredentialProfiles {
  private constructor(
    private readonly file: string,
    private readonly store: SecretStore,
    private readonly profiles: Map<string, StoredProfile>,
  ) {}

  /** Loads the profile list (an absent file is an empty list); passwords stay in `store`. */
  static async load(dataDir: string, store: SecretStore): Promise<CredentialProfiles> {
    const file = path.join(dataDir, CREDENTIALS_FILE);
    const parsed = await readDataJson(file, FileSchema, 'credential profile list');
    return new CredentialProfiles(file, store, new Map(Object.entries(parsed?.profiles ?? {})));
  }

  /** Every profile, by name, with whether its password is in the keychain. */
  async list(): Promise<ProfileSummary[]> {
    const profiles = [...this.profiles.entries()].sort(([a], [b]) => a.localeCompare(b));
    const summaries: ProfileSummary[] = [];
    for (const [name, p] of profiles) {
      summaries.push({
        name,
        username: p.username,
        createdAt: p.createdAt,
        updatedAt: p.updatedAt,
        hasSecret: await this.store.has(name),
      });
    }
    return summaries;
  }

  /** Creates or replaces a profile: the password goes to the keychain, the user name to the file. */
  async set(name: string, username: string, password: string): Promise<ProfileSummary> {
    checkProfileName(name);
    checkUsername(username);
    if (password === '') throw new CodedError('INVALID_INPUT', 'The password is empty; nothing was stored.');
    // Keychain first: if it refuses, the file is not touched and the profile does not half-exist.
    await this.store.set(name, password);
    const now = new Date().toISOString();
    const profile: StoredProfile = { username, createdAt: this.profiles.get(name)?.createdAt ?? now, updatedAt: now };
    this.profiles.set(name, profile);
    await this.save();
    return { name, ...profile, hasSecret: true };
  }

  /** Removes a profile and its password; false when neither existed. */
  async delete(name: string): Promise<boolean> {
    checkProfileName(name);
    // Keychain first: if it refuses, the profile stays listed so the technician can see and retry.
    const hadSecret = await this.store.delete(name);
    const hadProfile = this.profiles.delete(name);
    if (hadProfile) await this.save();
    return hadSecret || hadProfile;
  }

  /** The user name and password of a profile; INVALID_INPUT (with the command that fixes it) when either is missing. */
  async resolve(name: string): Promise<ResolvedCredential> {
    checkProfileName(name);
    const profile = this.profiles.get(name);
    if (!profile) {
      throw new CodedError(
        'INVALID_INPUT',
        `There is no credential profile "${name}". Create it with: ${setProfileCommand(name)}`,
      );
    }
    const password = await this.store.get(name);
    if (password === undefined) {
      throw new CodedError(
        'INVALID_INPUT',
        `The password of credential profile "${name}" is not in the keychain. Store it again with: ${setProfileCommand(name, profile.username)}`,
      );
    }
    return { username: profile.username, password };
  }

  private async save(): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const profiles = Object.fromEntries([...this.profiles].sort(([a], [b]) => a.localeCompare(b)));
    const body = { schemaVersion: 1, profiles };
    await writeFileAtomic(this.file, `${JSON.stringify(body, null, 2)}\n`, { fsync: true, mode: 0o600 });
  }
}

function checkProfileName(name: string): void {
  const problem = profileNameProblem(name);
  if (problem) throw new CodedError('INVALID_INPUT', problem);
}

function checkUsername(username: string): void {
  if (username === '' || username.length > MAX_USERNAME || UNPRINTABLE.test(username)) {
    throw new CodedError(
      'INVALID_INPUT',
      `The user name must have 1 to ${MAX_USERNAME} characters, none of them control characters.`,
    );
  }
}

// Double quotes are understood by sh, cmd and PowerShell alike; plain words need none.
function shellWord(word: string): string {
  return /^[\w.@:+/-]+$/.test(word) ? word : JSON.stringify(word);
}
