import type { SecretStore } from '../core/secrets/secret-store';
import type { AppLogs } from './app-log';
import type { EventName, EventPayload } from '../../preload/api';

/** What the app needs from the desktop it runs on; Electron in main/desktop.ts, a fake in tests and the harness. */
export interface Desktop {
  chooseSaveFile(o: { title: string; defaultName: string }): Promise<string | null>;
  chooseOpenFile(o: { title: string; extensions: string[] }): Promise<string | null>;
  chooseFolder(o: { title: string }): Promise<string | null>;
  reveal(path: string): void;
  /** Opens a file of the archive (a run's HTML report) in the program the system uses for it. */
  open(path: string): Promise<void>;
  /** Taskbar / dock progress, 0..1; null removes it. */
  setProgress(fraction: number | null): void;
  notify(title: string, body: string): void;
  /** A native yes/no the renderer cannot answer for the technician; true only if they chose to trust. */
  confirmTrust(o: { question: string; detail: string }): Promise<boolean>;
}

/** Everything the dispatch table needs to serve the contract. */
export interface AppContext {
  dataDir: string;
  /** Home folder, for the default archive location. */
  home: string;
  desktop: Desktop;
  emit: <K extends EventName>(channel: K, payload: EventPayload<K>) => void;
  /** The keychain, opened (and proved) on first use; KEYCHAIN_UNAVAILABLE otherwise. */
  secrets: () => Promise<SecretStore>;
  /** The app's log (main/index.ts: the OS log folder); without it nothing is logged and the log calls say so. */
  logs?: AppLogs;
  /** Runtime versions for Export diagnostics (Electron's process.versions). */
  versions?: Record<string, string | undefined>;
}
