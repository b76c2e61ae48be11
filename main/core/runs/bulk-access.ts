import type { ControllerCredentials } from './bulk-runner';
import { CodedError } from '../errors';
import { normalizeFingerprint } from '../device/fingerprint';
import type { KnownDevices } from '../inventory/known-devices';
import { decideTrust } from '../inventory/trust';
import type { InventoryController } from '../../../shared/inventory';
import { CredentialProfiles } from '../secrets/credential-profiles';
import type { SecretStore } from '../secrets/secret-store';

/** How a bulk run finds passwords and trusts certificates (the CLI and the app alike). */
export interface BulkAccess {
  credentials: (c: InventoryController) => Promise<ControllerCredentials>;
  trust: (c: InventoryController) => Promise<{ pin?: string }>;
  pinOf: (c: InventoryController) => string | undefined;
  /** Saves the pin of a controller trusted for the first time, once its backup proved the certificate. */
  savePin: (c: InventoryController, fingerprint: string | null) => Promise<void>;
}

/**
 * Passwords: a controller's credential profile (keychain), else the inventory's (or the run's) user name with
 * the run's password, if any. The keychain is opened only if some controller names a profile, and once.
 * Trust: the stored pin; else the CSV fingerprint; else, with `--trust-new`, the certificate seen now.
 */
export function bulkAccess(
  dataDir: string,
  known: KnownDevices,
  options: {
    user?: string;
    password?: () => string | undefined;
    trustNew: boolean;
    secrets: () => Promise<SecretStore>;
    /** What to do about a controller with no password, in the words of the caller's interface. */
    noPasswordHelp?: string;
  },
): BulkAccess {
  let profiles: Promise<CredentialProfiles> | undefined;
  // Opened once; a failure (a locked keychain) is not remembered, so unlocking it mid-run helps the rest.
  const openProfiles = (): Promise<CredentialProfiles> =>
    (profiles ??= options.secrets().then(
      (store) => CredentialProfiles.load(dataDir, store),
      (err: unknown) => {
        profiles = undefined;
        throw err;
      },
    ));
  const firstTime = new Map<string, string>();

  return {
    async credentials(c) {
      if (c.credential) return (await openProfiles()).resolve(c.credential);
      const username = c.username ?? options.user;
      if (!username)
        throw new CodedError(
          'INVALID_INPUT',
          `No user name for ${c.name}: add a username or a credential profile to the controller.`,
        );
      const password = options.password?.();
      if (!password) {
        throw new CodedError(
          'INVALID_INPUT',
          `No password for ${c.name}: ${options.noPasswordHelp ?? 'give it a credential profile, or pass --password-env VAR.'}`,
        );
      }
      return { username, password };
    },
    async trust(c) {
      const stored = known.get(c.host, c.port)?.fingerprint;
      if (stored) return { pin: stored };
      const fromCsv = c.fingerprint ? normalizeFingerprint(c.fingerprint) : undefined;
      const decision = await decideTrust(known, c.host, c.port, {
        ...(fromCsv ? { fingerprint: fromCsv } : {}),
        trustNew: options.trustNew,
      });
      if (decision.pin) firstTime.set(c.id, decision.pin);
      return decision.pin ? { pin: decision.pin } : {};
    },
    pinOf(c) {
      return (
        known.get(c.host, c.port)?.fingerprint ?? (c.fingerprint ? normalizeFingerprint(c.fingerprint) : undefined)
      );
    },
    async savePin(c, fingerprint) {
      const pin = firstTime.get(c.id);
      if (pin && fingerprint === pin) await known.pin(c.host, c.port, pin);
    },
  };
}
