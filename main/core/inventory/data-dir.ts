import os from 'node:os';
import path from 'node:path';

/** The app's data folder name in the OS app-data location. */
const APP_FOLDER = 'ECLYPSE Field Backup';

/**
 * Where pins, journals and settings live: the explicit folder, else `ECLYPSE_BACKUP_HOME`, else the OS
 * app-data folder (the same one the desktop app uses, so CLI and app share trusted controllers).
 */
export function resolveDataDir(
  explicit?: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (explicit) return path.resolve(explicit);
  if (env.ECLYPSE_BACKUP_HOME) return path.resolve(env.ECLYPSE_BACKUP_HOME);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_FOLDER);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_FOLDER);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_FOLDER);
}
