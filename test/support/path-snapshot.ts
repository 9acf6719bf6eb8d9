// Small additions to the snapshot factory for the path engine's tests: the sysctls, docker-proxy
// processes and listening sockets a capture records, an IPv6 address on the host NIC, and the
// isolation rules Docker 20.10 writes for an internal network.
import type { DockerProxy, Listener, Snapshot, Sysctls } from '../../src/model/snapshot.js';
import { buildSnapshot, route, rule, type SnapshotSpec } from './snapshot-factory/index.js';

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

/**
 * The factory's snapshot plus what a capture of Engine 20.10 (userland proxy on) records: a docker-proxy
 * and a listening socket per published port and family (`0.0.0.0` is also published on `[::]`).
 */
export function pathSnapshot(spec: SnapshotSpec, sysctls: Sysctls = dockerSysctls()): Snapshot {
  const s = buildSnapshot(spec);
  const eth0 = s.interfaces.find((i) => i.id === 'host/eth0');
  eth0?.addresses.push({ family: 'ipv6', address: HOST_V6, prefixLen: 64, scope: 'global' });
  s.routes.push(
    route('host', '2001:db8:1::/64', 'eth0', { family: 'ipv6' }),
    route('host', 'default', 'eth0', { family: 'ipv6', gateway: 'fe80::1', protocol: 'ra', scope: null }),
  );
  const proxies: DockerProxy[] = [];
  const listeners: Listener[] = [];
  let pid = 20000;
  for (const c of s.containers) {
    const containerIp = c.endpoints[0]?.ipv4;
    if (!containerIp) continue;
    for (const p of c.ports) {
      for (const hostIp of p.hostIp === '0.0.0.0' ? ['0.0.0.0', '::'] : [p.hostIp]) {
        pid += 1;
        const { protocol, hostPort, containerPort } = p;
        proxies.push({ pid, protocol, hostIp, hostPort, containerIp, containerPort });
        const v6 = hostIp.includes(':');
        listeners.push({
          namespace: 'host',
          protocol,
          family: v6 ? 'ipv6' : 'ipv4',
          address: hostIp,
          port: hostPort,
          dualStack: v6 ? false : null,
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
  for (const r of s.firewall.rules) if (r.chain === 'DOCKER-ISOLATION-STAGE-1') r.position += 2;
  const chain = 'DOCKER-ISOLATION-STAGE-1';
  s.firewall.rules.push(
    rule('filter', chain, 1, `-A ${chain} ! -s ${subnet} -o ${bridge} -j DROP`),
    rule('filter', chain, 2, `-A ${chain} ! -d ${subnet} -i ${bridge} -j DROP`),
  );
  n.internal = true;
  return s;
}
