// The laptop's inventory of controllers, as the app, the CSV import and the CLI see it. Types only.
import type { BackupTarget } from './controller';

/** One controller of the inventory, as the technician keeps it. Never holds a secret. */
export interface InventoryController {
  /** Stable identity: `host:port`, host lower-cased (the same key as the pin store). */
  id: string;
  name: string;
  host: string;
  port: number;
  site: string | null;
  /** Account to log in with when no credential profile is named (the password then comes from elsewhere). */
  username: string | null;
  /** Name of a credential profile (username + password in the OS keychain). */
  credential: string | null;
  /** Fingerprint the technician expects (from the CSV); pins themselves live in known-devices.json. */
  fingerprint: string | null;
  /** Per-controller backup target; null = the run's default. */
  target: BackupTarget | null;
  notes: string | null;
}

/** One problem found in an imported CSV; nothing is imported while any exists. */
export interface CsvProblem {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  /** Column name, or null when the problem is the whole line or file. */
  column: string | null;
  reason: string;
}
