// The platform's default snapshot folder, alone in its file so the CLI can show it in `--help`
// without loading the store (and zod) behind it.
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface PlatformInfo {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

/** The platform's per-user data folder for snapshots (XDG on Linux, Application Support, %APPDATA%). */
export function defaultStoreDir(info: PlatformInfo = {}): string {
  const env = info.env ?? process.env;
  const platform = info.platform ?? process.platform;
  const home = info.home ?? homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Netlens', 'snapshots');
  if (platform === 'win32') {
    const appData = env.APPDATA && env.APPDATA.length > 0 ? env.APPDATA : join(home, 'AppData', 'Roaming');
    return join(appData, 'Netlens', 'snapshots');
  }
  // XDG: a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME;
  const base = xdg && xdg.startsWith('/') ? xdg : join(home, '.local', 'share');
  return join(base, 'netlens', 'snapshots');
}
