// Small additions to the snapshot factory for the path engine's tests: the sysctls, docker-proxy
// processes and listening sockets a capture records, an IPv6 address on the host NIC, internal
// networks as Docker 20.10 programs them, and macvlan containers on the host's NIC.
import type {
  Container,
  DockerProxy,
  Interface,
  Listener,
  Route,
  Snapshot,
  Sysctls,
} from '../../src/model/snapshot.js';
import { buildSnapshot, type SnapshotSpec } from './snapshot-factory.js';

export const HOST_V6 = '2001:db8:1::10';

export function dockerSysctls(over: Partial<Sysctls> = {}): Sysctls {
  return {
    ipForward: true,
    ipv6Forwarding: true,
    bridgeNfCallIptables: true,
    bridgeNfCallIp6tables: true,
    routeLocalnet: { all: 0, default: 0, interfaces: [] },
    rpFilter: { all: 0, default: 2, interfaces: [] },
    ...over,
  };
}

const route = (namespace: string, dst: string, dev: string, rest: Partial<Route> = {}): Route => ({
  namespace,
  family: dst.includes(':') ? 'ipv6' : 'ipv4',
  table: 'main',
  type: 'unicast',
  dst,
  gateway: null,
  dev,
  protocol: 'kernel',
  scope: 'link',
  prefsrc: null,
  metric: null,
  ...rest,
});

/**
 * The factory's snapshot plus what a capture of Engine 20.10 (userland proxy on) records: a docker-proxy
 * and a listening socket per published port and family (`0.0.0.0` is also published on `[::]`).
 */
export function pathSnapshot(spec: SnapshotSpec, sysctls: Sysctls = dockerSysctls()): Snapshot {
  const s = buildSnapshot(spec);
  const eth0 = s.interfaces.find((i) => i.id === 'host/eth0');
  eth0?.addresses.push({ family: 'ipv6', address: HOST_V6, prefixLen: 64, scope: 'global' });
  s.routes.push(
    route('host', '2001:db8:1::/64', 'eth0'),
    route('host', 'default', 'eth0', { family: 'ipv6', gateway: 'fe80::1', protocol: 'ra', scope: null }),
  );
  const proxies: DockerProxy[] = [];
  const listeners: Listener[] = [];
  let pid = 20000;
  for (const c of s.containers) {
    const ip = c.endpoints[0]?.ipv4;
    if (!ip) continue;
    for (const p of c.ports) {
      const binds = p.hostIp === '0.0.0.0' ? ['0.0.0.0', '::'] : [p.hostIp];
      for (const hostIp of binds) {
        pid += 1;
        proxies.push({
          pid,
          protocol: p.protocol,
          hostIp,
          hostPort: p.hostPort,
          containerIp: ip,
          containerPort: p.containerPort,
        });
        listeners.push({
          namespace: 'host',
          protocol: p.protocol,
          family: hostIp.includes(':') ? 'ipv6' : 'ipv4',
          address: hostIp,
          port: p.hostPort,
          dualStack: hostIp.includes(':') ? false : null,
          processes: [{ name: 'docker-proxy', pid }],
        });
      }
    }
  }
  return { ...s, sysctls, proxies, listeners };
}

/**
 * Docker 20.10's rules for an internal network. Its containers keep a default route via the bridge
 * (as 20.10 does; `withoutGateway` removes it, as later engines leave internal networks without one).
 */
export function makeInternal(s: Snapshot, network: string, withoutGateway = false): Snapshot {
  const n = s.networks.find((x) => x.name === network);
  const subnet = n?.subnets[0]?.subnet;
  const bridge = n?.bridge?.split('/')[1];
  if (!n || !subnet || !bridge) throw new Error(`makeInternal: no bridge network ${network}`);
  const members = new Set(
    s.containers.filter((c) => c.endpoints[0]?.network === network).map((c) => c.namespace),
  );
  if (withoutGateway) s.routes = s.routes.filter((r) => !(members.has(r.namespace) && r.dst === 'default'));
  const stage1 = s.firewall.rules.filter((r) => r.chain === 'DOCKER-ISOLATION-STAGE-1');
  for (const r of stage1) r.position += 2;
  const base = {
    backend: 'iptables-nft',
    family: 'ipv4',
    table: 'filter',
    chain: 'DOCKER-ISOLATION-STAGE-1',
  } as const;
  const text = [
    `-A DOCKER-ISOLATION-STAGE-1 ! -s ${subnet} -o ${bridge} -j DROP`,
    `-A DOCKER-ISOLATION-STAGE-1 ! -d ${subnet} -i ${bridge} -j DROP`,
  ];
  text.forEach((t, i) =>
    s.firewall.rules.push({
      ...base,
      id: `iptables-nft:ipv4:filter:DOCKER-ISOLATION-STAGE-1:${t}`,
      position: i + 1,
      text: t,
      target: 'DROP',
      counters: { packets: 0, bytes: 0 },
    }),
  );
  n.internal = true;
  return s;
}

/** macvlan containers whose parent is the host's eth0 (192.168.1.0/24 by default, as the factory's host). */
export function addMacvlan(s: Snapshot, names: { name: string; ip: string }[], network = 'lan'): Snapshot {
  const interfaces: Interface[] = [];
  names.forEach(({ name, ip }, k) => {
    const ns = `container:${name}`;
    const base = {
      namespace: ns,
      driver: null,
      mac: `02:42:c0:a8:01:${(k + 0x40).toString(16)}`,
      mtu: 1500,
      state: 'UP',
      flags: ['UP', 'LOWER_UP'],
      master: null,
      peer: null,
      linkIndex: null,
      linkNetnsId: null,
      counters: null,
    };
    interfaces.push(
      {
        ...base,
        id: `${ns}/lo`,
        name: 'lo',
        ifindex: 1,
        kind: 'loopback',
        mac: null,
        addresses: [],
        parent: null,
      },
      {
        ...base,
        id: `${ns}/eth0`,
        name: 'eth0',
        ifindex: 2,
        kind: 'macvlan',
        driver: 'macvlan',
        addresses: [{ family: 'ipv4', address: ip, prefixLen: 24, scope: 'global' }],
        parent: 'host/eth0',
      },
    );
    s.routes.push(
      route(ns, '192.168.1.0/24', 'eth0', { prefsrc: ip }),
      route(ns, 'default', 'eth0', { gateway: '192.168.1.1', scope: null }),
    );
    s.namespaces.push({
      id: ns,
      kind: 'container',
      path: `/var/run/docker/netns/m${k}`,
      inode: 4026533000 + k,
      containers: [name],
      interfaces: [`${ns}/eth0`, `${ns}/lo`],
    });
    const c: Container = {
      id: `${'m'.repeat(63)}${k}`,
      name,
      image: 'netlens-test/busybox:latest',
      state: 'running',
      networkMode: network,
      namespace: ns,
      pid: 6000 + k,
      endpoints: [
        {
          network,
          interface: `${ns}/eth0`,
          ipv4: ip,
          ipv4PrefixLen: 24,
          ipv6: null,
          mac: base.mac,
          gateway: '192.168.1.1',
          aliases: [],
        },
      ],
      ports: [],
      compose: null,
    };
    s.containers.push(c);
  });
  s.interfaces.push(...interfaces);
  s.networks.push({
    id: 'f'.repeat(64),
    name: network,
    driver: 'macvlan',
    scope: 'local',
    internal: false,
    ipv6: false,
    subnets: [{ subnet: '192.168.1.0/24', gateway: '192.168.1.1' }],
    bridge: 'host/eth0',
    options: { parent: 'eth0' },
    endpoints: s.containers
      .filter((c) => c.networkMode === network)
      .map((c) => ({
        container: c.name,
        interface: c.endpoints[0]?.interface ?? null,
        ipv4: c.endpoints[0]?.ipv4 ?? null,
        ipv6: null,
        mac: c.endpoints[0]?.mac ?? null,
      })),
  });
  return s;
}
