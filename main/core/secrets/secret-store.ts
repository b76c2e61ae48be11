/** Where passwords live: the OS keychain in the app and CLI, memory in tests. Nothing else, ever. */
export interface SecretStore {
  /** `keychain` (OS Secret Service / Keychain / Credential Manager) or `memory` (tests only). */
  readonly kind: 'keychain' | 'memory';
  /** Stores (or replaces) the secret of a credential profile. */
  set(profile: string, secret: string): Promise<void>;
  /** The secret of a profile, or undefined when none is stored. */
  get(profile: string): Promise<string | undefined>;
  /** Whether a secret is stored, without reading it out. */
  has(profile: string): Promise<boolean>;
  /** Removes a profile's secret; false when there was none. */
  delete(profile: string): Promise<boolean>;
}
