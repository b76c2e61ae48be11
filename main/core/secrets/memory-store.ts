import type { SecretStore } from './secret-store';

/** A SecretStore in process memory, for tests only: the app and the CLI never use it (no plaintext fallback). */
export class MemoryStore implements SecretStore {
  readonly kind = 'memory' as const;
  private readonly secrets = new Map<string, string>();

  /** Stores (or replaces) a profile's secret. */
  async set(profile: string, secret: string): Promise<void> {
    this.secrets.set(profile, secret);
  }

  /** The profile's secret, or undefined. */
  async get(profile: string): Promise<string | undefined> {
    return this.secrets.get(profile);
  }

  /** Whether the profile has a secret. */
  async has(profile: string): Promise<boolean> {
    return this.secrets.has(profile);
  }

  /** Removes the profile's secret; false when there was none. */
  async delete(profile: string): Promise<boolean> {
    return this.secrets.delete(profile);
  }
}
