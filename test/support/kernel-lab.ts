// The kernel collector's lab on the real dockerd: every network mode, a custom bridge name, a macvlan
// on a host veth end, plus a throwaway netns with tun/tap/vxlan and a netns file with a hostile name.
// Everything is prefixed `nlk-` and removed by removeKernelLab().
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cleanupPrefix, docker, ensureTestImage, waitFor } from './lab.js';

export const PREFIX = 'nlk-';
export const NET_USER = 'nlk-user';
export const NET_CUSTOM = 'nlk-custom';
export const CUSTOM_BRIDGE = 'nlk-custom0';
export const NET_MAC = 'nlk-mac';
/** A same-namespace veth pair in the host; nlk-vp0 is the macvlan parent. */
export const PARENT = 'nlk-vp0';
export const PARENT_PEER = 'nlk-vp1';
/** A plain `ip netns` namespace holding the devices Docker does not make. */
export const LAB_NETNS = 'nlk-lab';
/** Where a shell that interpolated the name would leave a trace. */
export const PWNED = ['/tmp/nlk-pwned', '/tmp/nlk-pwned2'] as const;
/** A netns name that runs code if it ever reaches a shell unquoted, and tries to fake a marker line. */
export const HOSTILE_NETNS =
  "nlk-$(touch $(printf '\\57tmp\\57nlk-pwned'));`touch $(printf '\\57tmp\\57nlk-pwned2')`\n@@0 done";
/** A namespace file that cannot be stat'ed (dangling symlink): the one-stat-for-all must fall back. */
export const DANGLING = '/var/run/netns/nlk-dangling';
/** A plain file where a namespace should be (what Docker leaves when a bind mount is gone). */
export const STALE = '/var/run/netns/nlk-stale';
export const CONTAINERS = [
  'nlk-def',
  'nlk-user1',
  'nlk-cust1',
  'nlk-mac1',
  'nlk-none',
  'nlk-side',
  'nlk-host',
] as const;

const quiet = { stdio: 'pipe' } as const;
const ip = (...args: string[]) => execFileSync('ip', args, quiet);
const attempt = (fn: () => unknown) => {
  try {
    fn();
  } catch {
    // already gone
  }
};

function run(name: string, ...args: string[]): void {
  docker('run', '-d', '--name', name, ...args, ensureTestImage(), 'sleep', '3600');
}

/** Whether the kernel can make a device of this type (this machine lacks dummy, ipvlan, vlan). */
export function canCreate(netns: string, ...args: string[]): boolean {
  try {
    ip('-n', netns, 'link', 'add', ...args);
    return true;
  } catch {
    return false;
  }
}

export interface KernelLabExtras {
  /** Device kinds made in LAB_NETNS. */
  made: string[];
}

export async function createKernelLab(): Promise<KernelLabExtras> {
  removeKernelLab();
  ensureTestImage();
  docker('network', 'create', '--ipv6', '--subnet', '10.232.1.0/24', '--subnet', 'fd00:232:1::/64', NET_USER);
  docker(
    'network',
    'create',
    '--subnet',
    '10.232.2.0/24',
    '-o',
    `com.docker.network.bridge.name=${CUSTOM_BRIDGE}`,
    NET_CUSTOM,
  );
  ip('link', 'add', PARENT, 'type', 'veth', 'peer', 'name', PARENT_PEER);
  ip('link', 'set', PARENT, 'up');
  ip('link', 'set', PARENT_PEER, 'up');
  docker(
    'network',
    'create',
    '-d',
    'macvlan',
    '--subnet',
    '10.232.3.0/24',
    '-o',
    `parent=${PARENT}`,
    NET_MAC,
  );

  run('nlk-def');
  run('nlk-user1', '--network', NET_USER);
  run('nlk-cust1', '--network', NET_CUSTOM);
  run('nlk-mac1', '--network', NET_MAC);
  run('nlk-none', '--network', 'none');
  run('nlk-side', '--network', 'container:nlk-user1');
  run('nlk-host', '--network', 'host');
  // A little traffic so counters are not all zero (to our own bridge gateway only).
  await waitFor(
    () => {
      docker('exec', 'nlk-user1', 'ping', '-c', '2', '-W', '1', '10.232.1.1');
      return true;
    },
    15_000,
    'ping from nlk-user1 to its gateway',
  );

  ip('netns', 'add', LAB_NETNS);
  const made: string[] = [];
  ip('-n', LAB_NETNS, 'link', 'add', 'nlk-pa', 'type', 'veth', 'peer', 'name', 'nlk-pb');
  made.push('veth');
  if (canCreate(LAB_NETNS, 'nlk-vx0', 'type', 'vxlan', 'id', '42', 'dstport', '4789')) made.push('vxlan');
  if (canCreate(LAB_NETNS, 'nlk-dm0', 'type', 'dummy')) made.push('dummy');
  if (canCreate(LAB_NETNS, 'nlk-ipv0', 'link', 'nlk-pa', 'type', 'ipvlan', 'mode', 'l2')) made.push('ipvlan');
  try {
    ip('-n', LAB_NETNS, 'tuntap', 'add', 'nlk-tun0', 'mode', 'tun');
    ip('-n', LAB_NETNS, 'tuntap', 'add', 'nlk-tap0', 'mode', 'tap');
    made.push('tun', 'tap');
  } catch {
    // no /dev/net/tun
  }
  ip('-n', LAB_NETNS, 'link', 'set', 'lo', 'up');
  ip('-n', LAB_NETNS, 'addr', 'add', '10.232.9.1/24', 'dev', 'nlk-pa');
  ip('-n', LAB_NETNS, 'addr', 'add', 'fd00:232:9::1/64', 'dev', 'nlk-pa', 'nodad');
  ip('-n', LAB_NETNS, 'link', 'set', 'nlk-pa', 'up');
  ip('-n', LAB_NETNS, 'link', 'set', 'nlk-pb', 'up');
  ip('-n', LAB_NETNS, 'route', 'add', '10.232.8.0/24', 'via', '10.232.9.2', 'table', '100');
  ip('-n', LAB_NETNS, '-6', 'route', 'add', 'fd00:232:8::/64', 'via', 'fd00:232:9::2', 'table', '100');
  // `ip netns add` takes any name without a slash: a newline, quotes and $(…) included.
  ip('netns', 'add', HOSTILE_NETNS);
  symlinkSync('/nonexistent/nlk', DANGLING);
  writeFileSync(STALE, '');
  return { made };
}

export function removeKernelLab(): void {
  attempt(() => cleanupPrefix(PREFIX));
  attempt(() => ip('link', 'del', PARENT));
  attempt(() => ip('netns', 'del', LAB_NETNS));
  attempt(() => ip('netns', 'del', HOSTILE_NETNS));
  attempt(() => rmSync(DANGLING));
  attempt(() => rmSync(STALE));
  for (const file of PWNED) if (existsSync(file)) rmSync(file);
}

export interface ContainerInfo {
  id: string;
  pid: number;
  sandboxKey: string;
  networkMode: string;
  networks: Record<string, { IPAddress: string; GlobalIPv6Address: string; MacAddress: string }>;
}

export function inspectContainer(name: string): ContainerInfo {
  const [c] = JSON.parse(docker('inspect', name)) as {
    Id: string;
    State: { Pid: number };
    HostConfig: { NetworkMode: string };
    NetworkSettings: { SandboxKey: string; Networks: ContainerInfo['networks'] };
  }[];
  if (!c) throw new Error(`no container ${name}`);
  return {
    id: c.Id,
    pid: c.State.Pid,
    sandboxKey: c.NetworkSettings.SandboxKey,
    networkMode: c.HostConfig.NetworkMode,
    networks: c.NetworkSettings.Networks,
  };
}
