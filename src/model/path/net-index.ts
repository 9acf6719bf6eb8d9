// Lookups the path engine makes over one snapshot, built once per snapshot: interfaces by id and by
// namespace, bridge ports, macvlan children, who holds an address, and the routing decision of a
// namespace (local delivery, the most specific route, or none) as the kernel makes it.
import type { Container, Interface, Namespace, Route, Rule, Snapshot } from '../snapshot.js';
import { inPrefix } from '../ip.js';

export interface NetIndex {
  s: Snapshot;
  iface: Map<string, Interface>;
  ifacesOf: Map<string, Interface[]>;
  namespace: Map<string, Namespace>;
  container: Map<string, Container>;
  rule: Map<string, Rule>;
  /** Interfaces enslaved to each bridge (by bridge id). */
  ports: Map<string, Interface[]>;
  /** macvlan/ipvlan devices by parent id. */
  children: Map<string, Interface[]>;
  /** Interfaces holding each address. */
  holders: Map<string, Interface[]>;
  routesOf: Map<string, Route[]>;
}

const cache = new WeakMap<Snapshot, NetIndex>();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function netIndex(s: Snapshot): NetIndex {
  const hit = cache.get(s);
  if (hit) return hit;
  const ix: NetIndex = {
    s,
    iface: new Map(s.interfaces.map((i) => [i.id, i])),
    ifacesOf: new Map(),
    namespace: new Map(s.namespaces.map((n) => [n.id, n])),
    container: new Map(s.containers.map((c) => [c.name, c])),
    rule: new Map(s.firewall.rules.map((r) => [r.id, r])),
    ports: new Map(),
    children: new Map(),
    holders: new Map(),
    routesOf: new Map(),
  };
  for (const i of s.interfaces) {
    push(ix.ifacesOf, i.namespace, i);
    if (i.master) push(ix.ports, i.master, i);
    if (i.parent && (i.kind === 'macvlan' || i.kind === 'ipvlan')) push(ix.children, i.parent, i);
    for (const a of i.addresses) push(ix.holders, a.address, i);
  }
  for (const r of s.routes) push(ix.routesOf, r.namespace, r);
  cache.set(s, ix);
  return ix;
}

export const familyOf = (address: string) => (address.includes(':') ? 'ipv6' : 'ipv4');
export const isLoopbackAddress = (a: string) =>
  a.includes(':') ? a === '::1' : inPrefix(a, '127.0.0.0/8') === true;

export function byName(ix: NetIndex, namespace: string, name: string | null): Interface | undefined {
  return name === null ? undefined : ix.iface.get(`${namespace}/${name}`);
}

/** Whether `address` is one of this namespace's own (the kernel's `local` table, else its addresses). */
export function isLocal(ix: NetIndex, namespace: string, address: string | null): boolean {
  if (address === null) return false;
  const routes = ix.routesOf.get(namespace) ?? [];
  const local = routes.filter((r) => r.table === 'local' && r.type === 'local');
  if (local.length > 0) return local.some((r) => covers(r.dst, address));
  if (isLoopbackAddress(address))
    return (ix.ifacesOf.get(namespace) ?? []).some((i) => i.kind === 'loopback');
  return (ix.holders.get(address) ?? []).some((i) => i.namespace === namespace);
}

function covers(dst: string, address: string): boolean {
  if (dst === 'default') return true;
  const cidr = dst.includes('/') ? dst : `${dst}/${address.includes(':') ? 128 : 32}`;
  return inPrefix(address, cidr) === true;
}

export type RouteDecision =
  | { kind: 'local'; route: Route | null }
  | { kind: 'unicast'; route: Route }
  /** blackhole, unreachable, prohibit, throw routes. */
  | { kind: 'refused'; route: Route }
  | { kind: 'none' };

/** The routing decision for `dst` in a namespace: local delivery or the longest-prefix route of `main`. */
export function routeFor(ix: NetIndex, namespace: string, dst: string): RouteDecision {
  if (isLocal(ix, namespace, dst)) {
    const route =
      (ix.routesOf.get(namespace) ?? []).find(
        (r) => r.table === 'local' && r.type === 'local' && covers(r.dst, dst),
      ) ?? null;
    return { kind: 'local', route };
  }
  const family = familyOf(dst);
  let best: Route | null = null;
  let bestLen = -1;
  for (const r of ix.routesOf.get(namespace) ?? []) {
    if (r.family !== family || r.table !== 'main' || r.type === 'local' || r.type === 'broadcast') continue;
    if (r.type === 'multicast' || r.type === 'anycast') continue;
    const cidr =
      r.dst === 'default'
        ? family === 'ipv6'
          ? '::/0'
          : '0.0.0.0/0'
        : r.dst.includes('/')
          ? r.dst
          : `${r.dst}/${family === 'ipv6' ? 128 : 32}`;
    if (inPrefix(dst, cidr) !== true) continue;
    const len = Number(cidr.split('/')[1]);
    if (len > bestLen || (len === bestLen && (r.metric ?? 0) < (best?.metric ?? 0))) {
      best = r;
      bestLen = len;
    }
  }
  if (!best) return { kind: 'none' };
  if (best.type !== 'unicast' && best.type !== '') return { kind: 'refused', route: best };
  return { kind: 'unicast', route: best };
}

/** The source address the kernel picks for a route: its prefsrc, else the device's first address. */
export function sourceFor(ix: NetIndex, namespace: string, route: Route | null, dst: string): string | null {
  if (route?.prefsrc) return route.prefsrc;
  const family = familyOf(dst);
  const dev = byName(ix, namespace, route?.dev ?? null);
  const pick = (list: Interface[]) =>
    list
      .flatMap((i) => i.addresses)
      .find((a) => a.family === family && a.scope !== 'link' && a.scope !== 'host')?.address ?? null;
  return (dev ? pick([dev]) : null) ?? pick(ix.ifacesOf.get(namespace) ?? []);
}

/** The first global address of an interface in a family. */
export function addressOf(i: Interface | undefined, family: 'ipv4' | 'ipv6'): string | null {
  return (
    i?.addresses.find((a) => a.family === family && a.scope !== 'link' && a.scope !== 'host')?.address ?? null
  );
}

/** The id the drawing gives the cable of a veth pair (container end first) or a macvlan to its parent. */
export function cableId(a: Interface, b: Interface): string {
  return a.namespace === 'host' && b.namespace !== 'host' ? `cable:${b.id}|${a.id}` : `cable:${a.id}|${b.id}`;
}

export function containersIn(ix: NetIndex, namespace: string): string[] {
  return ix.namespace.get(namespace)?.containers ?? [];
}
