// The two ends of a path as a person names them (a container, `host`, `outside`, an address) turned
// into where the packet starts and the address it is sent to: a container sharing a network is
// reached on that network, a host-mode container on the host's address, one in the same namespace
// over loopback; "outside" is a documentation address routed by the host's default route.
import type { Container } from '../snapshot.js';
import { addressOf, byName, familyOf, isLocal, routeFor, type NetIndex } from './net-index.js';
import type { EndSpec } from './types.js';
import { text, type Text } from '../text/message.js';

/** Stand-ins for "somewhere on the internet" (RFC 5737 / 3849 documentation ranges). */
export const OUTSIDE = {
  ipv4: { src: '203.0.113.7', dst: '203.0.113.1' },
  ipv6: { src: '2001:db8::7', dst: '2001:db8::1' },
};

export class PathError extends Error {}

export type Start =
  | { kind: 'namespace'; ns: string; label: string; src: string | null }
  | { kind: 'outside'; label: string; src: string | null }
  /** The packet cannot even start (a stopped container). */
  | { kind: 'stopped'; label: string; reason: Text };

export type Target =
  | { kind: 'address'; label: string; dst: string; outside: boolean }
  | { kind: 'none'; label: string; reason: Text };

function container(ix: NetIndex, name: string): Container {
  const c = ix.container.get(name);
  if (!c) throw new PathError(`no container named "${name}" in this snapshot`);
  return c;
}

/** The namespace (and container) holding an address, if any. */
function holderOf(ix: NetIndex, address: string): string | null {
  if (isLocal(ix, 'host', address)) return 'host';
  const i = (ix.holders.get(address) ?? []).find((x) => x.namespace !== 'host');
  return i?.namespace ?? null;
}

export function resolveStart(ix: NetIndex, spec: EndSpec): Start {
  switch (spec.kind) {
    case 'host':
      return { kind: 'namespace', ns: 'host', label: 'host', src: null };
    case 'outside':
      return { kind: 'outside', label: spec.address ?? 'outside', src: spec.address ?? null };
    case 'container': {
      const c = container(ix, spec.name);
      if (c.namespace === null)
        return { kind: 'stopped', label: c.name, reason: text('path.notRunning', { name: c.name }) };
      return { kind: 'namespace', ns: c.namespace, label: c.name, src: null };
    }
    case 'address': {
      const ns = holderOf(ix, spec.address);
      return ns === null
        ? { kind: 'outside', label: spec.address, src: spec.address }
        : { kind: 'namespace', ns, label: spec.address, src: spec.address };
    }
  }
}

/** The gateway of a namespace's default route, when it is an address of the host. */
function hostGatewayOf(ix: NetIndex, ns: string, family: 'ipv4' | 'ipv6'): string | null {
  const probe = family === 'ipv4' ? OUTSIDE.ipv4.dst : OUTSIDE.ipv6.dst;
  const d = routeFor(ix, ns, probe);
  const gw = d.kind === 'unicast' ? d.route.gateway : null;
  return gw && isLocal(ix, 'host', gw) ? gw : null;
}

/** The host's address as seen from outside: the one on the device of its default route. */
export function hostPrimary(ix: NetIndex, family: 'ipv4' | 'ipv6'): string | null {
  const d = routeFor(ix, 'host', family === 'ipv4' ? OUTSIDE.ipv4.dst : OUTSIDE.ipv6.dst);
  if (d.kind !== 'unicast') return null;
  return d.route.prefsrc ?? addressOf(byName(ix, 'host', d.route.dev), family);
}

function hostAddressFor(ix: NetIndex, start: Start): string | null {
  if (start.kind === 'namespace' && start.ns === 'host') return '127.0.0.1';
  if (start.kind === 'namespace') return hostGatewayOf(ix, start.ns, 'ipv4') ?? hostPrimary(ix, 'ipv4');
  return hostPrimary(ix, 'ipv4') ?? hostPrimary(ix, 'ipv6');
}

export function resolveTarget(ix: NetIndex, spec: EndSpec, start: Start): Target {
  switch (spec.kind) {
    case 'address':
      return {
        kind: 'address',
        label: spec.address,
        dst: spec.address,
        outside: holderOf(ix, spec.address) === null,
      };
    case 'outside': {
      const dst = spec.address ?? OUTSIDE.ipv4.dst;
      return { kind: 'address', label: spec.address ?? 'outside', dst, outside: true };
    }
    case 'host': {
      const dst = hostAddressFor(ix, start);
      return dst
        ? { kind: 'address', label: 'host', dst, outside: false }
        : { kind: 'none', label: 'host', reason: text('path.hostNoAddress', {}) };
    }
    case 'container': {
      const c = container(ix, spec.name);
      if (c.namespace === null)
        return { kind: 'none', label: c.name, reason: text('path.notRunning', { name: c.name }) };
      if (start.kind === 'namespace' && start.ns === c.namespace)
        return { kind: 'address', label: c.name, dst: '127.0.0.1', outside: false };
      if (c.namespace === 'host') {
        const dst = hostAddressFor(ix, start);
        return dst
          ? { kind: 'address', label: c.name, dst, outside: false }
          : { kind: 'none', label: c.name, reason: text('path.hostNoAddress', {}) };
      }
      const dst = containerAddress(ix, c, start);
      if (dst) return { kind: 'address', label: c.name, dst, outside: false };
      const onlyLo = (ix.ifacesOf.get(c.namespace) ?? []).every((i) => i.kind === 'loopback');
      return {
        kind: 'none',
        label: c.name,
        reason: onlyLo
          ? text('path.targetOnlyLoopback', { name: c.name, mode: c.networkMode })
          : text('path.noAddress', { name: c.name }),
      };
    }
  }
}

/** B's address as the sender would use it: on a network they share, else B's first address. */
function containerAddress(ix: NetIndex, b: Container, start: Start): string | null {
  const from = start.kind === 'namespace' ? ix.namespace.get(start.ns)?.containers[0] : undefined;
  const a = from ? ix.container.get(from) : undefined;
  for (const e of b.endpoints) {
    const shared = a?.endpoints.some((x) => x.network === e.network);
    if (shared && (e.ipv4 ?? e.ipv6)) return e.ipv4 ?? e.ipv6;
  }
  const first = b.endpoints.find((e) => e.ipv4) ?? b.endpoints.find((e) => e.ipv6);
  if (first) return first.ipv4 ?? first.ipv6;
  // No Docker endpoint (a namespace Docker does not manage): its first global address.
  for (const i of ix.ifacesOf.get(b.namespace ?? '') ?? []) {
    const a4 = addressOf(i, 'ipv4') ?? addressOf(i, 'ipv6');
    if (a4 && i.kind !== 'loopback') return a4;
  }
  return null;
}

export { familyOf };
