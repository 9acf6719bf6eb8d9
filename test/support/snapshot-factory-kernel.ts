// The kernel side of the snapshot factory: host NIC, bridges, veth pairs, addresses and routes, with
// ifindexes handed out in order (a container end and its host end are consecutive, as on a real host).
import { createHash } from 'node:crypto';
import type { Interface, Route } from '../../src/model/snapshot.js';
import type { AttachmentSpec, NetworkSpec } from './snapshot-factory.js';

export const hex = (seed: string, length = 64) =>
  createHash('sha256').update(seed).digest('hex').slice(0, length);
export const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const v4ToInt = (ip: string) => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
const intToV4 = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
const macOf = (hexDigits: string) => hexDigits.replace(/(..)(?!$)/g, '$1:');
const ZERO = {
  rxBytes: 0,
  rxPackets: 0,
  txBytes: 0,
  txPackets: 0,
  rxErrors: 0,
  txErrors: 0,
  rxDropped: 0,
  txDropped: 0,
};

export interface NetPlan {
  spec: NetworkSpec;
  id: string;
  subnet: string;
  prefix: number;
  gateway: string;
  bridge: string;
  next: number;
}

/** Subnets, gateways, ids and bridge names of the networks; `bridge` (docker0) is always there. */
export function planNetworks(specs: NetworkSpec[]): Map<string, NetPlan> {
  const all = specs.some((n) => n.name === 'bridge') ? specs : [{ name: 'bridge' }, ...specs];
  const plans = new Map<string, NetPlan>();
  all.forEach((spec, i) => {
    const subnet = spec.subnet ?? (spec.name === 'bridge' ? '172.17.0.0/16' : `10.${10 + i}.0.0/24`);
    const [base = '0.0.0.0', bits = '24'] = subnet.split('/');
    const id = spec.id ?? hex(`network:${spec.name}`);
    const bridge = spec.bridgeName ?? (spec.name === 'bridge' ? 'docker0' : `br-${id.slice(0, 12)}`);
    const gateway = spec.gateway ?? intToV4(v4ToInt(base) + 1);
    plans.set(spec.name, {
      spec,
      id,
      subnet,
      prefix: Number(bits),
      gateway,
      bridge,
      next: v4ToInt(base) + 2,
    });
  });
  return plans;
}

function iface(ns: string, name: string, ifindex: number, rest: Partial<Interface>): Interface {
  return {
    id: `${ns}/${name}`,
    namespace: ns,
    name,
    ifindex,
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

const loopback = (ns: string) =>
  iface(ns, 'lo', 1, {
    kind: 'loopback',
    driver: null,
    mtu: 65536,
    state: 'UNKNOWN',
    flags: ['LOOPBACK', 'LOWER_UP', 'UP'],
  });

function route(namespace: string, dst: string, dev: string, rest: Partial<Route> = {}): Route {
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

export interface Attached {
  ip: string;
  mac: string;
  interface: string;
}

export class KernelPlan {
  readonly interfaces: Interface[] = [];
  readonly routes: Route[] = [];
  private ifindex = 3;

  constructor(hostAddress: string) {
    const net = v4ToInt(hostAddress) - (v4ToInt(hostAddress) % 256);
    this.interfaces.push(
      loopback('host'),
      iface('host', 'eth0', 2, {
        kind: 'physical',
        driver: null,
        mac: '52:54:00:12:34:56',
        addresses: [{ family: 'ipv4', address: hostAddress, prefixLen: 24, scope: 'global' }],
      }),
    );
    this.routes.push(
      route('host', 'default', 'eth0', { gateway: intToV4(net + 1), protocol: 'dhcp', scope: null }),
      route('host', `${intToV4(net)}/24`, 'eth0', { prefsrc: hostAddress }),
    );
  }

  addBridge(n: NetPlan): void {
    const address = { family: 'ipv4' as const, address: n.gateway, prefixLen: n.prefix, scope: 'global' };
    this.interfaces.push(
      iface('host', n.bridge, this.ifindex++, {
        kind: 'bridge',
        driver: 'bridge',
        mac: `02:42:${macOf(hex(n.id, 8))}`,
        addresses: [address],
      }),
    );
    this.routes.push(route('host', n.subnet, n.bridge, { prefsrc: n.gateway }));
  }

  addNamespace(ns: string): void {
    this.interfaces.push(loopback(ns));
  }

  /** A veth pair from `ns`'s eth<index> to the network's bridge, with the container's address and routes. */
  attach(ns: string, index: number, n: NetPlan, a: AttachmentSpec, owner: string, netnsId: number): Attached {
    const ip = a.ip ?? intToV4(n.next++);
    const mac =
      a.mac ??
      `02:42:${macOf(
        ip
          .split('.')
          .map((x) => Number(x).toString(16).padStart(2, '0'))
          .join(''),
      )}`;
    const eth = `eth${index}`;
    const veth = a.hostVeth ?? `veth${hex(`${owner}/${a.network}`, 7)}`;
    const [ethIndex, vethIndex] = [this.ifindex++, this.ifindex++];
    this.interfaces.push(
      iface(ns, eth, ethIndex, {
        mac,
        addresses: [{ family: 'ipv4', address: ip, prefixLen: n.prefix, scope: 'global' }],
        peer: `host/${veth}`,
        linkIndex: vethIndex,
        linkNetnsId: 0,
      }),
      iface('host', veth, vethIndex, {
        mac: `ee:${macOf(hex(veth, 10))}`,
        master: `host/${n.bridge}`,
        peer: `${ns}/${eth}`,
        linkIndex: ethIndex,
        linkNetnsId: netnsId,
      }),
    );
    if (index === 0)
      this.routes.push(route(ns, 'default', eth, { gateway: n.gateway, protocol: null, scope: null }));
    this.routes.push(route(ns, n.subnet, eth, { prefsrc: ip }));
    return { ip, mac, interface: `${ns}/${eth}` };
  }
}
