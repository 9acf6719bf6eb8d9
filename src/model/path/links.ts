// A packet put on the wire: a NIC (delivered when the destination is outside, beyond Netlens's view
// otherwise), or a dummy device that discards it.
import type { Interface } from '../snapshot.js';
import type { End, Trace } from './trace.js';
import { text } from '../text/message.js';

/** Out through a NIC (or a device whose far side Netlens cannot see). */
export function onTheWire(t: Trace, ns: string, dev: Interface, nextHop: string): End {
  if (dev.kind === 'dummy')
    return t.blocked(
      text('path.dummy', { dev: dev.name }),
      { kind: 'other', text: `${dev.id} is a dummy device` },
      {
        kind: 'interface',
        label: text('path.dummyLabel', { dev: dev.name }),
        device: dev.id,
        namespace: ns,
        item: dev.id,
      },
    );
  t.hop('interface', text('path.toWire', { dev: dev.name }), text('path.leaves', { ns, hop: nextHop }), {
    namespace: ns,
    device: dev.id,
    item: dev.id,
  });
  if (t.toOutside)
    return t.delivered(
      text('path.leavesHost', { dev: dev.name, gateway: nextHop !== t.pkt.dst ? nextHop : null }),
      {
        namespace: ns,
        containers: [],
        address: t.pkt.dst,
        port: t.pkt.dport,
        process: null,
        leaves: dev.id,
      },
    );
  return t.unknown(text('path.beyondMissing', { dev: dev.name }), text('path.beyond', { dev: dev.name }));
}
