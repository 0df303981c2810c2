import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const APP_NAME = 'AltLens';

/**
 * The platform's app-data folder for AltLens, the same folder Electron's `app.getPath('userData')` gives,
 * so that the desktop app, browser mode and the CLI share one library by default.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_NAME);
}

/** `--data-dir` wins, then `ALTLENS_DATA_DIR`, then the platform default. */
export function resolveDataDir(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = option ?? env.ALTLENS_DATA_DIR;
  return chosen ? resolve(chosen) : defaultDataDir(process.platform, env);
}
