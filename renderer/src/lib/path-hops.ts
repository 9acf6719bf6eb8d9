// Building blocks of packet paths: hops, routes, the filter FORWARD walk and the way into a container.
import { words } from './i18n/words.js';
import type { Container, Interface, Route } from '../../../src/model/snapshot.js';
import type { ForwardPathResult } from '../../../src/model/path/forward-path.js';
import { inPrefix } from '../../../src/model/ip.js';
import { deviceName, firstAddress, type SnapshotIndex } from './snapshot-index.js';

export type HopKind =
  'interface' | 'chain' | 'rule' | 'route' | 'bridge' | 'veth' | 'cable' | 'container' | 'verdict';

export interface Hop {
  kind: HopKind;
  label: string;
  detail: string;
  /** Drawn item to highlight (interface, bar, flow, cable or namespace id), null for a rule-only hop. */
  item: string | null;
  ruleId: string | null;
  /** This hop stops the packet. */
  blocked: boolean;
}

export interface PacketPath {
  title: string;
  hops: Hop[];
  verdict: 'delivered' | 'blocked' | 'unknown';
  reason: string;
  /** Drawn items in hop order (for highlighting and numbering). */
  items: string[];
}

export const hop = (
  kind: HopKind,
  label: string,
  detail = '',
  item: string | null = null,
  ruleId: string | null = null,
  blocked = false,
): Hop => ({ kind, label, detail, item, ruleId, blocked });

export function finish(
  title: string,
  hops: Hop[],
  verdict: PacketPath['verdict'],
  reason: string,
): PacketPath {
  return { title, hops, verdict, reason, items: hops.flatMap((h) => (h.item ? [h.item] : [])) };
}

/** The most specific route of a namespace towards `dst`. */
export function routeTo(routes: Route[], namespace: string, dst: string): Route | null {
  let best: Route | null = null;
  let bestLen = -1;
  for (const r of routes) {
    if (r.namespace !== namespace || r.table !== 'main' || (r.type !== 'unicast' && r.type !== '')) continue;
    const cidr =
      r.dst === 'default'
        ? dst.includes(':')
          ? '::/0'
          : '0.0.0.0/0'
        : r.dst.includes('/')
          ? r.dst
          : `${r.dst}/${dst.includes(':') ? 128 : 32}`;
    if (inPrefix(dst, cidr) !== true) continue;
    const len = Number(cidr.split('/')[1]);
    if (len > bestLen) {
      best = r;
      bestLen = len;
    }
  }
  return best;
}

/** Hops of the filter FORWARD walk; the last one blocks when the verdict is not ACCEPT. */
export function forwardHops(ix: SnapshotIndex, result: ForwardPathResult): Hop[] {
  const hops: Hop[] = [];
  for (const s of result.steps) {
    if (s.kind === 'chain' && s.action === 'enter')
      hops.push(hop('chain', `${s.table} ${s.chain}`, words().path.chainEntered));
    else if (s.kind === 'rule' && s.ruleId) {
      const text = ix.rule.get(s.ruleId)?.text ?? s.ruleId;
      const blocked = s.action === 'drop' || s.action === 'reject';
      hops.push(hop('rule', `${s.chain} #${s.position ?? '?'}: ${s.action}`, text, null, s.ruleId, blocked));
    } else if (s.kind === 'chain' && (s.action === 'drop' || s.action === 'accept'))
      hops.push(
        hop(
          'chain',
          words().path.policy(`${s.table} ${s.chain}`, s.action.toUpperCase()),
          words().path.policyDecided,
          null,
          null,
          s.action === 'drop',
        ),
      );
  }
  return hops;
}

/** Host end of a container interface: veth peer in the host, and the bridge it is enslaved to. */
export function hostSide(
  ix: SnapshotIndex,
  i: Interface | undefined,
): { veth: Interface | null; bridge: string | null; cable: string | null } {
  const peer = i?.peer ? ix.iface.get(i.peer) : undefined;
  if (i && peer && peer.namespace === 'host')
    return { veth: peer, bridge: peer.master, cable: `cable:${i.id}|${peer.id}` };
  if (i?.parent) return { veth: null, bridge: null, cable: `cable:${i.id}|${i.parent}` };
  return { veth: null, bridge: null, cable: null };
}

export function intoContainer(
  ix: SnapshotIndex,
  target: Interface | undefined,
  c: Container | undefined,
  port: string,
): Hop[] {
  const hops: Hop[] = [];
  const side = hostSide(ix, target);
  if (side.bridge)
    hops.push(
      hop('bridge', words().path.bridge(deviceName(side.bridge)), words().path.forwarded, side.bridge),
    );
  if (side.veth)
    hops.push(
      hop('veth', `${side.veth.name} (ifindex ${side.veth.ifindex})`, words().path.hostEnd, side.veth.id),
    );
  if (side.cable && target)
    hops.push(
      hop(
        'cable',
        words().path.vethPair(side.veth?.name ?? '?', target.name),
        words().path.peerIfindex(target.ifindex),
        side.cable,
      ),
    );
  if (target)
    hops.push(
      hop(
        'interface',
        `${target.name} ${firstAddress(target)}`,
        words().path.inNamespace(target.namespace),
        target.id,
      ),
    );
  if (c?.namespace) hops.push(hop('container', `${c.name}${port}`, c.image, c.namespace));
  return hops;
}

export function blockReason(ix: SnapshotIndex, fwd: ForwardPathResult): string {
  if (fwd.decidedBy) {
    const r = ix.rule.get(fwd.decidedBy);
    return words().path.droppedBy(r ? `${r.table} ${r.chain} #${r.position}: ${r.text}` : fwd.decidedBy);
  }
  return words().path.droppedByPolicy(fwd.policyOf ?? 'FORWARD');
}
