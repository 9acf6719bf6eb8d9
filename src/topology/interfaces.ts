// Interfaces of every namespace, joined: bridge master, veth peer across namespaces, macvlan parent.
// An update hands back the very link and route facts of every namespace it did not read again, so the
// items built from them are remembered per fact object: the same fact (with the same joins) gives the
// same item, which also lets the session's diff stop at `===` for the thousands that did not change.
import type { FdbEntry, LinkFact, NamespaceFacts, RouteFact } from '../collect/facts.js';
import type { Interface, InterfaceKind, Route } from '../model/snapshot.js';
import { HOST_NS } from './namespaces.js';
import { cmp } from '../model/order.js';
import { keptPer } from './kept.js';

const KINDS: Record<string, InterfaceKind> = {
  veth: 'veth',
  bridge: 'bridge',
  macvlan: 'macvlan',
  macvtap: 'macvlan',
  ipvlan: 'ipvlan',
  ipvtap: 'ipvlan',
  vxlan: 'vxlan',
  vlan: 'vlan',
  dummy: 'dummy',
  tun: 'tun',
  tap: 'tun',
};

export function kindOf(link: LinkFact): InterfaceKind {
  if (link.linkType === 'loopback') return 'loopback';
  if (link.infoKind)
    return (Object.hasOwn(KINDS, link.infoKind) ? KINDS[link.infoKind] : undefined) ?? 'other';
  // No driver kind and an Ethernet link type: a NIC (or a virtual NIC of a VM).
  if (link.linkType === 'ether') return 'physical';
  return 'other';
}

interface Located {
  ns: string;
  link: LinkFact;
}

const idOf = (ns: string, name: string) => `${ns}/${name}`;

/** The other end of a veth: same namespace by name, else the interface whose ifindex and link point back. */
function findPeer(self: Located, byIfindex: Map<number, Located[]>): string | null {
  const { ns, link } = self;
  if (link.link) return idOf(ns, link.link);
  if (link.linkIndex === null) return null;
  const candidates = (byIfindex.get(link.linkIndex) ?? []).filter(
    (c) => c.ns !== ns && c.link.infoKind === 'veth' && c.link.linkIndex === link.ifindex,
  );
  if (candidates.length === 0) return null;
  // ifindexes repeat across namespaces; prefer the host's (where Docker's host ends live) when ambiguous.
  const chosen = candidates.length === 1 ? candidates[0] : (candidates.find((c) => c.ns === HOST_NS) ?? null);
  return chosen ? idOf(chosen.ns, chosen.link.name) : null;
}

function findParent(self: Located, facts: Map<string, NamespaceFacts>): string | null {
  const { ns, link } = self;
  if (link.link) return idOf(ns, link.link);
  if (link.linkIndex === null) return null;
  // A parent in another namespace is, for Docker, the host's NIC or veth end.
  const where = link.linkNetnsId !== null ? HOST_NS : ns;
  const parent = facts.get(where)?.links.find((l) => l.ifindex === link.linkIndex);
  return parent ? idOf(where, parent.name) : null;
}

/** A vxlan device's VNI and VTEPs: the local one (Docker sets none: the node's Swarm address) and its peers. */
function vxlanOf(located: Located, fdb: readonly FdbEntry[], nodeAddr: string | null): Interface['vxlan'] {
  const v = located.link.vxlan;
  if (!v) return null;
  const peers = fdb
    .filter((e) => e.ifname === located.link.name && e.dst !== null)
    .map((e) => ({ mac: e.mac, dst: e.dst ?? '' }))
    .sort((a, b) => cmp(a.dst, b.dst) || cmp(a.mac, b.mac));
  return { vni: v.vni, local: v.local ?? nodeAddr, port: v.port, peers };
}

const built = keptPer<LinkFact, Interface>();

export function buildInterfaces(
  facts: Map<string, NamespaceFacts>,
  nodeAddr: string | null = null,
): Interface[] {
  const all: Located[] = [];
  const byIfindex = new Map<number, Located[]>();
  for (const [ns, nsFacts] of facts) {
    for (const link of nsFacts.links) {
      const located = { ns, link };
      all.push(located);
      const list = byIfindex.get(link.ifindex) ?? [];
      list.push(located);
      byIfindex.set(link.ifindex, list);
    }
  }
  const interfaces = all.map((located): Interface => {
    const { ns, link } = located;
    const kind = kindOf(link);
    const peer = kind === 'veth' ? findPeer(located, byIfindex) : null;
    const parent =
      kind === 'macvlan' || kind === 'ipvlan' || kind === 'vlan' ? findParent(located, facts) : null;
    const make = (): Interface => ({
      id: idOf(ns, link.name),
      namespace: ns,
      name: link.name,
      ifindex: link.ifindex,
      kind,
      driver: link.infoKind,
      mac: link.mac,
      mtu: link.mtu,
      state: link.operstate,
      flags: [...link.flags].sort(),
      addresses: [...link.addresses].sort((a, b) => cmp(a.family, b.family) || cmp(a.address, b.address)),
      master: link.master ? idOf(ns, link.master) : null,
      peer,
      parent,
      linkIndex: link.linkIndex,
      linkNetnsId: link.linkNetnsId,
      counters: link.counters,
      vxlan: vxlanOf(located, facts.get(ns)?.fdb ?? [], nodeAddr),
    });
    // A vxlan device also depends on its namespace's forwarding table: built afresh each time.
    return link.vxlan ? make() : built(link, `${ns}\n${peer ?? ''}\n${parent ?? ''}`, make);
  });
  return interfaces.sort((a, b) => cmp(a.id, b.id));
}

interface KeyedRoute {
  route: Route;
  key: string;
}

const routeKey = (r: Route) =>
  `${r.namespace}|${r.family}|${r.table}|${r.dst}|${r.type}|${r.dev ?? ''}|${r.metric ?? 0}`;
const keyedRoutes = keptPer<RouteFact, KeyedRoute>();
const nsRoutes = keptPer<NamespaceFacts, Route[]>();

/** One namespace's routes in key order (kept per fact object, as the interfaces are). */
function routesOf(ns: string, nsFacts: NamespaceFacts): Route[] {
  return nsRoutes(nsFacts, ns, () =>
    nsFacts.routes
      .map((r) =>
        keyedRoutes(r, ns, () => {
          const route = { namespace: ns, ...r };
          return { route, key: routeKey(route) };
        }),
      )
      .sort((a, b) => cmp(a.key, b.key))
      .map((k) => k.route),
  );
}

/**
 * Every route in key order. Each key starts with `<namespace>|`, so a namespace's routes sit together
 * and the namespaces come in the order of those prefixes: sorting per namespace is enough.
 */
export function buildRoutes(facts: Map<string, NamespaceFacts>): Route[] {
  const groups = [...facts].map(([ns, nsFacts]) => ({ prefix: `${ns}|`, routes: routesOf(ns, nsFacts) }));
  groups.sort((a, b) => cmp(a.prefix, b.prefix));
  return groups.flatMap((g) => g.routes);
}
