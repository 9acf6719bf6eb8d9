// A real rootless Podman for a test user: the user (with subordinate ids), its runtime folder, and
// `podman system service` started as that user on $XDG_RUNTIME_DIR/podman/podman.sock (cgroupfs and
// file events: there is no systemd user session). Containers get slirp4netns or a netavark bridge in
// Podman's rootless network namespace; slirp4netns opens /dev/net/tun as the user, so a root-only
// device is opened up for the lab and put back. stop() removes the containers, ends every process of
// the user by pid, and removes the user and its files.
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
import { PODMAN_IMAGE, PODMAN_RUN_LIMITS } from './podman-lab.js';

export interface RootlessPodmanLab {
  user: string;
  uid: number;
  dockerHost: string;
  /** podman as the user: podman(['run', …]). */
  podman(args: string[]): string;
  stop(): Promise<void>;
}

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n') : []);

export async function startRootlessPodmanLab(user: string, subidStart: number): Promise<RootlessPodmanLab> {
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
  mkdirSync(`${runtimeDir}/podman`, { recursive: true, mode: 0o700 });
  execFileSync('chown', ['-R', `${user}:`, runtimeDir]);
  const tunMode = statSync('/dev/net/tun').mode & 0o777;
  if ((tunMode & 0o006) !== 0o006) chmodSync('/dev/net/tun', 0o666);
  const env = [
    `HOME=/home/${user}`,
    `XDG_RUNTIME_DIR=${runtimeDir}`,
    'PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  ];
  const global = ['--cgroup-manager=cgroupfs', '--events-backend=file'];
  const podman = (args: string[]) =>
    execFileSync('runuser', ['-u', user, '--', 'env', ...env, 'podman', ...global, ...args], {
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 120_000,
    }).trim();
  const socket = `${runtimeDir}/podman/podman.sock`;
  const service: ChildProcess = spawn(
    'runuser',
    [
      '-u',
      user,
      '--',
      'env',
      ...env,
      'podman',
      ...global,
      'system',
      'service',
      '--time=0',
      `unix://${socket}`,
    ],
    { stdio: 'ignore', detached: true },
  );
  const leftover = () => {
    try {
      return execFileSync('pgrep', ['-u', String(uid)], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .filter(Boolean);
    } catch {
      return []; // pgrep exits 1 when nothing matches
    }
  };
  const stop = async () => {
    try {
      podman(['rm', '-f', '-t', '0', '-a']);
    } catch {
      // nothing to remove, or the service is gone: the processes are ended below
    }
    try {
      if (service.pid) process.kill(-service.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    // The pause process (it holds Podman's user namespace) and any conmon: every process of this user
    // is the lab's (the user was made for it), ended by pid.
    await waitFor(() => leftover().length === 0, 5_000, 'the podman service to end').catch(() => {
      for (const pid of leftover())
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // gone meanwhile
        }
    });
    await waitFor(() => leftover().length === 0, 10_000, `the processes of ${user} to end`);
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
  };
  try {
    await waitFor(() => existsSync(socket), 30_000, 'the rootless podman API socket');
    const dir = mkdtempSync('/tmp/netlens-podman-rootless-');
    try {
      mkdirSync(join(dir, 'bin'));
      copyFileSync('/bin/busybox', join(dir, 'bin', 'busybox'));
      for (const applet of ['sh', 'sleep', 'httpd']) symlinkSync('busybox', join(dir, 'bin', applet));
      execFileSync('sh', ['-c', 'tar -C "$1" -c . > "$1.tar" && chmod 644 "$1.tar"', 'pack', dir]);
      podman(['import', '-c', 'CMD ["/bin/sh"]', `${dir}.tar`, PODMAN_IMAGE]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(`${dir}.tar`, { force: true });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    user,
    uid,
    dockerHost: `unix://${socket}`,
    podman: (args) => podman(args[0] === 'run' ? ['run', ...PODMAN_RUN_LIMITS, ...args.slice(1)] : args),
    stop,
  };
}
