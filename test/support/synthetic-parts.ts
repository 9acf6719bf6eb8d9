// Small builders for the synthetic snapshot: a seeded PRNG, ids, interfaces, routes, counters.
import type { Counters, Interface, Route } from '../../src/model/snapshot.js';

/** Small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const hex = (n: number, width: number) => n.toString(16).padStart(width, '0').slice(-width);
export const mac = (n: number) =>
  `02:42:${hex(n >> 24, 2)}:${hex(n >> 16, 2)}:${hex(n >> 8, 2)}:${hex(n, 2)}`;

export function counters(random: () => number, busy: boolean): Counters {
  const bytes = busy ? Math.floor(random() * 5e8) : Math.floor(random() * 2e4);
  const packets = Math.floor(bytes / 700);
  return {
    rxBytes: bytes,
    rxPackets: packets,
    txBytes: Math.floor(bytes / 3),
    txPackets: Math.floor(packets / 2),
    rxErrors: 0,
    txErrors: 0,
    rxDropped: 0,
    txDropped: 0,
  };
}

export function iface(
  partial: Partial<Interface> & Pick<Interface, 'namespace' | 'name' | 'ifindex' | 'kind'>,
): Interface {
  return {
    id: `${partial.namespace}/${partial.name}`,
    driver: partial.kind === 'physical' || partial.kind === 'loopback' ? null : partial.kind,
    mac: null,
    mtu: 1500,
    state: 'UP',
    flags: ['BROADCAST', 'LOWER_UP', 'MULTICAST', 'UP'],
    addresses: [],
    master: null,
    peer: null,
    parent: null,
    linkIndex: null,
    linkNetnsId: null,
    counters: null,
    ...partial,
  };
}

export function route(namespace: string, dst: string, dev: string, extra: Partial<Route> = {}): Route {
  return {
    namespace,
    family: 'ipv4',
    table: 'main',
    type: 'unicast',
    dst,
    gateway: null,
    dev,
    protocol: 'kernel',
    scope: 'link',
    prefsrc: null,
    metric: null,
    ...extra,
  };
}
