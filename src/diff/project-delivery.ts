// Comparable views of what delivers traffic besides NAT rules: the host's sysctls (one item each, so a
// change reads "ip_forward 1 → 0"), the docker-proxy processes (by protocol, host address and port,
// grouped under the container they forward to) and the host's sockets listening on a published port.
// A snapshot made before these were captured (absent) or that could not read them (null) has nothing
// to compare: unknown is not "none", so that side's items are left out entirely.
import type { DockerProxy, InterfaceSysctl, Listener, Snapshot } from '../model/snapshot.js';
import { cmp } from '../model/order.js';
import type { Identity } from './identity.js';
import { hostPort, type Item, type ProjectOptions } from './project-objects.js';

const only = (when: boolean, fields: Record<string, unknown>) => (when ? fields : {});
/** Booleans as the kernel writes them (`ip_forward 1 → 0`); null: the file could not be read. */
const bit = (v: boolean | null) => (v === null ? 'unreadable' : v ? 1 : 0);

/** `127.0.0.1:5353/udp`, `[::]:8080/tcp`. */
export const socketText = (protocol: string, address: string, port: number) =>
  `${hostPort(address, port)}/${protocol}`;

/** Ports (`tcp/8080`) a snapshot publishes, asks to publish or proxies: the listeners worth comparing. */
export function deliveryPorts(s: Snapshot): Set<string> {
  const out = new Set<string>();
  for (const c of s.containers)
    for (const p of [...c.ports, ...(c.requestedPorts ?? [])])
      if (p.hostPort > 0) out.add(`${p.protocol}/${p.hostPort}`);
  for (const p of s.proxies ?? []) out.add(`${p.protocol}/${p.hostPort}`);
  for (const f of s.natFlows) if (f.kind === 'dnat') out.add(`${f.protocol}/${f.hostPort}`);
  return out;
}

function sysctlItem(hostNs: string, id: Identity, key: string, label: string, value: unknown): Item {
  return { key, id: hostNs, label, owner: id.owners.host, view: { value } };
}

/** Interfaces any side sets apart from `default`, per setting: each is compared on both sides. */
export interface SysctlNames {
  routeLocalnet: ReadonlySet<string>;
  rpFilter: ReadonlySet<string>;
}

export function sysctlNames(...sides: Snapshot[]): SysctlNames {
  const names = (pick: (s: Snapshot) => InterfaceSysctl | undefined) =>
    new Set(sides.flatMap((s) => pick(s)?.interfaces.map((i) => i.name) ?? []));
  return {
    routeLocalnet: names((s) => s.sysctls?.routeLocalnet),
    rpFilter: names((s) => s.sysctls?.rpFilter),
  };
}

/**
 * `all`, `default`, and each interface either side sets apart, with this side's effective value (its
 * own, else `default`), so a device that changes reads "rp_filter on eth0 1 → 2". A device this side
 * does not have is left out (it comes or goes with the device).
 */
function interfaceSysctls(
  name: string,
  v: InterfaceSysctl,
  names: ReadonlySet<string>,
  s: Snapshot,
  hostNs: string,
  id: Identity,
): Item[] {
  const out = [
    sysctlItem(hostNs, id, `${name}/all`, `${name} (all)`, v.all ?? 'unreadable'),
    sysctlItem(hostNs, id, `${name}/default`, `${name} (default)`, v.default ?? 'unreadable'),
  ];
  const own = new Map(v.interfaces.map((i) => [i.name, i.value]));
  const devices = new Set(s.interfaces.filter((i) => i.namespace === hostNs).map((i) => i.name));
  for (const dev of names) {
    if (!own.has(dev) && !devices.has(dev)) continue;
    out.push({
      ...sysctlItem(
        hostNs,
        id,
        `${name}/${id.dev(hostNs, dev) ?? dev}`,
        `${name} on ${dev}`,
        own.get(dev) ?? v.default ?? 'unreadable',
      ),
      owner: id.owners.iface(`${hostNs}/${dev}`),
    });
  }
  return out;
}

export function projectSysctls(s: Snapshot, id: Identity, hostNs: string, names: SysctlNames): Item[] {
  const v = s.sysctls;
  if (!v) return [];
  return [
    sysctlItem(hostNs, id, 'ip_forward', 'ip_forward', bit(v.ipForward)),
    sysctlItem(hostNs, id, 'ipv6/forwarding', 'IPv6 forwarding', bit(v.ipv6Forwarding)),
    sysctlItem(hostNs, id, 'bridge-nf-call-iptables', 'bridge-nf-call-iptables', bit(v.bridgeNfCallIptables)),
    sysctlItem(
      hostNs,
      id,
      'bridge-nf-call-ip6tables',
      'bridge-nf-call-ip6tables',
      bit(v.bridgeNfCallIp6tables),
    ),
    ...interfaceSysctls('route_localnet', v.routeLocalnet, names.routeLocalnet, s, hostNs, id),
    ...interfaceSysctls('rp_filter', v.rpFilter, names.rpFilter, s, hostNs, id),
  ];
}

/** The container a docker-proxy forwards to (by address), else the one that publishes its port. */
function proxyOwner(p: DockerProxy, s: Snapshot, id: Identity) {
  const publisher = s.containers.find((c) =>
    c.ports.some((x) => x.protocol === p.protocol && x.hostPort === p.hostPort && x.hostIp === p.hostIp),
  );
  return (
    id.owners.meaning(id.meaning(p.containerIp)) ??
    (publisher ? id.owners.container(publisher.name) : id.owners.host)
  );
}

export function projectProxy(
  p: DockerProxy,
  s: Snapshot,
  id: Identity,
  hostNs: string,
  o: ProjectOptions,
): Item {
  const to = hostPort(p.containerIp, p.containerPort);
  return {
    key: `${p.protocol} ${hostPort(p.hostIp, p.hostPort)}`,
    id: hostNs,
    label: `docker-proxy for ${socketText(p.protocol, p.hostIp, p.hostPort)}`,
    owner: proxyOwner(p, s, id),
    view: { to, ...only(o.volatile, { pid: p.pid }) },
    display: { to },
  };
}

/** Owner of a listener: the container its docker-proxy forwards to, else the host. */
function listenerOwner(l: Listener, s: Snapshot, id: Identity) {
  const proxy = (s.proxies ?? []).find(
    (p) => p.protocol === l.protocol && p.hostPort === l.port && p.hostIp === l.address,
  );
  return proxy ? proxyOwner(proxy, s, id) : id.owners.host;
}

/** The host's sockets on `ports` (see deliveryPorts); the rest of the host's sockets are not Docker's. */
export function projectListeners(
  s: Snapshot,
  id: Identity,
  ports: ReadonlySet<string>,
  o: ProjectOptions,
): Item[] {
  return (s.listeners ?? [])
    .filter((l) => ports.has(`${l.protocol}/${l.port}`))
    .map((l) => ({
      key: `${l.protocol} ${hostPort(l.address, l.port)}`,
      id: l.namespace,
      label: `socket ${socketText(l.protocol, l.address, l.port)}`,
      owner: listenerOwner(l, s, id),
      view: {
        // An IPv6 wildcard that takes IPv4 too or not: whether 0.0.0.0 traffic reaches it.
        dualStack: l.dualStack,
        processes: [...new Set(l.processes.map((p) => p.name))].sort(cmp),
        ...only(o.volatile, { pids: l.processes.map((p) => p.pid).sort((a, b) => a - b) }),
      },
    }));
}
