// The kernel side of a snapshot: host NIC, bridges, veth pairs, macvlan links, addresses and routes,
// with ifindexes handed out in order (a container end and its host end are consecutive, as on a host).
import type { Interface, Route } from '../../../src/model/snapshot.js';
import type { NetPlan } from './networks.js';
import { hex, iface, intToV4, loopback, macOf, route, v4ToInt } from './parts.js';
import type { AttachmentSpec } from './spec.js';
import type { Traffic } from './traffic.js';

export interface Attached {
  ip: string;
  mac: string;
  interface: string;
}

const macOfIp = (ip: string) =>
  `02:42:${macOf(
    ip
      .split('.')
      .map((x) => Number(x).toString(16).padStart(2, '0'))
      .join(''),
  )}`;

export class KernelPlan {
  readonly interfaces: Interface[] = [];
  readonly routes: Route[] = [];
  private ifindex = 3;

  constructor(
    hostAddress: string,
    private readonly traffic: Traffic,
  ) {
    const net = v4ToInt(hostAddress) - (v4ToInt(hostAddress) % 256);
    this.interfaces.push(
      loopback('host', { counters: traffic.iface() }),
      iface('host', 'eth0', {
        ifindex: 2,
        kind: 'physical',
        driver: null,
        mac: '52:54:00:12:34:56',
        addresses: [{ family: 'ipv4', address: hostAddress, prefixLen: 24, scope: 'global' }],
        counters: traffic.iface(),
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
      iface('host', n.device, {
        ifindex: this.ifindex++,
        kind: 'bridge',
        driver: 'bridge',
        mac: `02:42:${macOf(hex(n.id, 8))}`,
        addresses: [address],
        counters: this.traffic.iface(),
      }),
    );
    this.routes.push(route('host', n.subnet, n.device, { prefsrc: n.gateway }));
  }

  addNamespace(ns: string): void {
    this.interfaces.push(loopback(ns));
  }

  /** `ns`'s eth<index> on the network: a veth pair to its bridge, or a macvlan link on its parent. */
  attach(ns: string, index: number, n: NetPlan, a: AttachmentSpec, owner: string, netnsId: number): Attached {
    const ip = a.ip ?? intToV4(n.next++);
    const mac = a.mac ?? macOfIp(ip);
    const eth = `eth${index}`;
    const addresses = [{ family: 'ipv4' as const, address: ip, prefixLen: n.prefix, scope: 'global' }];
    if (n.driver === 'macvlan') {
      const parent = this.interfaces.find((i) => i.id === `host/${n.device}`);
      this.interfaces.push(
        iface(ns, eth, {
          ifindex: this.ifindex++,
          kind: 'macvlan',
          driver: 'macvlan',
          mac,
          mtu: a.mtu ?? 1500,
          addresses,
          parent: `host/${n.device}`,
          linkIndex: parent?.ifindex ?? null,
          linkNetnsId: 0,
          counters: this.traffic.iface(),
        }),
      );
    } else {
      const veth = a.hostVeth ?? `veth${hex(`${owner}/${a.network}`, 7)}`;
      const [ethIndex, vethIndex] = [this.ifindex++, this.ifindex++];
      const counters = this.traffic.iface();
      this.interfaces.push(
        iface(ns, eth, {
          ifindex: ethIndex,
          mac,
          mtu: a.mtu ?? 1500,
          addresses,
          peer: `host/${veth}`,
          linkIndex: vethIndex,
          linkNetnsId: 0,
          counters,
        }),
        iface('host', veth, {
          ifindex: vethIndex,
          mac: `ee:${macOf(hex(veth, 10))}`,
          master: `host/${n.device}`,
          peer: `${ns}/${eth}`,
          linkIndex: ethIndex,
          linkNetnsId: netnsId,
          counters: this.traffic.mirror(counters),
        }),
      );
    }
    if (index === 0)
      this.routes.push(route(ns, 'default', eth, { gateway: n.gateway, protocol: null, scope: null }));
    this.routes.push(route(ns, n.subnet, eth, { prefsrc: ip }));
    return { ip, mac, interface: `${ns}/${eth}` };
  }

  /** A host veth end left on the network's bridge after its peer went away. */
  addStrayVeth(name: string, n: NetPlan): void {
    this.interfaces.push(
      iface('host', name, {
        ifindex: this.ifindex++,
        mac: `ee:${macOf(hex(name, 10))}`,
        state: 'LOWERLAYERDOWN',
        flags: ['BROADCAST', 'MULTICAST', 'NO-CARRIER', 'UP'],
        master: `host/${n.device}`,
      }),
    );
  }
}
