// Comparable views of the host, containers, networks, namespaces and interfaces: references turned
// into semantic keys, sets sorted, and volatile or per-instance fields left out unless asked for.
import type { ChangeOwner } from '../model/diff-types.js';
import type { Address, Container, Interface, Namespace, Network, Snapshot } from '../model/snapshot.js';
import { markText } from '../model/mesh.js';
import { cmp } from '../model/order.js';
import { joinPath, type View } from './field-diff.js';
import type { Identity } from './identity.js';

export interface ProjectOptions {
  /** Include fields that change without anything meaningful changing (counters, ifindex, pid, inode…). */
  volatile: boolean;
  /**
   * Two hosts compared by role: leave out ids, MACs and IPv6 link-local addresses (per instance);
   * addresses and generated names are compared by meaning unless strict (see compare-fields.ts).
   */
  crossHost: boolean;
  /**
   * Facts both snapshots hold (absent in older snapshots, null when unreadable): only these are
   * compared, as "unknown" on one side is not "none". Omitted: none of them.
   */
  known?: Known;
}

export interface Known {
  requestedPorts: boolean;
  sysctls: boolean;
  listeners: boolean;
  proxies: boolean;
}

export interface Item {
  key: string;
  /** The item's id in its own snapshot (containers and networks by name, routes by namespace). */
  id: string;
  label: string;
  view: View;
  /** Values to show instead of the compared ones, by field path (e.g. a rule's raw text). */
  display?: Record<string, unknown>;
  owner: ChangeOwner;
  /** The item is made by the kernel by itself (a local-table route): hidden unless everything is asked for. */
  kernel?: boolean;
  /** Words for what fields under a path are about (an endpoint's interface name), by path prefix. */
  subjects?: Record<string, string>;
  /** Top-level fields expected to differ between two hosts whatever they mean (an endpoint's eth0/eth1). */
  expected?: string[];
  /** Fields (by top-level path) hidden unless everything is asked for, and why. */
  hidden?: Record<string, HiddenWhy>;
}

/** Kernel-made (link-local addresses, random veth MACs) or a repeat of another item's change. */
export type HiddenWhy = 'kernel' | 'repeated';

const sorted = (values: string[]) => [...values].sort(cmp);
const only = (when: boolean, fields: View): View => (when ? fields : {});

export function hostPort(hostIp: string, port: number): string {
  return hostIp.includes(':') ? `[${hostIp}]:${port}` : `${hostIp || '0.0.0.0'}:${port}`;
}

export function isLinkLocal6(a: Address): boolean {
  return a.family === 'ipv6' && /^fe[89ab]/i.test(a.address);
}

/** Swarm services by name: what they publish, where they are attached, how many replicas (not tasks). */
function servicesView(s: Snapshot): View {
  const view = Object.create(null) as View;
  for (const svc of s.services ?? [])
    view[svc.name] = {
      mode: svc.mode,
      replicas: svc.replicas,
      ports: sorted(
        svc.ports.map((p) => `${p.protocol}/${p.publishedPort}→${p.targetPort} ${p.publishMode}`),
      ),
      networks: sorted(svc.networks.map((n) => n.network)),
    };
  return view;
}

export function projectHost(s: Snapshot, id: Identity, o: ProjectOptions): Item {
  const h = s.host;
  return {
    key: 'host',
    id: 'host',
    label: `host ${h.name}`,
    owner: id.owners.host,
    // Two hosts by role: that they are two hosts is the point, not a change.
    ...(o.crossHost ? { expected: ['name', 'target'] } : {}),
    view: {
      name: h.name,
      target: h.target,
      dockerVersion: h.dockerVersion,
      apiVersion: h.apiVersion,
      kernel: h.kernel,
      os: h.os,
      firewallBackend: h.firewallBackend,
      firewallBackends: sorted(s.firewall.backends),
      privilege: h.privilege,
      rootless: h.rootless,
      // Fields added after v1 shipped: absent in older snapshots, compared as null / empty.
      engine: h.engine ?? null,
      vm: h.vm?.product ?? null,
      swarm: h.swarm
        ? { manager: h.swarm.manager, ...only(!o.crossHost, { nodeAddr: h.swarm.nodeAddr }) }
        : null,
      services: servicesView(s),
      collected: { ...h.collected },
      ...only(o.volatile, { capturedAt: s.capturedAt }),
    },
  };
}

function portsView(ports: Container['ports']): Map<string, string[]> {
  const byPort = new Map<string, string[]>();
  for (const p of ports) {
    const key = `${p.protocol}/${p.containerPort}`;
    // Host port 0 in a request: any free port.
    const at = p.hostPort === 0 ? `${hostPort(p.hostIp, 0).slice(0, -1)}any` : hostPort(p.hostIp, p.hostPort);
    byPort.set(key, [...(byPort.get(key) ?? []), at]);
  }
  for (const list of byPort.values()) list.sort(cmp);
  return byPort;
}

export function projectContainer(c: Container, id: Identity, o: ProjectOptions): Item {
  // Prototype-less: a network or container named __proto__ is a key like any other.
  const endpoints = Object.create(null) as View;
  const subjects = Object.create(null) as Record<string, string>;
  for (const e of c.endpoints) {
    // Docker adds the short container id as an alias: per instance, like the id itself.
    const aliases = o.crossHost
      ? e.aliases.filter((a) => !(a.length >= 12 && c.id.startsWith(a)))
      : e.aliases;
    const network = id.names.network(e.network);
    if (e.interface)
      subjects[joinPath('endpoints', network)] = e.interface.slice(e.interface.lastIndexOf('/') + 1);
    endpoints[network] = {
      interface: id.iface(e.interface),
      ipv4: e.ipv4,
      ipv4PrefixLen: e.ipv4PrefixLen,
      ipv6: e.ipv6,
      gateway: e.gateway,
      aliases: sorted(aliases),
      ...only(!o.crossHost, { mac: e.mac }),
    };
  }
  return {
    key: id.names.container(c.name),
    id: c.name,
    label: `container ${c.name}`,
    owner: id.owners.container(c.name),
    // The namespace it lives in comes and goes with the namespace itself (listed on its own).
    hidden: { namespace: 'repeated' },
    subjects,
    view: {
      ...only(!o.crossHost, { id: c.id }),
      image: c.image,
      state: c.state,
      // `container:<name>` or a network's name (the one it was created on).
      networkMode: c.networkMode.startsWith('container:')
        ? `container:${id.names.container(c.networkMode.slice('container:'.length))}`
        : id.names.network(c.networkMode),
      namespace: id.ns(c.namespace),
      compose: c.compose ? `${c.compose.project}/${c.compose.service}` : null,
      endpoints,
      ports: portsView(c.ports),
      // What `-p` asked for: differs from `ports` when Docker silently publishes nothing (internal).
      ...only(o.known?.requestedPorts === true, { requested: portsView(c.requestedPorts ?? []) }),
      ...only(o.volatile, { pid: c.pid }),
    },
  };
}

export function projectNetwork(n: Network, id: Identity, o: ProjectOptions): Item {
  const endpoints = Object.create(null) as View;
  for (const e of n.endpoints) {
    endpoints[id.names.container(e.container)] = {
      interface: id.iface(e.interface),
      ipv4: e.ipv4,
      ipv6: e.ipv6,
      ...only(!o.crossHost, { mac: e.mac }),
    };
  }
  return {
    key: id.names.network(n.name),
    id: n.name,
    label: `network ${n.name}`,
    owner: id.owners.network(n.name),
    // The same facts as each container's endpoint on this network.
    hidden: { endpoints: 'repeated' },
    view: {
      ...only(!o.crossHost, { id: n.id }),
      driver: n.driver,
      scope: n.scope,
      internal: n.internal,
      ipv6: n.ipv6,
      subnets: sorted(n.subnets.map((s) => (s.gateway ? `${s.subnet} gateway ${s.gateway}` : s.subnet))),
      bridge: id.iface(n.bridge),
      options: new Map(Object.entries(n.options)),
      endpoints,
    },
  };
}

export function projectNamespace(n: Namespace, id: Identity, o: ProjectOptions): Item {
  const key = id.ns(n.id) ?? n.id;
  return {
    key,
    id: n.id,
    label: `namespace ${n.id}`,
    owner: id.owners.ns(n.id),
    // Every member that comes or goes is a container or an interface change of its own.
    hidden: { containers: 'repeated', interfaces: 'repeated' },
    view: {
      kind: n.kind,
      role: n.role ?? null,
      network: n.network == null ? null : id.names.network(n.network),
      containers: sorted(n.containers.map((c) => id.names.container(c))),
      interfaces: sorted(n.interfaces.map((i) => id.iface(i) ?? i)),
      // The routing mesh's sandboxes: which mark goes where (not IPVS's connection counts, which move).
      ...(n.mesh && {
        mesh: {
          ipvs: n.mesh.ipvs,
          marks: sorted((n.mesh.marks ?? []).map((m) => m.rule)),
          services: sorted(
            n.mesh.services.map(
              (v) =>
                `${v.fwmark === null ? `${v.protocol ?? '?'} ${v.address ?? '?'}:${v.port ?? '?'}` : `FWM ${markText(v.fwmark)}`} ${v.scheduler} → ${
                  sorted(
                    v.destinations.map((d) => `${d.address}:${d.port} ${d.forward} weight ${d.weight}`),
                  ).join(', ') || 'none'
                }`,
            ),
          ),
        },
      }),
      ...only(o.volatile, { path: n.path, inode: n.inode }),
    },
  };
}

export function projectInterface(i: Interface, id: Identity, o: ProjectOptions): Item {
  const role = id.role(i.id);
  const generated = id.generatedName(i.id);
  const text = (list: Address[]) => sorted(list.map((a) => `${a.address}/${a.prefixLen}`));
  const key = id.iface(i.id) ?? i.id;
  return {
    key,
    // Known by the network it serves (two hosts by role), its name follows the attach order.
    ...(key.includes('/@net(') ? { expected: ['name'] } : {}),
    id: i.id,
    label: `interface ${i.id}${role ? ` (${role})` : ''}`,
    owner: id.owners.iface(i.id),
    // IPv6 link-local addresses derive from the MAC, and the kernel picks a random one for each veth
    // (a bridge takes its ports' lowest): they change on every restart without anything else changing.
    hidden: { linkLocal: 'kernel', ...(generated ? { mac: 'kernel' } : {}) },
    view: {
      name: i.name,
      kind: i.kind,
      driver: i.driver,
      ...only(!o.crossHost, { mac: i.mac }),
      mtu: i.mtu,
      state: i.state,
      flags: sorted(i.flags),
      addresses: text(i.addresses.filter((a) => !isLinkLocal6(a))),
      ...only(!o.crossHost, { linkLocal: text(i.addresses.filter(isLinkLocal6)) }),
      master: id.iface(i.master),
      peer: id.iface(i.peer),
      parent: id.iface(i.parent),
      vxlan: i.vxlan
        ? {
            vni: i.vxlan.vni,
            port: i.vxlan.port,
            local: i.vxlan.local,
            peers: sorted([...new Set(i.vxlan.peers.map((p) => p.dst))]),
          }
        : null,
      ...only(o.volatile, {
        ifindex: i.ifindex,
        linkIndex: i.linkIndex,
        linkNetnsId: i.linkNetnsId,
        counters: i.counters,
      }),
    },
  };
}
