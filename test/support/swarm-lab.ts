// A second Docker engine of the test's own, as a separate host: dockerd in its own mount and network
// namespaces (a tmpfs on /run hides the shared engine's socket and netns folder, so this one uses the
// default paths), its own --data-root, a veth to the host, and a single-node Swarm. Nothing of it is
// visible in the shared host's network namespace or firewall; stop() ends it and its namespaces.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './lab.js';

export const SWARM_IMAGE = 'netlens-test/busybox:latest';

export interface SwarmLab {
  /** The dockerd's pid: `nsenter -t pid -m -n` enters the lab host. */
  pid: number;
  /** The lab host's address on its veth (the Swarm advertise address). */
  address: string;
  /** Runs a command inside the lab host (its mount and network namespaces), from `cwd`. */
  exec(argv: string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): string;
  docker(...args: string[]): string;
  stop(): Promise<void>;
}

const INNER = `set -e
mount --make-rprivate /
mount -t tmpfs tmpfs /run
mkdir -p /run/netns /var/run/docker
ip link set lo up
exec dockerd --data-root "$1/data" --pidfile /run/docker.pid -H unix:///run/docker.sock >"$1/dockerd.log" 2>&1
`;

export async function startSwarmLab(
  prefix: string,
  hostAddress: string,
  labAddress: string,
  options: { init?: boolean } = {},
): Promise<SwarmLab> {
  const dir = mkdtempSync(`/tmp/${prefix}-`);
  writeFileSync(join(dir, 'inner.sh'), INNER);
  const outer: ChildProcess = spawn(
    'unshare',
    ['--mount', '--net', '--fork', 'sh', join(dir, 'inner.sh'), dir],
    {
      stdio: 'ignore',
    },
  );
  // dockerd is unshare's only child: it holds both namespaces.
  const pid = await waitFor(
    () => {
      const out = execFileSync('pgrep', ['-P', String(outer.pid)], { encoding: 'utf8' }).trim();
      return out ? Number(out.split('\n')[0]) : undefined;
    },
    10_000,
    'the lab dockerd',
  );
  const enter = ['nsenter', '-t', String(pid), '-m', '-n'];
  const exec: SwarmLab['exec'] = (argv, options = {}) =>
    execFileSync(
      enter[0] as string,
      [...enter.slice(1), ...(options.cwd ? [`--wd=${options.cwd}`] : []), ...argv],
      {
        encoding: 'utf8',
        stdio: ['pipe', 'pipe', 'pipe'],
        maxBuffer: 256 * 1024 * 1024,
        timeout: options.timeoutMs ?? 60_000,
        ...(options.env && { env: options.env }),
      },
    ).trim();
  const docker = (...args: string[]) => exec(['docker', '-H', 'unix:///run/docker.sock', ...args]);
  const hostEnd = `${prefix}0`;
  const stop = async () => {
    try {
      if (options.init !== false || docker('info', '--format', '{{.Swarm.LocalNodeState}}') === 'active')
        docker('swarm', 'leave', '--force');
    } catch {
      // not in a swarm (start failed before init)
    }
    outer.kill('SIGTERM');
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
    await waitFor(
      () => outer.exitCode !== null || outer.signalCode !== null,
      30_000,
      'the lab dockerd to stop',
    );
    try {
      execFileSync('ip', ['link', 'del', hostEnd], { stdio: 'ignore' });
    } catch {
      // went with the namespace
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      () => docker('info', '--format', '{{.ServerVersion}}') !== '',
      30_000,
      'the lab dockerd API',
    );
    execFileSync('ip', ['link', 'add', hostEnd, 'type', 'veth', 'peer', 'name', `${prefix}1`]);
    execFileSync('ip', ['link', 'set', `${prefix}1`, 'netns', String(pid)]);
    execFileSync('ip', ['addr', 'add', `${hostAddress}/30`, 'dev', hostEnd]);
    execFileSync('ip', ['link', 'set', hostEnd, 'up']);
    exec(['ip', 'addr', 'add', `${labAddress}/30`, 'dev', `${prefix}1`]);
    exec(['ip', 'link', 'set', `${prefix}1`, 'up']);
    if (options.init !== false) docker('swarm', 'init', '--advertise-addr', labAddress);
    const root = join(dir, 'rootfs');
    mkdirSync(join(root, 'bin'), { recursive: true });
    copyFileSync('/bin/busybox', join(root, 'bin', 'busybox'));
    for (const applet of ['sh', 'sleep', 'httpd']) symlinkSync('busybox', join(root, 'bin', applet));
    exec([
      'sh',
      '-c',
      'tar -C "$1" -c . | docker -H unix:///run/docker.sock import -c \'CMD ["/bin/sh"]\' - "$2"',
      'import',
      root,
      SWARM_IMAGE,
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { pid, address: labAddress, exec, docker, stop };
}

/**
 * A direct link between two lab hosts (a veth pair with one end in each), for Swarm traffic between
 * them: nothing of it touches the shared host's namespace. Returns the two addresses.
 */
export function linkLabs(
  a: SwarmLab,
  b: SwarmLab,
  names: [string, string],
  subnet: string,
): [string, string] {
  const [na, nb] = names;
  execFileSync('ip', ['link', 'add', na, 'type', 'veth', 'peer', 'name', nb]);
  execFileSync('ip', ['link', 'set', na, 'netns', String(a.pid)]);
  execFileSync('ip', ['link', 'set', nb, 'netns', String(b.pid)]);
  const addrA = `${subnet}.1`;
  const addrB = `${subnet}.2`;
  a.exec(['ip', 'addr', 'add', `${addrA}/30`, 'dev', na]);
  a.exec(['ip', 'link', 'set', na, 'up']);
  b.exec(['ip', 'addr', 'add', `${addrB}/30`, 'dev', nb]);
  b.exec(['ip', 'link', 'set', nb, 'up']);
  return [addrA, addrB];
}
