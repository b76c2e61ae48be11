import fs from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { settingsSchema, type Settings } from '../../preload/api';

/** File name of the app settings in the data folder. */
const SETTINGS_FILE = 'settings.json';

/** Settings of a fresh install: the archive in the user's Documents, four controllers at once. */
function defaultSettings(home: string): Settings {
  return {
    archiveFolder: path.join(home, 'Documents', 'ECLYPSE Backups'),
    concurrency: 4,
    perSite: null,
    connectTimeoutSeconds: 15,
    jobTimeoutMinutes: 30,
    format: 'json',
    language: 'system',
    density: 'comfortable',
  };
}

/**
 * The app settings in `<data-dir>/settings.json`. A file edited into nonsense is not lost: the defaults are
 * used, a warning says why, and the damaged file is moved aside (never overwritten) on the next save.
 */
export class SettingsStore {
  private constructor(
    private readonly file: string,
    private current: Settings,
    private damaged: string | null,
  ) {}

  /** Why the file on disk was not used, if it was not (cleared once the settings are saved again). */
  get warning(): string | null {
    return this.damaged;
  }

  /** Loads the settings, falling back to the defaults (with a warning) for a missing or damaged file. */
  static async load(dataDir: string, home: string): Promise<SettingsStore> {
    const file = path.join(dataDir, SETTINGS_FILE);
    const defaults = defaultSettings(home);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      return new SettingsStore(file, defaults, null);
    }
    try {
      const parsed = settingsSchema.partial().parse(JSON.parse(text));
      const folder = parsed.archiveFolder;
      if (folder !== undefined && (!path.isAbsolute(folder) || path.parse(folder).root === folder)) {
        throw new Error(`the archive folder "${folder}" must be a full path to a folder, not a drive or disk root`);
      }
      return new SettingsStore(file, { ...defaults, ...parsed }, null);
    } catch (err) {
      return new SettingsStore(
        file,
        defaults,
        `${file} could not be read (${whyDamaged(err)}); the defaults are used until you save.`,
      );
    }
  }

  /** The settings in force. */
  get(): Settings {
    return { ...this.current };
  }

  /** Changes some settings and saves them atomically. */
  async set(patch: Partial<Settings>): Promise<Settings> {
    const next = settingsSchema.parse({ ...this.current, ...patch });
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    if (this.damaged) {
      const aside = this.file.replace(/\.json$/, `.damaged-${Date.now()}.json`);
      await fs.rename(this.file, aside).catch(() => undefined);
    }
    await writeFileAtomic(this.file, `${JSON.stringify(next, null, 2)}\n`, { fsync: true });
    this.current = next;
    this.damaged = null;
    return this.get();
  }
}

/** One line a person can act on: each bad setting and what it should be (not the schema library's JSON dump). */
function whyDamaged(err: unknown): string {
  const issues = (err as { issues?: Array<{ path: PropertyKey[]; message: string }> }).issues;
  const text = Array.isArray(issues)
    ? issues
        .slice(0, 3)
        .map((i) => `${i.path.map(String).join('.') || 'the file'}: ${i.message}`)
        .join('; ')
    : (err as Error).message;
  // eslint-disable-next-line no-control-regex -- a file's error text goes on one line of the window
  return text.replace(/[\u0000-\u001f]+/g, ' ').slice(0, 200);
}
