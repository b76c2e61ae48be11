import { randomUUID } from 'node:crypto';
import type { AsyncEntry, EntryOptions } from '@napi-rs/keyring';
import { CodedError } from '../errors';
import type { SecretStore } from './secret-store';

/** The keychain service name under which every profile's password is stored (account = profile name). */
const KEYCHAIN_SERVICE = 'ECLYPSE Field Backup';

type Keyring = typeof import('@napi-rs/keyring');

// Loaded on first use and by a name esbuild does not follow: a native addon cannot be bundled into
// dist/cli.cjs, and a missing or broken binary must become KEYCHAIN_UNAVAILABLE, not stop every command.
const KEYRING_MODULE = '@napi-rs/keyring';
let keyringModule: Promise<Keyring> | undefined;

// On Linux the library would otherwise fall back to the kernel keyring, which forgets everything at logout:
// a password that silently vanishes is worse than a clear "no keychain". Ignored on macOS and Windows.
const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };

const PROBE_TIMEOUT_MS = 60_000;

/** Passwords in the OS keychain (Secret Service, macOS Keychain, Windows Credential Manager); get one from openKeychain. */
export class KeychainStore implements SecretStore {
  readonly kind = 'keychain' as const;

  /** `service` is the keychain service name; tests use their own so they never touch real profiles. */
  constructor(readonly service: string = KEYCHAIN_SERVICE) {}

  /** Stores (or replaces) a profile's password; KEYCHAIN_UNAVAILABLE when the keychain refuses. */
  async set(profile: string, secret: string): Promise<void> {
    await this.use(profile, 'store the password', (entry) => entry.setPassword(secret), secret);
  }

  /** The profile's password, or undefined when none is stored. */
  async get(profile: string): Promise<string | undefined> {
    return (await this.use(profile, 'read the password', (entry) => entry.getPassword())) ?? undefined;
  }

  /** Whether the profile has a password in the keychain. */
  async has(profile: string): Promise<boolean> {
    return (await this.get(profile)) !== undefined;
  }

  /** Removes the profile's password; false when there was none. */
  async delete(profile: string): Promise<boolean> {
    return this.use(profile, 'delete the password', (entry) => entry.deleteCredential());
  }

  /**
   * Proves the keychain really keeps a secret: writes, reads back and deletes a throwaway entry under a
   * separate service name. A locked Secret Service answers "nothing stored" to reads, so reading alone
   * proves nothing.
   */
  async probe(timeoutMs = PROBE_TIMEOUT_MS): Promise<void> {
    const probe = new KeychainStore(`${this.service} (availability check)`);
    const account = `probe-${randomUUID()}`;
    const value = randomUUID();
    const action = 'keep a test entry';
    const check = async (): Promise<void> => {
      try {
        await probe.use(account, action, (entry) => entry.setPassword(value), value);
        const back = await probe.use(account, action, (entry) => entry.getPassword());
        if (back !== value) {
          throw new CodedError(
            'KEYCHAIN_UNAVAILABLE',
            `${keychainName()} accepted a test entry but did not give it back; it is probably locked.`,
          );
        }
      } finally {
        await probe.use(account, action, (entry) => entry.deleteCredential()).catch(() => undefined);
      }
    };
    await withDeadline(check(), timeoutMs);
  }

  private async use<T>(
    profile: string,
    action: string,
    op: (entry: AsyncEntry) => Promise<T>,
    secret?: string,
  ): Promise<T> {
    try {
      const { AsyncEntry: Entry } = await loadKeyring();
      // With no Secret Service on the session bus, merely creating the entry throws: same error, same code.
      return await op(new Entry(this.service, profile, ENTRY_OPTIONS));
    } catch (err) {
      throw unavailable(action, err, secret);
    }
  }
}

/** Opens the OS keychain after proving it works; KEYCHAIN_UNAVAILABLE otherwise (never a plaintext fallback). */
export async function openKeychain(options: { service?: string; timeoutMs?: number } = {}): Promise<KeychainStore> {
  const store = new KeychainStore(options.service);
  await store.probe(options.timeoutMs);
  return store;
}

function loadKeyring(): Promise<Keyring> {
  keyringModule ??= (import(/* @vite-ignore */ KEYRING_MODULE) as Promise<Keyring & { default?: Keyring }>).then((m) =>
    m.AsyncEntry || !m.default ? m : m.default,
  );
  return keyringModule;
}

function keychainName(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'The macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'The Secret Service (GNOME Keyring or KWallet) of the desktop session';
}

function unavailable(action: string, err: unknown, secret?: string): CodedError {
  if (err instanceof CodedError) return err;
  let detail = err instanceof Error ? err.message : String(err);
  // Library messages do not quote secrets today; this keeps it so if one ever does.
  if (secret) detail = detail.split(secret).join('•••');
  return new CodedError(
    'KEYCHAIN_UNAVAILABLE',
    `${keychainName()} could not ${action} (${detail}). Nothing was written to a file instead.`,
  );
}

async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new CodedError(
          'KEYCHAIN_UNAVAILABLE',
          `${keychainName()} did not answer within ${Math.round(ms / 1000)} s (an unlock prompt may be waiting).`,
        ),
      );
    }, ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
