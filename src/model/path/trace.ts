// The packet's journey as a few stations the kernel really has: sent from a namespace (routing
// decision), leaving through a device (what is at the other end: veth peer, bridge port, macvlan
// sibling, the wire), arriving in a namespace, and delivered to a socket. The host namespace adds its
// netfilter hooks (host-stack.ts); bridges and macvlan parents are in l2.ts.
import type { Interface, Route } from '../snapshot.js';
import { bridgeForward, macvlanForward, throughVeth } from './l2.js';
import { onTheWire } from './links.js';
import { hostInput, hostOutput } from './host-stack.js';
import { deliverHostSocket } from './sockets.js';
import {
  byName,
  containersIn,
  familyOf,
  isLocal,
  isLoopbackAddress,
  routeFor,
  sourceFor,
  type NetIndex,
  type RouteDecision,
} from './net-index.js';
import type { BlockCause, Delivery, HopKind, PathHop, RouteRef } from './types.js';

export interface Packet {
  family: 'ipv4' | 'ipv6';
  protocol: string;
  src: string | null;
  /** Whether src is a real address (given or chosen by a route), not a stand-in for "somewhere outside". */
  srcKnown: boolean;
  /** With an unknown source: prefixes it is known not to be in. */
  srcNotIn?: readonly string[];
  dst: string;
  dport: number | null;
}

/** How a trace ends. */
export interface End {
  verdict: 'delivered' | 'blocked';
  reason: string;
  blockedBy: BlockCause | null;
  delivered: Delivery | null;
}

const MAX_STATIONS = 48;

export class Trace {
  readonly hops: PathHop[] = [];
  readonly missing: string[] = [];
  private stations = 0;

  constructor(
    readonly ix: NetIndex,
    public pkt: Packet,
    /** The destination is outside the host: leaving through the wire is delivery. */
    readonly toOutside: boolean,
    /** The container the path was asked for, to name it where several share a namespace. */
    readonly target: string | null = null,
  ) {}

  hop(kind: HopKind, label: string, detail: string, extra: Partial<PathHop> = {}): PathHop {
    const h: PathHop = {
      kind,
      label,
      detail,
      namespace: null,
      device: null,
      route: null,
      rule: null,
      item: null,
      blocked: false,
      ...extra,
    };
    this.hops.push(h);
    return h;
  }

  /** Record a fact the snapshot lacks (once); any such fact makes the verdict uncertain. */
  lack(what: string): void {
    if (!this.missing.includes(what)) this.missing.push(what);
  }

  blocked(reason: string, cause: BlockCause | null, hop?: Partial<PathHop> & { label: string }): End {
    if (hop) this.hop(hop.kind ?? 'verdict', hop.label, hop.detail ?? reason, { ...hop, blocked: true });
    else {
      const last = this.hops.at(-1);
      if (last) last.blocked = true;
    }
    return { verdict: 'blocked', reason, blockedBy: cause, delivered: null };
  }

  delivered(reason: string, d: Delivery): End {
    return { verdict: 'delivered', reason, blockedBy: null, delivered: d };
  }

  /** Nothing more can be said: a fact is missing. The trace stops as if delivered, flagged uncertain. */
  unknown(what: string, reason: string): End {
    this.lack(what);
    return { verdict: 'delivered', reason, blockedBy: null, delivered: null };
  }

  private budget(): End | null {
    this.stations += 1;
    return this.stations > MAX_STATIONS
      ? this.unknown('a path without end (a routing loop?)', 'the path loops')
      : null;
  }

  routeRef(namespace: string, r: Route): RouteRef {
    return { namespace, table: r.table, type: r.type, dst: r.dst, gateway: r.gateway, dev: r.dev };
  }

  /** The packet is sent from a namespace (by a process in it, or by the host). */
  origin(ns: string): End {
    const stop = this.budget();
    if (stop) return stop;
    const decision = routeFor(this.ix, ns, this.pkt.dst);
    if (ns === 'host') return hostOutput(this, decision);
    if (this.refused(ns, decision)) return this.refusedEnd(ns, decision);
    if (decision.kind === 'local') {
      const lo = (this.ix.ifacesOf.get(ns) ?? []).find((i) => i.kind === 'loopback');
      this.hop(
        'interface',
        `lo ${this.pkt.dst}`,
        'a local address: the packet stays in the namespace, on loopback',
        {
          namespace: ns,
          device: lo?.id ?? null,
          item: lo?.id ?? null,
        },
      );
      return this.deliverLocal(ns);
    }
    if (decision.kind !== 'unicast') return this.refusedEnd(ns, decision);
    const route = decision.route;
    if (this.pkt.src === null) {
      this.pkt.src = sourceFor(this.ix, ns, route, this.pkt.dst);
      this.pkt.srcKnown = this.pkt.src !== null;
    }
    const dev = byName(this.ix, ns, route.dev);
    this.hop(
      'route',
      `route ${route.dst}${route.gateway ? ` via ${route.gateway}` : ''} dev ${route.dev ?? '?'}`,
      `routing table ${route.table} of ${ns}`,
      { namespace: ns, device: dev?.id ?? null, route: this.routeRef(ns, route), item: dev?.id ?? null },
    );
    return this.egress(ns, route, dev);
  }

  refused(_ns: string, d: RouteDecision): boolean {
    return d.kind === 'none' || d.kind === 'refused';
  }

  refusedEnd(ns: string, d: RouteDecision): End {
    const onlyLo = (this.ix.ifacesOf.get(ns) ?? []).every((i) => i.kind === 'loopback');
    if (d.kind === 'refused')
      return this.blocked(
        `${ns} has a ${d.route.type} route for ${d.route.dst}`,
        { kind: 'route', namespace: ns, dst: this.pkt.dst },
        {
          kind: 'route',
          label: `${d.route.type} ${d.route.dst}`,
          detail: `the route refuses the packet`,
          namespace: ns,
          route: this.routeRef(ns, d.route),
        },
      );
    return this.blocked(
      onlyLo
        ? `${ns} has only loopback (network none): no route to ${this.pkt.dst}`
        : `${ns} has no route to ${this.pkt.dst}`,
      { kind: 'route', namespace: ns, dst: this.pkt.dst },
      { kind: 'route', label: 'no route', detail: `no route to ${this.pkt.dst} in ${ns}`, namespace: ns },
    );
  }

  /** The packet leaves a namespace through `dev`, towards the route's next hop. */
  egress(ns: string, route: Route, dev: Interface | undefined): End {
    const stop = this.budget();
    if (stop) return stop;
    if (!dev)
      return this.unknown(
        `the device ${route.dev ?? '?'} of ${ns}`,
        `${route.dev ?? '?'} is not in the snapshot`,
      );
    if (dev.state === 'DOWN')
      return this.blocked(
        `${dev.name} in ${ns} is down`,
        { kind: 'other', text: `${dev.id} is down` },
        {
          kind: 'interface',
          label: `${dev.name} is down`,
          device: dev.id,
          namespace: ns,
          item: dev.id,
        },
      );
    const nextHop = route.gateway ?? this.pkt.dst;
    // Whatever the parent's kind (a NIC, a veth…), it never reaches its macvlan/ipvlan children.
    const children = this.ix.children.get(dev.id) ?? [];
    const child = children.find((c) => c.addresses.some((a) => a.address === nextHop));
    if (child)
      return this.blocked(
        `${nextHop} belongs to a ${child.kind} child of ${dev.name}: a parent cannot reach its ${child.kind} children`,
        { kind: 'other', text: `${child.kind} isolation between ${dev.id} and ${child.id}` },
        {
          kind: 'interface',
          label: `${dev.name} → ${child.kind} child ${child.id}`,
          device: dev.id,
          namespace: ns,
          item: dev.id,
        },
      );
    switch (dev.kind) {
      case 'loopback':
        return this.deliverLocal(ns);
      case 'veth':
        return throughVeth(this, dev, nextHop);
      case 'bridge':
        return bridgeForward(this, dev, null, nextHop);
      case 'macvlan':
      case 'ipvlan':
        return macvlanForward(this, dev, nextHop);
      default:
        return onTheWire(this, ns, dev, nextHop);
    }
  }

  /** The packet arrives in a namespace on `dev`. */
  arrive(ns: string, dev: Interface): End {
    const stop = this.budget();
    if (stop) return stop;
    this.hop('interface', `${dev.name} ${this.pkt.dst}`, `arrives in ${ns}`, {
      namespace: ns,
      device: dev.id,
      item: dev.id,
    });
    if (ns === 'host') return hostInput(this, dev);
    if (isLocal(this.ix, ns, this.pkt.dst)) return this.deliverLocal(ns);
    return this.unknown(
      `whether ${ns} forwards packets (not captured)`,
      `${ns} would have to route it onwards`,
    );
  }

  /** Delivered to a local address of `ns`. */
  deliverLocal(ns: string): End {
    if (ns === 'host') return deliverHostSocket(this);
    const containers = containersIn(this.ix, ns);
    const port = this.pkt.dport === null ? '' : `:${this.pkt.dport}/${this.pkt.protocol}`;
    // Name the container asked for when it lives here, else the namespace's owner; say who shares it.
    const who = (this.target && containers.includes(this.target) ? this.target : containers[0]) ?? ns;
    const shared = containers.length > 1 ? ` (shared by ${containers.join(', ')})` : '';
    this.hop('endpoint', `${who}${port}`, `delivered to ${this.pkt.dst} in ${ns}${shared}`, {
      namespace: ns,
      item: ns,
    });
    const loop = isLoopbackAddress(this.pkt.dst) ? ' over loopback, in the same namespace' : '';
    return this.delivered(`delivered to ${who} (${this.pkt.dst}${port})${loop}`, {
      namespace: ns,
      containers,
      address: this.pkt.dst,
      port: this.pkt.dport,
      process: null,
      leaves: null,
    });
  }

  /** A new connection from the host (docker-proxy dialling the container). */
  redial(dst: string, dport: number): End {
    this.pkt = { ...this.pkt, family: familyOf(dst), src: null, srcKnown: false, dst, dport };
    return this.origin('host');
  }
}
