// Comparable views of the host, containers, networks, namespaces and interfaces: references turned
// into semantic keys, sets sorted, and volatile or per-instance fields left out unless asked for.
import type { Address, Container, Interface, Namespace, Network, Snapshot } from '../model/snapshot.js';
import { cmp } from '../model/order.js';
import type { View } from './field-diff.js';
import type { Identity } from './identity.js';

export interface ProjectOptions {
  /** Include fields that change without anything meaningful changing (counters, ifindex, pid, inode…). */
  volatile: boolean;
  /** The snapshots come from different hosts: leave out ids, MACs and names Docker generates per instance. */
  crossHost: boolean;
}

export interface Item {
  key: string;
  /** The item's id in its own snapshot (containers and networks by name, routes by namespace). */
  id: string;
  label: string;
  view: View;
  /** Values to show instead of the compared ones, by field path (e.g. a rule's raw text). */
  display?: Record<string, unknown>;
}

const sorted = (values: string[]) => [...values].sort(cmp);
const only = (when: boolean, fields: View): View => (when ? fields : {});

export function hostPort(hostIp: string, port: number): string {
  return hostIp.includes(':') ? `[${hostIp}]:${port}` : `${hostIp || '0.0.0.0'}:${port}`;
}

function isLinkLocal6(a: Address): boolean {
  return a.family === 'ipv6' && /^fe[89ab]/i.test(a.address);
}

export function projectHost(s: Snapshot, o: ProjectOptions): Item {
  const h = s.host;
  return {
    key: 'host',
    id: 'host',
    label: `host ${h.name}`,
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
      collected: { ...h.collected },
      ...only(o.volatile, { capturedAt: s.capturedAt }),
    },
  };
}

function portsView(c: Container): Map<string, string[]> {
  const byPort = new Map<string, string[]>();
  for (const p of c.ports) {
    const key = `${p.protocol}/${p.containerPort}`;
    byPort.set(key, [...(byPort.get(key) ?? []), hostPort(p.hostIp, p.hostPort)]);
  }
  for (const list of byPort.values()) list.sort(cmp);
  return byPort;
}

export function projectContainer(c: Container, id: Identity, o: ProjectOptions): Item {
  const endpoints = new Map<string, View>();
  for (const e of c.endpoints) {
    // Docker adds the short container id as an alias: per instance, like the id itself.
    const aliases = o.crossHost
      ? e.aliases.filter((a) => !(a.length >= 12 && c.id.startsWith(a)))
      : e.aliases;
    endpoints.set(e.network, {
      interface: id.iface(e.interface),
      ipv4: e.ipv4,
      ipv4PrefixLen: e.ipv4PrefixLen,
      ipv6: e.ipv6,
      gateway: e.gateway,
      aliases: sorted(aliases),
      ...only(!o.crossHost, { mac: e.mac }),
    });
  }
  return {
    key: c.name,
    id: c.name,
    label: `container ${c.name}`,
    view: {
      ...only(!o.crossHost, { id: c.id }),
      image: c.image,
      state: c.state,
      networkMode: c.networkMode,
      namespace: id.ns(c.namespace),
      compose: c.compose ? `${c.compose.project}/${c.compose.service}` : null,
      endpoints,
      ports: portsView(c),
      ...only(o.volatile, { pid: c.pid }),
    },
  };
}

export function projectNetwork(n: Network, id: Identity, o: ProjectOptions): Item {
  const endpoints = new Map<string, View>();
  for (const e of n.endpoints) {
    endpoints.set(e.container, {
      interface: id.iface(e.interface),
      ipv4: e.ipv4,
      ipv6: e.ipv6,
      ...only(!o.crossHost, { mac: e.mac }),
    });
  }
  return {
    key: n.name,
    id: n.name,
    label: `network ${n.name}`,
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
    view: {
      kind: n.kind,
      containers: sorted(n.containers),
      interfaces: sorted(n.interfaces.map((i) => id.iface(i) ?? i)),
      ...only(o.volatile, { path: n.path, inode: n.inode }),
    },
  };
}

export function projectInterface(i: Interface, id: Identity, o: ProjectOptions): Item {
  const role = id.role(i.id);
  const addresses = i.addresses.filter((a) => !(o.crossHost && isLinkLocal6(a)));
  return {
    key: id.iface(i.id) ?? i.id,
    id: i.id,
    label: `interface ${i.id}${role ? ` (${role})` : ''}`,
    view: {
      ...only(!(o.crossHost && id.generatedName(i.id)), { name: i.name }),
      kind: i.kind,
      driver: i.driver,
      ...only(!o.crossHost, { mac: i.mac }),
      mtu: i.mtu,
      state: i.state,
      flags: sorted(i.flags),
      addresses: sorted(addresses.map((a) => `${a.address}/${a.prefixLen}`)),
      master: id.iface(i.master),
      peer: id.iface(i.peer),
      parent: id.iface(i.parent),
      ...only(o.volatile, {
        ifindex: i.ifindex,
        linkIndex: i.linkIndex,
        linkNetnsId: i.linkNetnsId,
        counters: i.counters,
      }),
    },
  };
}
