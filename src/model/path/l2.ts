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

const holds = (i: Interface | undefined, address: string) =>
  i?.addresses.some((a) => a.address === address) === true;

/** A frame on bridge `br`, from port `inPort` (null: the host sends it out through the bridge). */
export function bridgeForward(t: Trace, br: Interface, inPort: Interface | null, nextHop: string): End {
  const ix = t.ix;
  t.hop('bridge', `bridge ${br.name}`, 'switched by destination MAC', {
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
      `no device on bridge ${br.name} holds ${nextHop}: the neighbour lookup gets no answer`,
      { kind: 'other', text: `${nextHop} is not on ${br.id}` },
      {
        kind: 'bridge',
        label: `nobody holds ${nextHop} on ${br.name}`,
        namespace: br.namespace,
        device: br.id,
      },
    );
  if (inPort) {
    const pass = bridgedFilter(t, br);
    if (pass) return pass;
  }
  t.hop('veth', `${port.name} (ifindex ${port.ifindex})`, `the bridge port towards ${far.namespace}`, {
    namespace: port.namespace,
    device: port.id,
    item: port.id,
  });
  t.hop('cable', `veth pair ${port.name} ↔ ${far.name}`, `peer ifindex ${far.ifindex}`, {
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
    t.hop(
      'bridge',
      `${br.name}: bridged without iptables`,
      'bridge-nf-call-iptables=0: FORWARD rules do not apply',
      {
        namespace: br.namespace,
        device: br.id,
      },
    );
    return null;
  }
  if (br.namespace !== 'host') return null;
  const { end } = walk(t, 'forward', ['mangle', 'filter'], br.name, br.name);
  if (end && nf === null)
    t.lack('whether bridged traffic passes iptables (bridge-nf-call-iptables not recorded)');
  return end;
}

/** Sent through a macvlan/ipvlan child: to a sibling directly, never to the parent's host, else out on the wire. */
export function macvlanForward(t: Trace, dev: Interface, nextHop: string): End {
  const parent = dev.parent ? t.ix.iface.get(dev.parent) : undefined;
  if (!parent)
    return t.unknown(`the parent of ${dev.kind} ${dev.id}`, `${dev.name}'s parent is not in the snapshot`);
  t.hop(
    'cable',
    `${dev.kind} ${dev.name} on ${parent.name}`,
    `a ${dev.kind} child of ${parent.id}: the host's iptables do not see this traffic`,
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
      `${parent.name}: to sibling ${sibling.id}`,
      `children of one parent reach each other directly (${dev.kind} bridge mode)`,
      {
        namespace: parent.namespace,
        device: parent.id,
      },
    );
    return t.arrive(sibling.namespace, sibling);
  }
  if (isLocal(t.ix, parent.namespace, nextHop))
    return t.blocked(
      `${nextHop} is an address of ${parent.namespace}, the parent's side: a ${dev.kind} child cannot reach its parent`,
      { kind: 'other', text: `${dev.kind} isolation between ${dev.id} and ${parent.id}` },
      {
        kind: 'interface',
        label: `${parent.name} will not hand it to ${parent.namespace}`,
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
    return t.unknown(
      `the other end of veth ${dev.id} (in no namespace Netlens read)`,
      `the other end of ${dev.name} is not in the snapshot`,
    );
  t.hop(
    'cable',
    `veth pair ${dev.name} ↔ ${peer.name}`,
    `peer ifindex ${peer.ifindex} in ${peer.namespace}`,
    {
      namespace: peer.namespace,
      device: peer.id,
      item: cableId(dev, peer),
    },
  );
  const bridge = peer.master ? t.ix.iface.get(peer.master) : undefined;
  if (bridge) {
    t.hop('veth', `${peer.name} (ifindex ${peer.ifindex})`, `a port of bridge ${bridge.name}`, {
      namespace: peer.namespace,
      device: peer.id,
      item: peer.id,
    });
    return bridgeForward(t, bridge, peer, nextHop);
  }
  // Not a bridge port: only the peer's own namespace can answer the neighbour lookup.
  if (!isLocal(t.ix, peer.namespace, nextHop))
    return t.blocked(
      `nothing behind ${dev.name} holds ${nextHop}: the neighbour lookup gets no answer`,
      { kind: 'other', text: `${nextHop} is not behind ${dev.id}` },
      {
        kind: 'interface',
        label: `nobody holds ${nextHop} behind ${dev.name}`,
        namespace: peer.namespace,
        device: peer.id,
      },
    );
  return t.arrive(peer.namespace, peer);
}
