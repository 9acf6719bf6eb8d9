// MTU problems, one finding per device that causes them: a bridge whose MTU differs from all its
// containers' veths, both ends (the bridge is the odd one), containers that differ from their bridge
// (grouped by their MTU), and a bridge above the uplink's MTU (containers send packets it cannot carry).
import type { Finding, Interface, Route } from '../model/snapshot.js';
import { text } from '../model/text/message.js';
import { said } from './findings-text.js';

type Add = (f: Omit<Finding, 'id'>) => void;

const owner = (i: Interface) => i.namespace.replace(/^container:/, '');

export function mtuFindings(interfaces: Interface[], routes: Route[], add: Add): void {
  const byId = new Map(interfaces.map((i) => [i.id, i]));
  // Container ends of veths whose host end is a bridge port, per bridge.
  const ends = new Map<string, Interface[]>();
  for (const i of interfaces) {
    if (i.kind !== 'veth' || i.namespace === 'host' || !i.peer) continue;
    const master = byId.get(i.peer)?.master;
    if (master) ends.set(master, [...(ends.get(master) ?? []), i]);
  }
  for (const [bridgeId, list] of ends) {
    const bridge = byId.get(bridgeId);
    if (!bridge) continue;
    const odd = list.filter((i) => i.mtu !== bridge.mtu);
    if (odd.length === 0) continue;
    const who = (l: Interface[]) => l.map(owner).join(', ');
    // The bridge is the odd one when every container and the host end of its veth agree against it;
    // a container end that differs from its own host end is the odd one (e.g. `ip link set mtu` inside).
    const both = list.flatMap((i) => [i.mtu, byId.get(i.peer ?? '')?.mtu ?? i.mtu]);
    if (odd.length === list.length && new Set(both).size === 1) {
      add({
        severity: 'warning',
        code: 'mtu-mismatch',
        ...said(
          text('finding.bridgeMtuOdd', {
            bridge: bridge.name,
            mtu: bridge.mtu,
            n: list.length,
            theirs: String(odd[0]?.mtu ?? '?'),
            who: who(list),
          }),
        ),
        subjects: [bridge.id, ...list.map((i) => i.id)],
      });
      continue;
    }
    const byMtu = new Map<number, Interface[]>();
    for (const i of odd) byMtu.set(i.mtu, [...(byMtu.get(i.mtu) ?? []), i]);
    for (const [mtu, group] of byMtu)
      add({
        severity: 'warning',
        code: 'mtu-mismatch',
        ...said(
          text('finding.containerMtuOdd', {
            who: who(group),
            n: group.length,
            bridge: bridge.name,
            mtu,
            bridgeMtu: bridge.mtu,
          }),
        ),
        subjects: [...group.map((i) => i.id), bridge.id],
      });
  }
  const uplink = uplinkOf(routes, byId);
  if (!uplink) return;
  for (const [bridgeId, list] of ends) {
    const bridge = byId.get(bridgeId);
    if (!bridge || bridge.mtu <= uplink.mtu) continue;
    add({
      severity: 'warning',
      code: 'bridge-mtu-above-uplink',
      ...said(
        text('finding.bridgeAboveUplink', {
          bridge: bridge.name,
          mtu: bridge.mtu,
          uplink: uplink.name,
          uplinkMtu: uplink.mtu,
          who: list.map(owner).join(', '),
        }),
      ),
      subjects: [bridge.id, uplink.id],
    });
  }
}

/** The device of the host's default route (IPv4 first). */
function uplinkOf(routes: Route[], byId: Map<string, Interface>): Interface | undefined {
  for (const family of ['ipv4', 'ipv6'] as const) {
    const r = routes.find(
      (x) => x.namespace === 'host' && x.table === 'main' && x.dst === 'default' && x.family === family,
    );
    const dev = r?.dev ? byId.get(`host/${r.dev}`) : undefined;
    if (dev) return dev;
  }
  return undefined;
}
