// Opens a URL in the user's browser with a fixed argument vector (never a shell string).
import { spawn } from 'node:child_process';

/** The command that opens `url` on this platform. */
export function openerArgv(url: string, platform: NodeJS.Platform = process.platform): string[] {
  if (platform === 'darwin') return ['open', url];
  // `start` is a cmd built-in; the empty title (quoted as "" by Node) keeps the URL from being read as one.
  if (platform === 'win32') return ['cmd', '/d', '/c', 'start', '', url];
  return ['xdg-open', url];
}

/** Resolves false (never throws) when no opener could be started. */
export function openUrl(url: string, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  // Our own loopback URL only: nothing cmd.exe or an opener could read as syntax.
  if (!/^http:\/\/127\.0\.0\.1:\d{1,5}\/\?token=[A-Za-z0-9_-]+$/.test(url)) return Promise.resolve(false);
  const [file, ...args] = openerArgv(url, platform);
  if (!file) return Promise.resolve(false);
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: 'ignore', detached: true, shell: false, windowsHide: true });
    child.once('error', () => resolve(false));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}
