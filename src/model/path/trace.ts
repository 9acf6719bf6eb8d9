// The packet's journey as a few stations the kernel really has: sent from a namespace (routing
// decision), leaving through a device (what is at the other end: veth peer, bridge port, macvlan
// sibling, the wire), arriving in a namespace, and delivered to a socket. The host namespace adds its
// netfilter hooks (host-stack.ts); bridges and macvlan parents are in l2.ts.
import type { Interface, Route } from '../snapshot.js';
import { bridgeForward, macvlanForward, throughVeth } from './l2.js';
import { onTheWire } from './links.js';
import { hostInput, hostOutput } from './host-stack.js';
import { deliverHostSocket } from './sockets.js';
import { throughMesh } from './mesh.js';
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
import { english, text, type Text } from '../text/message.js';

/** A hop's or verdict's words: a coded sentence, or plain text (names, rule lines) no language changes. */
export type Words = string | Text;
const plain = (w: Words): string => (typeof w === 'string' ? w : english(w));
const coded = (w: Words | undefined): Text | undefined =>
  w === undefined || typeof w === 'string' ? undefined : w;

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
  reasonText?: Text;
  blockedBy: BlockCause | null;
  delivered: Delivery | null;
}

const MAX_STATIONS = 48;

export class Trace {
  readonly hops: PathHop[] = [];
  readonly missing: string[] = [];
  readonly missingText: Text[] = [];
  private stations = 0;

  constructor(
    readonly ix: NetIndex,
    public pkt: Packet,
    /** The destination is outside the host: leaving through the wire is delivery. */
    readonly toOutside: boolean,
    /** The container the path was asked for, to name it where several share a namespace. */
    readonly target: string | null = null,
  ) {}

  hop(kind: HopKind, label: Words, detail: Words, extra: Partial<PathHop> = {}): PathHop {
    const labelText = coded(label);
    const detailText = coded(detail);
    const h: PathHop = {
      kind,
      label: plain(label),
      detail: plain(detail),
      ...(labelText && { labelText }),
      ...(detailText && { detailText }),
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
  lack(what: Words): void {
    const english = plain(what);
    if (this.missing.includes(english)) return;
    this.missing.push(english);
    this.missingText.push(typeof what === 'string' ? text('path.plain', { text: what }) : what);
  }

  blocked(
    reason: Words,
    cause: BlockCause | null,
    hop?: Omit<Partial<PathHop>, 'label' | 'detail'> & { label: Words; detail?: Words },
  ): End {
    if (hop) {
      const { label, detail, ...rest } = hop;
      this.hop(hop.kind ?? 'verdict', label, detail ?? reason, { ...rest, blocked: true });
    } else {
      const last = this.hops.at(-1);
      if (last) last.blocked = true;
    }
    return { verdict: 'blocked', ...this.reason(reason), blockedBy: cause, delivered: null };
  }

  private reason(reason: Words): { reason: string; reasonText?: Text } {
    const reasonText = coded(reason);
    return { reason: plain(reason), ...(reasonText && { reasonText }) };
  }

  delivered(reason: Words, d: Delivery): End {
    return { verdict: 'delivered', ...this.reason(reason), blockedBy: null, delivered: d };
  }

  /** Nothing more can be said: a fact is missing. The trace stops as if delivered, flagged uncertain. */
  unknown(what: Words, reason: Words): End {
    this.lack(what);
    return { verdict: 'delivered', ...this.reason(reason), blockedBy: null, delivered: null };
  }

  private budget(): End | null {
    this.stations += 1;
    return this.stations > MAX_STATIONS
      ? this.unknown(text('path.loopMissing', {}), text('path.loop', {}))
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
      this.hop('interface', `lo ${this.pkt.dst}`, text('path.loopbackStays', {}), {
        namespace: ns,
        device: lo?.id ?? null,
        item: lo?.id ?? null,
      });
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
      text('path.routeTable', { table: route.table, ns }),
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
        text('path.refusedRoute', { ns, type: d.route.type, dst: d.route.dst }),
        { kind: 'route', namespace: ns, dst: this.pkt.dst },
        {
          kind: 'route',
          label: `${d.route.type} ${d.route.dst}`,
          detail: text('path.routeRefuses', {}),
          namespace: ns,
          route: this.routeRef(ns, d.route),
        },
      );
    return this.blocked(
      text(onlyLo ? 'path.onlyLoopback' : 'path.noRouteIn', { ns, dst: this.pkt.dst }),
      { kind: 'route', namespace: ns, dst: this.pkt.dst },
      {
        kind: 'route',
        label: text('path.noRoute', {}),
        detail: text('path.noRouteDetail', { ns, dst: this.pkt.dst }),
        namespace: ns,
      },
    );
  }

  /** The packet leaves a namespace through `dev`, towards the route's next hop. */
  egress(ns: string, route: Route, dev: Interface | undefined): End {
    const stop = this.budget();
    if (stop) return stop;
    if (!dev)
      return this.unknown(
        text('path.deviceOf', { dev: route.dev ?? '?', ns }),
        text('path.deviceMissing', { dev: route.dev ?? '?' }),
      );
    if (dev.state === 'DOWN')
      return this.blocked(
        text('path.deviceDown', { dev: dev.name, ns }),
        { kind: 'other', text: `${dev.id} is down` },
        {
          kind: 'interface',
          label: text('path.isDown', { dev: dev.name }),
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
        text('path.childIsolation', { hop: nextHop, kind: child.kind, dev: dev.name }),
        { kind: 'other', text: `${child.kind} isolation between ${dev.id} and ${child.id}` },
        {
          kind: 'interface',
          label: text('path.toChild', { dev: dev.name, kind: child.kind, child: child.id }),
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
    this.hop('interface', `${dev.name} ${this.pkt.dst}`, text('path.arrives', { ns }), {
      namespace: ns,
      device: dev.id,
      item: dev.id,
    });
    if (ns === 'host') return hostInput(this, dev);
    if (isLocal(this.ix, ns, this.pkt.dst)) return this.deliverLocal(ns);
    return this.unknown(text('path.forwardsMissing', { ns }), text('path.wouldRoute', { ns }));
  }

  /** Delivered to a local address of `ns`. */
  deliverLocal(ns: string): End {
    if (ns === 'host') return deliverHostSocket(this);
    // The ingress sandbox's own address is Swarm's routing mesh: IPVS sends the packet on to a task.
    const mesh = throughMesh(this, ns);
    if (mesh) return mesh;
    const containers = containersIn(this.ix, ns);
    const port = this.pkt.dport === null ? '' : `:${this.pkt.dport}/${this.pkt.protocol}`;
    // Name the container asked for when it lives here, else the namespace's owner; say who shares it.
    const who = (this.target && containers.includes(this.target) ? this.target : containers[0]) ?? ns;
    const dst = this.pkt.dst;
    const where =
      containers.length > 1
        ? text('path.deliveredInShared', { dst, ns, shared: containers.join(', ') })
        : text('path.deliveredIn', { dst, ns });
    this.hop('endpoint', `${who}${port}`, where, { namespace: ns, item: ns });
    const loop = isLoopbackAddress(dst);
    return this.delivered(text(loop ? 'path.deliveredToLoop' : 'path.deliveredTo', { who, dst, port }), {
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
