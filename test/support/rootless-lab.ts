// A real rootless Docker for a test user: the user (with subordinate ids), its runtime folder, and
// dockerd-rootless.sh (RootlessKit + slirp4netns) started as that user. slirp4netns opens /dev/net/tun
// as the user: where the device is root-only (0600, as on this VM) it is opened up for the test and
// put back afterwards. stop() ends the daemon's process group and removes the user and its files.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './lab.js';

export const ROOTLESS_SCRIPT = '/usr/share/docker.io/contrib/dockerd-rootless.sh';
export const ROOTLESS_IMAGE = 'netlens-test/busybox:latest';

/** Whether rootless Docker can be started here; in CI its absence is a failure, not a skip. */
export function rootlessAvailable(): boolean {
  const ok =
    process.getuid?.() === 0 &&
    existsSync(ROOTLESS_SCRIPT) &&
    existsSync('/usr/bin/rootlesskit') &&
    existsSync('/usr/bin/slirp4netns');
  if (!ok && process.env.CI === 'true')
    throw new Error(
      'CI: rootless Docker needs root, docker.io contrib, rootlesskit and slirp4netns (apt-get install rootlesskit slirp4netns uidmap)',
    );
  return ok;
}

export interface RootlessLab {
  user: string;
  uid: number;
  runtimeDir: string;
  dockerHost: string;
  /** The rootless dockerd's pid (it shares RootlessKit's user, mount and network namespaces). */
  daemonPid(): number;
  /** Runs argv as the user. */
  asUser(argv: string[], options?: { cwd?: string; timeoutMs?: number }): string;
  docker(...args: string[]): string;
  /** Runs argv inside the daemon's namespaces, as their root. */
  inside(...argv: string[]): string;
  /** Lets the user log in over SSH with this public key (~/.ssh/authorized_keys, no password). */
  authorizeSsh(publicKey: string): void;
  stop(): Promise<void>;
}

function lines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
}

export async function startRootlessLab(
  user: string,
  subidStart: number,
  options: { portDriver?: 'builtin' | 'slirp4netns' } = {},
): Promise<RootlessLab> {
  execFileSync('useradd', ['-m', '-s', '/bin/sh', user]);
  const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }));
  for (const file of ['/etc/subuid', '/etc/subgid'])
    writeFileSync(
      file,
      [...lines(file).filter((l) => l && !l.startsWith(`${user}:`)), `${user}:${subidStart}:65536`, ''].join(
        '\n',
      ),
    );
  const runtimeDir = `/run/user/${uid}`;
  mkdirSync(runtimeDir, { recursive: true, mode: 0o700 });
  execFileSync('chown', [`${user}:`, runtimeDir]);
  const tunMode = statSync('/dev/net/tun').mode & 0o777;
  if ((tunMode & 0o006) !== 0o006) chmodSync('/dev/net/tun', 0o666);
  const env = [
    `HOME=/home/${user}`,
    `XDG_RUNTIME_DIR=${runtimeDir}`,
    'PATH=/usr/share/docker.io/contrib:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    `DOCKER_HOST=unix://${runtimeDir}/docker.sock`,
    // dockerd-rootless.sh's own setting (its default is builtin).
    ...(options.portDriver ? [`DOCKERD_ROOTLESS_ROOTLESSKIT_PORT_DRIVER=${options.portDriver}`] : []),
  ];
  const asUser: RootlessLab['asUser'] = (argv, options = {}) =>
    execFileSync('runuser', ['-u', user, '--', 'env', ...env, ...argv], {
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      maxBuffer: 256 * 1024 * 1024,
      timeout: options.timeoutMs ?? 60_000,
      ...(options.cwd && { cwd: options.cwd }),
    }).trim();
  const daemon: ChildProcess = spawn('runuser', ['-u', user, '--', 'env', ...env, ROOTLESS_SCRIPT], {
    stdio: 'ignore',
    detached: true,
  });
  const daemonPid = () => Number(readFileSync(`${runtimeDir}/docker.pid`, 'utf8').trim());
  const lab: RootlessLab = {
    user,
    uid,
    runtimeDir,
    dockerHost: `unix://${runtimeDir}/docker.sock`,
    daemonPid,
    asUser,
    docker: (...args) => asUser(['docker', ...args]),
    inside: (...argv) =>
      execFileSync('nsenter', ['-U', '-m', '-n', '-t', String(daemonPid()), '--', ...argv], {
        encoding: 'utf8',
      }).trim(),
    authorizeSsh(publicKey) {
      const ssh = `/home/${user}/.ssh`;
      mkdirSync(ssh, { recursive: true, mode: 0o700 });
      writeFileSync(`${ssh}/authorized_keys`, `${publicKey.trim()}\n`, { mode: 0o600 });
      execFileSync('chown', ['-R', `${user}:`, ssh]);
      // useradd locks the password ("!"), and sshd without PAM refuses any login to a locked account.
      execFileSync('usermod', ['--password', '*', user]);
    },
    async stop() {
      // The containers first: their containerd shims are not in the daemon's process group and
      // outlived it (with their httpd) when only the daemon was stopped.
      try {
        const ids = asUser(['docker', 'ps', '-aq']).split('\n').filter(Boolean);
        if (ids.length > 0) asUser(['docker', 'rm', '-f', ...ids], { timeoutMs: 120_000 });
      } catch {
        // the daemon is not answering: what is left is ended below
      }
      try {
        if (daemon.exitCode === null && daemon.pid) process.kill(-daemon.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await waitFor(
        () => daemon.exitCode !== null || daemon.signalCode !== null,
        30_000,
        'the rootless daemon to stop',
      );
      const leftover = () => {
        try {
          return execFileSync('pgrep', ['-u', String(uid)], { encoding: 'utf8' }).trim();
        } catch {
          return ''; // pgrep exits 1 when nothing matches
        }
      };
      await waitFor(() => leftover() === '', 30_000, `the processes of ${user} to end`).catch(() => {
        // Every process of this user is the lab's (the user was made for it): ended by pid.
        for (const pid of leftover().split('\n').filter(Boolean))
          try {
            process.kill(Number(pid), 'SIGKILL');
          } catch {
            // gone meanwhile
          }
      });
      await waitFor(() => leftover() === '', 10_000, `the processes of ${user} to be killed`);
      if ((tunMode & 0o006) !== 0o006) chmodSync('/dev/net/tun', tunMode);
      rmSync(runtimeDir, { recursive: true, force: true });
      execFileSync('userdel', ['-r', '-f', user], { stdio: 'ignore' });
      for (const file of ['/etc/subuid', '/etc/subgid'])
        writeFileSync(
          file,
          lines(file)
            .filter((l) => !l.startsWith(`${user}:`))
            .join('\n'),
        );
    },
  };
  try {
    await waitFor(
      () => lab.docker('info', '--format', '{{.ServerVersion}}') !== '',
      60_000,
      'the rootless dockerd',
    );
    const dir = mkdtempSync('/tmp/netlens-rootless-');
    try {
      mkdirSync(join(dir, 'bin'));
      copyFileSync('/bin/busybox', join(dir, 'bin', 'busybox'));
      for (const applet of ['sh', 'sleep', 'httpd']) symlinkSync('busybox', join(dir, 'bin', applet));
      execFileSync('sh', ['-c', 'tar -C "$1" -c . > "$1.tar" && chmod 644 "$1.tar"', 'pack', dir]);
      lab.asUser(['docker', 'import', '-c', 'CMD ["/bin/sh"]', `${dir}.tar`, ROOTLESS_IMAGE]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(`${dir}.tar`, { force: true });
    }
  } catch (error) {
    await lab.stop();
    throw error;
  }
  return lab;
}
