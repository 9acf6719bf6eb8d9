// Shared helpers for tests that need a real Docker engine: the busybox image and cleanup by prefix.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, copyFileSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TEST_IMAGE = 'netlens-test/busybox:latest';
const APPLETS = [
  'sh',
  'sleep',
  'httpd',
  'nc',
  'ip',
  'ifconfig',
  'wget',
  'cat',
  'ls',
  'ping',
  'true',
  'udhcpc',
];

/** Whether dockerd answers; in CI a missing engine is an error, not a skip. */
export function dockerAvailable(): boolean {
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'pipe' });
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error('CI: Docker engine not reachable (is dockerd running?)');
    return false;
  }
}

export function docker(...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Build the busybox-static image once per machine (docker import of a tiny rootfs). */
export function ensureTestImage(): string {
  try {
    docker('image', 'inspect', TEST_IMAGE);
    return TEST_IMAGE;
  } catch {
    // not there yet
  }
  const root = mkdtempSync(join(tmpdir(), 'netlens-rootfs-'));
  try {
    mkdirSync(join(root, 'bin'));
    mkdirSync(join(root, 'www'));
    copyFileSync('/bin/busybox', join(root, 'bin', 'busybox'));
    for (const applet of APPLETS) symlinkSync('busybox', join(root, 'bin', applet));
    const tar = execFileSync('tar', ['-C', root, '-c', '.'], { maxBuffer: 64 * 1024 * 1024 });
    execFileSync('docker', ['import', '-c', 'CMD ["/bin/sh"]', '-', TEST_IMAGE], {
      input: tar,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return TEST_IMAGE;
}

/** Remove every container and network whose name starts with prefix. */
export function cleanupPrefix(prefix: string): void {
  const containers = docker('ps', '-aq', '--filter', `name=^/${prefix}`).split('\n').filter(Boolean);
  if (containers.length > 0) docker('rm', '-f', ...containers);
  // Engine 20.10 may briefly (or, after mass force-removals, lastingly) keep a stale endpoint on a
  // network; retry, then say so instead of failing the run over the engine's bookkeeping.
  const deadline = Date.now() + 15_000;
  for (;;) {
    const networks = docker('network', 'ls', '-q', '--filter', `name=^${prefix}`).split('\n').filter(Boolean);
    if (networks.length === 0) return;
    try {
      docker('network', 'rm', ...networks);
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        console.warn(
          `cleanup: could not remove networks ${networks.join(' ')}: ${String(error).split('\n')[0]}`,
        );
        return;
      }
      execFileSync('sleep', ['0.5']);
    }
  }
}

/** Poll until check() returns a value (not undefined/false) or the deadline passes. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<Exclude<T, false | undefined>> {
  const deadline = Date.now() + timeoutMs;
  let last: string | undefined;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as Exclude<T, false | undefined>;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
