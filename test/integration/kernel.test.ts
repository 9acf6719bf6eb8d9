// collectKernel against the real dockerd and kernel, each fact checked against the kernel read another
// way (/proc, `ip -o` inside the namespace, docker inspect), in exactly one exec.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, release } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KernelFacts, NamespaceFacts } from '../../src/collect/facts.js';
import { collectKernel, type KernelCollection } from '../../src/collect/kernel/kernel.js';
import { createLocalConnection, runLocal } from '../../src/connection/local.js';
import type { Connection } from '../../src/connection/types.js';
import {
  CUSTOM_BRIDGE,
  DANGLING,
  HOSTILE_NETNS,
  LAB_NETNS,
  NET_USER,
  PARENT,
  PWNED,
  STALE,
  createKernelLab,
  inspectContainer,
  removeKernelLab,
  type ContainerInfo,
} from '../support/kernel-lab.js';
import { docker, dockerAvailable } from '../support/lab.js';

const isRoot = process.getuid?.() === 0;
if (process.env.CI === 'true' && !isRoot)
  throw new Error('CI: the kernel collector integration test must run as root');
const enabled = dockerAvailable() && isRoot;

const inodeOf = (path: string) => statSync(path).ino;

/** The kernel's own list of a namespace's links: name → ifindex, peer ifindex (iflink), mtu. */
function ipLinks(pid: number): Map<string, { ifindex: number; iflink: number | null; mtu: number }> {
  const out = execFileSync('nsenter', ['-t', String(pid), '-n', 'ip', '-o', 'link', 'show'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  const links = new Map<string, { ifindex: number; iflink: number | null; mtu: number }>();
  for (const line of out.trim().split('\n')) {
    const m = /^(\d+): ([^:@]+)(?:@if(\d+))?: .* mtu (\d+)/.exec(line);
    if (m)
      links.set(m[2] as string, {
        ifindex: Number(m[1]),
        iflink: m[3] ? Number(m[3]) : null,
        mtu: Number(m[4]),
      });
  }
  return links;
}

/** /proc/<pid>/net/dev: rx/tx bytes per interface, read independently of netlink. */
function procNetDev(pid: number): Map<string, { rxBytes: number; txBytes: number }> {
  const rows = readFileSync(`/proc/${pid}/net/dev`, 'utf8').trim().split('\n').slice(2);
  return new Map(
    rows.map((row) => {
      const [name = '', rest = ''] = row.split(':');
      const cols = rest.trim().split(/\s+/).map(Number);
      return [name.trim(), { rxBytes: cols[0] ?? 0, txBytes: cols[8] ?? 0 }];
    }),
  );
}

/** /proc/<pid>/net/route: the IPv4 main table as the kernel prints it (gateway in little-endian hex). */
function procMainRoutes(pid: number): { dev: string; gateway: string | null; default: boolean }[] {
  const rows = readFileSync(`/proc/${pid}/net/route`, 'utf8').trim().split('\n').slice(1);
  return rows.map((row) => {
    const [dev = '', dst = '', gw = ''] = row.trim().split(/\s+/);
    const bytes = Buffer.from(gw, 'hex').reverse();
    return { dev, gateway: gw === '00000000' ? null : [...bytes].join('.'), default: dst === '00000000' };
  });
}

describe.skipIf(!enabled)('collectKernel on a real Docker host', () => {
  let conn: Connection;
  let result: KernelCollection;
  let kernel: KernelFacts;
  let info: Record<string, ContainerInfo>;
  let elapsedMs = 0;

  beforeAll(async () => {
    await createKernelLab();
    info = Object.fromEntries(
      ['nlk-def', 'nlk-user1', 'nlk-cust1', 'nlk-mac1', 'nlk-none', 'nlk-side', 'nlk-host'].map((n) => [
        n,
        inspectContainer(n),
      ]),
    );
    conn = createLocalConnection();
    const started = Date.now();
    result = await collectKernel(conn);
    elapsedMs = Date.now() - started;
    kernel = result.kernel;
  });

  afterAll(async () => {
    rmSync(SUDOERS, { force: true });
    removeKernelLab();
    await conn?.close();
  });

  const nsOf = (name: string): NamespaceFacts => {
    const found = kernel.namespaces.find((n) => n.path === info[name]?.sandboxKey);
    if (!found) throw new Error(`no namespace for ${name}`);
    return found;
  };

  it('made exactly one exec, as root, reporting only the unreadable files we planted', () => {
    expect(conn.stats.execs).toBe(1);
    expect(kernel.privilege).toBe('root');
    // A stale file (not a namespace any more) is skipped without a word; a dangling link is reported.
    expect(kernel.problems.filter((p) => p.includes('not a network namespace'))).toEqual([]);
    expect(kernel.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${DANGLING}: stat failed: .*No such file`)),
      ]),
    );
    expect(kernel.namespaces.find((n) => n.path === STALE)).toBeUndefined();
    expect(kernel.hostname).toBe(hostname());
    expect(kernel.kernel).toBe(release());
    console.info(`collectKernel: ${elapsedMs} ms for ${kernel.namespaces.length} namespace files`);
  });

  it("reads the host namespace's inode and our lab's host devices", () => {
    expect(kernel.host?.inode).toBe(inodeOf('/proc/self/ns/net'));
    const byName = new Map(kernel.host?.links.map((l) => [l.name, l]));
    const parentIndex = Number(readFileSync(`/sys/class/net/${PARENT}/ifindex`, 'utf8'));
    expect(byName.get(PARENT)).toMatchObject({ ifindex: parentIndex, infoKind: 'veth', link: 'nlk-vp1' });
    expect(byName.get(CUSTOM_BRIDGE)?.infoKind).toBe('bridge');
  });

  it('reads every container namespace: inode, links, peers, MACs, addresses, counters, routes', () => {
    for (const name of ['nlk-def', 'nlk-user1', 'nlk-cust1', 'nlk-mac1', 'nlk-none']) {
      const c = info[name] as ContainerInfo;
      const ns = nsOf(name);
      expect(ns.error, name).toBeNull();
      expect(ns.inode, name).toBe(inodeOf(`/proc/${c.pid}/ns/net`));
      const truth = ipLinks(c.pid);
      expect(new Set(ns.links.map((l) => l.name)), name).toEqual(new Set(truth.keys()));
      for (const link of ns.links) {
        const t = truth.get(link.name);
        expect(link.ifindex, `${name}/${link.name}`).toBe(t?.ifindex);
        expect(link.mtu).toBe(t?.mtu);
        if (t?.iflink !== null && link.infoKind === 'veth') expect(link.linkIndex).toBe(t?.iflink);
      }
      const dev = procNetDev(c.pid);
      for (const link of ns.links) {
        // Counters only grow: what we read cannot exceed what /proc shows a moment later.
        expect(link.counters?.rxBytes).toBeLessThanOrEqual(dev.get(link.name)?.rxBytes ?? -1);
      }
      for (const net of Object.values(c.networks)) {
        if (!net.MacAddress) continue;
        const eth = ns.links.find((l) => l.mac === net.MacAddress);
        expect(
          eth?.addresses.map((a) => a.address),
          name,
        ).toContain(net.IPAddress);
      }
      const mainV4 = ns.routes.filter((r) => r.family === 'ipv4' && r.table === 'main');
      const proc = procMainRoutes(c.pid);
      expect(mainV4.length, name).toBe(proc.length);
      expect(mainV4.find((r) => r.dst === 'default')?.gateway ?? null).toBe(
        proc.find((r) => r.default)?.gateway ?? null,
      );
    }
    expect(nsOf('nlk-none').links.map((l) => l.name)).toEqual(['lo']);
    expect(nsOf('nlk-user1').routes.find((r) => r.family === 'ipv6' && r.dst === 'default')?.gateway).toBe(
      'fd00:232:1::1',
    );
  });

  it('joins each container veth to its host end and bridge, and the macvlan to its parent', () => {
    const userBridge = `br-${(JSON.parse(docker('network', 'inspect', NET_USER, '--format', '{{json .Id}}')) as string).slice(0, 12)}`;
    const expected: [string, string][] = [
      ['nlk-def', 'docker0'],
      ['nlk-user1', userBridge],
      ['nlk-cust1', CUSTOM_BRIDGE],
    ];
    for (const [name, bridge] of expected) {
      const eth0 = nsOf(name).links.find((l) => l.name === 'eth0');
      const hostEnd = kernel.host?.links.find((l) => l.ifindex === eth0?.linkIndex);
      expect(hostEnd, name).toMatchObject({
        infoKind: 'veth',
        slaveKind: 'bridge',
        master: bridge,
        linkIndex: eth0?.ifindex,
      });
    }
    const mv = nsOf('nlk-mac1').links.find((l) => l.name === 'eth0');
    expect(mv?.infoKind).toBe('macvlan');
    expect(mv?.linkIndex).toBe(Number(readFileSync(`/sys/class/net/${PARENT}/ifindex`, 'utf8')));
  });

  it('puts container:X and host-mode containers where the kernel says they are', () => {
    expect(info['nlk-side']?.sandboxKey).toBe('');
    expect(inodeOf(`/proc/${info['nlk-side']?.pid}/ns/net`)).toBe(nsOf('nlk-user1').inode);
    expect(inodeOf(`/proc/${info['nlk-host']?.pid}/ns/net`)).toBe(kernel.host?.inode);
    expect(nsOf('nlk-host')).toMatchObject({
      path: '/var/run/docker/netns/default',
      inode: kernel.host?.inode,
      links: [],
    });
  });

  it('reads `ip netns` namespaces: tun, tap, vxlan and a numbered routing table', () => {
    const labNs = kernel.namespaces.find((n) => n.path === `/var/run/netns/${LAB_NETNS}`);
    expect(labNs?.inode).toBe(inodeOf(`/var/run/netns/${LAB_NETNS}`));
    const kinds = new Map(labNs?.links.map((l) => [l.name, l.infoKind]));
    expect(kinds.get('nlk-tun0')).toBe('tun');
    expect(kinds.get('nlk-tap0')).toBe('tun');
    expect(kinds.get('nlk-vx0')).toBe('vxlan');
    expect(
      labNs?.routes.filter((r) => r.table === '100').map((r) => `${r.family} ${r.dst} ${r.gateway}`),
    ).toEqual(['ipv4 10.232.8.0/24 10.232.9.2', 'ipv6 fd00:232:8::/64 fd00:232:9::2']);
  });

  it('reads a namespace file with a hostile name as data and runs nothing', () => {
    const path = `/var/run/netns/${HOSTILE_NETNS}`;
    const hostile = kernel.namespaces.find((n) => n.path === path);
    expect(hostile).toMatchObject({ inode: inodeOf(path), error: null });
    expect(hostile?.links.map((l) => l.name)).toEqual(['lo']);
    for (const file of PWNED) expect(existsSync(file), file).toBe(false);
  });

  it('passes the firewall through: Docker rules for our custom bridge, iptables -V', () => {
    const nft = result.firewall['iptables-nft-save'];
    const legacy = result.firewall['iptables-legacy-save'];
    const rules = `${nft?.stdout ?? ''}${legacy?.stdout ?? ''}`;
    expect(rules).toMatch(/-A POSTROUTING -s 10\.232\.2\.0\/24 ! -o nlk-custom0 -j MASQUERADE/);
    expect(result.firewall['iptables-version']?.stdout).toMatch(/^iptables v/);
    const version = execFileSync('iptables', ['-V'], { encoding: 'utf8' });
    expect(result.firewall['iptables-version']?.stdout).toBe(version);
  });

  it('as a user without sudo: still one exec, host namespace only, problems say why', async () => {
    const nobody = asNobody();
    const { kernel: k, firewall } = await collectKernel(nobody);
    expect(nobody.stats.execs).toBe(1);
    expect(k.privilege).toBe('none');
    expect(k.host?.inode).toBe(kernel.host?.inode);
    expect(k.host?.links.map((l) => l.name)).toEqual(expect.arrayContaining([PARENT, CUSTOM_BRIDGE]));
    expect(k.namespaces.every((n) => n.links.length === 0)).toBe(true);
    expect(k.problems.join('\n')).toMatch(/not root and no passwordless sudo/);
    expect(firewall['iptables-nft-save']?.code).not.toBe(0);
  });

  it('as a user with passwordless sudo: one exec, runs under `sudo -n`, reads everything', async () => {
    if (!hasSudo) {
      if (process.env.CI === 'true') throw new Error('CI: sudo must be installed for the sudo path test');
      console.warn('skipped: sudo is not installed (apt-get install sudo)');
      return;
    }
    // Only for the test's duration, and only `sh`: the command the wrapper runs under sudo.
    writeFileSync(SUDOERS, 'nobody ALL=(root) NOPASSWD: /bin/sh, /usr/bin/sh\n', { mode: 0o440 });
    try {
      const nobody = asNobody();
      const { kernel: k, firewall } = await collectKernel(nobody);
      expect(nobody.stats.execs).toBe(1);
      expect(k.privilege).toBe('sudo');
      const user1 = k.namespaces.find((n) => n.path === info['nlk-user1']?.sandboxKey);
      expect(user1?.links.map((l) => l.name)).toContain('eth0');
      expect(firewall['iptables-nft-save']?.code).toBe(0);
    } finally {
      rmSync(SUDOERS, { force: true });
    }
  });
});

const SUDOERS = '/etc/sudoers.d/nlk-test';
const hasSudo = existsSync('/usr/bin/sudo') || existsSync('/bin/sudo');

/** The local host as the unprivileged user `nobody`: every exec goes through setpriv. */
function asNobody(): Connection {
  return {
    ...createLocalConnection(),
    isRoot: false,
    stats: { execs: 0 },
    exec(argv, options) {
      this.stats.execs += 1;
      return runLocal(
        ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--', ...argv],
        options,
      );
    },
  };
}
