import os from 'node:os';
import path from 'node:path';

/**
 * The data directory shared by the desktop app and the CLI: `AUTHDESK_HOME` when set, else the OS app-data folder
 * Electron uses for `app.getPath('userData')` with product name "Authdesk":
 * Linux `$XDG_CONFIG_HOME/Authdesk` (default `~/.config/Authdesk`), macOS `~/Library/Application Support/Authdesk`,
 * Windows `%APPDATA%\Authdesk`.
 */
export function defaultHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.AUTHDESK_HOME) return path.resolve(env.AUTHDESK_HOME);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Authdesk');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Authdesk');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Authdesk');
}

/** Well-known files inside the data directory. */
export const dataPaths = (home: string) => ({
  profiles: path.join(home, 'profiles'),
  history: path.join(home, 'history.sqlite'),
});
