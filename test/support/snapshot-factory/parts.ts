// Single snapshot items with realistic defaults: the factory's building blocks, and what a test uses to
// hand-place an item the builder would not make (a rule with odd spacing, a namespace with a given path).
import { createHash } from 'node:crypto';
import type { Counters, Interface, Namespace, Route, Rule } from '../../../src/model/snapshot.js';

export const hex = (seed: string, length = 64) =>
  createHash('sha256').update(seed).digest('hex').slice(0, length);
export const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
export const v4ToInt = (ip: string) => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
export const intToV4 = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
/** `aabbcc…` as `aa:bb:cc…`. */
export const macOf = (hexDigits: string) => hexDigits.replace(/(..)(?!$)/g, '$1:');

export const ZERO: Counters = {
  rxBytes: 0,
  rxPackets: 0,
  txBytes: 0,
  txPackets: 0,
  rxErrors: 0,
  txErrors: 0,
  rxDropped: 0,
  txDropped: 0,
};

/** An interface `<namespace>/<name>`: by default an UP veth end with no address and no peer. */
export function iface(namespace: string, name: string, rest: Partial<Interface> = {}): Interface {
  return {
    id: `${namespace}/${name}`,
    namespace,
    name,
    ifindex: 1,
    kind: 'veth',
    driver: 'veth',
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
    counters: { ...ZERO },
    ...rest,
  };
}

export const loopback = (namespace: string, rest: Partial<Interface> = {}) =>
  iface(namespace, 'lo', {
    kind: 'loopback',
    driver: null,
    mtu: 65536,
    state: 'UNKNOWN',
    flags: ['LOOPBACK', 'LOWER_UP', 'UP'],
    addresses: [{ family: 'ipv4', address: '127.0.0.1', prefixLen: 8, scope: 'host' }],
    ...rest,
  });

/** A main-table IPv4 route; by default a kernel link route. */
export function route(namespace: string, dst: string, dev: string, rest: Partial<Route> = {}): Route {
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
    ...rest,
  };
}

/** A firewall rule as the collector reports it: `text` as listed (`-A <chain> …`), the id without that prefix. */
export function rule(
  table: string,
  chain: string,
  position: number,
  text: string,
  rest: Partial<Rule> = {},
): Rule {
  const backend = rest.backend ?? 'iptables-nft';
  const family = rest.family ?? 'ipv4';
  const body = text.startsWith(`-A ${chain} `) ? text.slice(`-A ${chain} `.length) : text;
  return {
    id: `${backend}:${family}:${table}:${chain}:${body}`,
    backend,
    family,
    table,
    chain,
    position,
    text,
    target: /-j (\S+)/.exec(text)?.[1] ?? null,
    counters: { packets: 0, bytes: 0 },
    ...rest,
  };
}

/** A network namespace: `host`, `container:<name>` or `netns:<inode>` (kind follows the id). */
export function namespace(id: string, rest: Partial<Namespace> = {}): Namespace {
  const kind = id === 'host' ? 'host' : id.startsWith('netns:') ? 'netns' : 'container';
  return { id, kind, path: null, inode: null, containers: [], interfaces: [], ...rest };
}
