// A packet put on the wire: a NIC (delivered when the destination is outside, beyond Netlens's view
// otherwise), or a dummy device that discards it.
import type { Interface } from '../snapshot.js';
import type { End, Trace } from './trace.js';

/** Out through a NIC (or a device whose far side Netlens cannot see). */
export function onTheWire(t: Trace, ns: string, dev: Interface, nextHop: string): End {
  if (dev.kind === 'dummy')
    return t.blocked(
      `${dev.name} is a dummy device: it discards what is sent through it`,
      { kind: 'other', text: `${dev.id} is a dummy device` },
      {
        kind: 'interface',
        label: `${dev.name} (dummy)`,
        device: dev.id,
        namespace: ns,
        item: dev.id,
      },
    );
  t.hop('interface', `${dev.name} → the wire`, `leaves ${ns} towards ${nextHop}`, {
    namespace: ns,
    device: dev.id,
    item: dev.id,
  });
  if (t.toOutside)
    return t.delivered(
      `leaves the host through ${dev.name}${nextHop !== t.pkt.dst ? ` via ${nextHop}` : ''}`,
      {
        namespace: ns,
        containers: [],
        address: t.pkt.dst,
        port: t.pkt.dport,
        process: null,
        leaves: dev.id,
      },
    );
  return t.unknown(
    `what happens beyond ${dev.name} (the packet leaves the host)`,
    `leaves through ${dev.name}: outside Netlens's view`,
  );
}
