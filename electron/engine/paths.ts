import os from 'node:os';
import path from 'node:path';

/**
 * The data directory shared by the desktop app and the CLI: `AUTHDESK_HOME` when set (trimmed, as electron/main.ts
 * reads it; empty or only whitespace counts as unset), else the OS app-data folder Electron uses for
 * `app.getPath('userData')` with product name "Authdesk": Linux `$XDG_CONFIG_HOME/Authdesk` (default
 * `~/.config/Authdesk`; an empty `XDG_CONFIG_HOME` counts as unset, as in Chromium and the XDG spec), macOS
 * `~/Library/Application Support/Authdesk`, Windows `%APPDATA%\Authdesk`.
 */
export function defaultHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const override = env.AUTHDESK_HOME?.trim();
  if (override) return path.resolve(override);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Authdesk');
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'Authdesk');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'Authdesk');
}

/**
 * The per-user folder for Authdesk's caches (the CLI's compiled code: electron/cli/code-cache.ts), never its data:
 * `$XDG_CACHE_HOME/authdesk` (an absolute XDG_CACHE_HOME only, per the XDG spec) or `~/.cache/authdesk` on Linux,
 * `~/Library/Caches/Authdesk` on macOS, `%LOCALAPPDATA%\Authdesk\Cache` on Windows. Null when AUTHDESK_NO_CODE_CACHE
 * is set to anything but empty or `0`.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
  const off = env.AUTHDESK_NO_CODE_CACHE?.trim();
  if (off && off !== '0') return null;
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'Authdesk');
  if (platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'Authdesk', 'Cache');
  const xdg = env.XDG_CACHE_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.cache'), 'authdesk');
}

/** Well-known files inside the data directory. */
export const dataPaths = (home: string) => ({
  profiles: path.join(home, 'profiles'),
  history: path.join(home, 'history.sqlite'),
});
