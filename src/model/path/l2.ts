// Layer 2: a Linux bridge switches a frame to the port whose far end holds the next hop (through the
// iptables FORWARD chain when br_netfilter asks for it), or hands it up to the host when the next hop
// is the host's own address; macvlan/ipvlan children of one parent reach each other directly but
// never the parent's own addresses.
import type { Interface } from '../snapshot.js';
import { walk } from './host-stack.js';
import { bridgeNetfilter } from './sysctl.js';
import { cableId, isLocal } from './net-index.js';
import { onTheWire } from './links.js';
import type { End, Trace } from './trace.js';
import { text } from '../text/message.js';

const holds = (i: Interface | undefined, address: string) =>
  i?.addresses.some((a) => a.address === address) === true;

/** A frame on bridge `br`, from port `inPort` (null: the host sends it out through the bridge). */
export function bridgeForward(t: Trace, br: Interface, inPort: Interface | null, nextHop: string): End {
  const ix = t.ix;
  t.hop('bridge', text('path.bridge', { name: br.name }), text('path.switched', {}), {
    namespace: br.namespace,
    device: br.id,
    item: br.id,
  });
  if (inPort && isLocal(ix, br.namespace, nextHop)) return t.arrive(br.namespace, br);
  const ports = (ix.ports.get(br.id) ?? []).filter((p) => p.id !== inPort?.id);
  let port: Interface | undefined;
  let far: Interface | undefined;
  for (const p of ports) {
    const peer = p.peer ? ix.iface.get(p.peer) : undefined;
    if (holds(peer, nextHop)) [port, far] = [p, peer];
  }
  if (!port || !far)
    return t.blocked(
      text('path.nobodyOnBridge', { hop: nextHop, bridge: br.name }),
      { kind: 'other', text: `${nextHop} is not on ${br.id}` },
      {
        kind: 'bridge',
        label: text('path.nobodyHoldsOn', { hop: nextHop, bridge: br.name }),
        namespace: br.namespace,
        device: br.id,
      },
    );
  if (inPort) {
    const pass = bridgedFilter(t, br);
    if (pass) return pass;
  }
  t.hop('veth', `${port.name} (ifindex ${port.ifindex})`, text('path.portTowards', { ns: far.namespace }), {
    namespace: port.namespace,
    device: port.id,
    item: port.id,
  });
  const pair = text('path.vethPair', { a: port.name, b: far.name });
  t.hop('cable', pair, text('path.peerIndex', { ifindex: far.ifindex }), {
    namespace: far.namespace,
    device: far.id,
    item: cableId(far, port),
  });
  return t.arrive(far.namespace, far);
}

/** Bridged between two ports: filter FORWARD sees it (in and out = the bridge) when br_netfilter says so. */
function bridgedFilter(t: Trace, br: Interface): End | null {
  const nf = bridgeNetfilter(t.ix.s.sysctls, t.pkt.family);
  if (nf === false) {
    t.hop('bridge', text('path.bridgedBare', { bridge: br.name }), text('path.bridgedBareDetail', {}), {
      namespace: br.namespace,
      device: br.id,
    });
    return null;
  }
  if (br.namespace !== 'host') return null;
  const { end } = walk(t, 'forward', ['mangle', 'filter'], br.name, br.name);
  if (end && nf === null) t.lack(text('path.bridgeNfMissing', {}));
  return end;
}

/** Sent through a macvlan/ipvlan child: to a sibling directly, never to the parent's host, else out on the wire. */
export function macvlanForward(t: Trace, dev: Interface, nextHop: string): End {
  const parent = dev.parent ? t.ix.iface.get(dev.parent) : undefined;
  if (!parent)
    return t.unknown(
      text('path.parentOf', { kind: dev.kind, dev: dev.id }),
      text('path.parentMissing', { dev: dev.name }),
    );
  t.hop(
    'cable',
    text('path.childOn', { kind: dev.kind, dev: dev.name, parent: parent.name }),
    text('path.childNoIptables', { kind: dev.kind, parent: parent.id }),
    {
      namespace: dev.namespace,
      device: dev.id,
      item: cableId(dev, parent),
    },
  );
  const sibling = (t.ix.children.get(parent.id) ?? []).find((c) => c.id !== dev.id && holds(c, nextHop));
  if (sibling) {
    t.hop(
      'interface',
      text('path.toSibling', { parent: parent.name, sibling: sibling.id }),
      text('path.siblings', { kind: dev.kind }),
      {
        namespace: parent.namespace,
        device: parent.id,
      },
    );
    return t.arrive(sibling.namespace, sibling);
  }
  if (isLocal(t.ix, parent.namespace, nextHop))
    return t.blocked(
      text('path.parentSide', { hop: nextHop, ns: parent.namespace, kind: dev.kind }),
      { kind: 'other', text: `${dev.kind} isolation between ${dev.id} and ${parent.id}` },
      {
        kind: 'interface',
        label: text('path.wontHand', { parent: parent.name, ns: parent.namespace }),
        namespace: parent.namespace,
        device: parent.id,
      },
    );
  return onTheWire(t, parent.namespace, parent, nextHop);
}

/** Out through a veth: to a bridge port, or straight into the peer's namespace. */
export function throughVeth(t: Trace, dev: Interface, nextHop: string): End {
  const peer = dev.peer ? t.ix.iface.get(dev.peer) : undefined;
  if (!peer)
    return t.unknown(text('path.otherEndMissing', { dev: dev.id }), text('path.otherEnd', { dev: dev.name }));
  t.hop(
    'cable',
    text('path.vethPair', { a: dev.name, b: peer.name }),
    text('path.peerIndexIn', { ifindex: peer.ifindex, ns: peer.namespace }),
    {
      namespace: peer.namespace,
      device: peer.id,
      item: cableId(dev, peer),
    },
  );
  const bridge = peer.master ? t.ix.iface.get(peer.master) : undefined;
  if (bridge) {
    t.hop('veth', `${peer.name} (ifindex ${peer.ifindex})`, text('path.portOf', { bridge: bridge.name }), {
      namespace: peer.namespace,
      device: peer.id,
      item: peer.id,
    });
    return bridgeForward(t, bridge, peer, nextHop);
  }
  // Not a bridge port: only the peer's own namespace can answer the neighbour lookup.
  if (!isLocal(t.ix, peer.namespace, nextHop))
    return t.blocked(
      text('path.nothingBehind', { hop: nextHop, dev: dev.name }),
      { kind: 'other', text: `${nextHop} is not behind ${dev.id}` },
      {
        kind: 'interface',
        label: text('path.nobodyBehind', { hop: nextHop, dev: dev.name }),
        namespace: peer.namespace,
        device: peer.id,
      },
    );
  return t.arrive(peer.namespace, peer);
}
