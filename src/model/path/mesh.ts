// Swarm's routing mesh on the packet path: DOCKER-INGRESS DNATs a published port to the ingress
// sandbox, whose mangle rule marks the packet and whose IPVS service for that mark sends it to a task.
// The trace says which mark and which tasks, or why the mesh cannot balance it here (no IPVS in this
// kernel, no mark, no service, no task), from the sandbox's `mesh` alone.
import { backendText, markText, meshForPort } from '../mesh.js';
import { text } from '../text/message.js';
import type { End, Trace } from './trace.js';

/** A packet delivered to the ingress sandbox's own address: what the mesh does with it, or null. */
export function throughMesh(t: Trace, ns: string): End | null {
  const sandbox = t.ix.s.namespaces.find((n) => n.id === ns);
  const port = t.pkt.dport;
  if (sandbox?.role !== 'ingress-sbox' || port === null) return null;
  const socket = `${port}/${t.pkt.protocol}`;
  const { entry, mesh } = meshForPort(t.ix.s, t.pkt.protocol, port, ns);
  if (!mesh) return t.unknown(text('path.meshMissing', {}), text('path.meshWould', { socket }));
  const where = { namespace: ns, item: ns };
  if (mesh.marks === null || mesh.ipvs === 'unreadable')
    return t.unknown(
      text('path.meshUnreadable', { error: mesh.error ?? 'mangle table' }),
      text('path.meshWould', { socket }),
    );
  if (mesh.ipvs === 'absent')
    return t.blocked(
      text('path.meshNoIpvs', {}),
      { kind: 'other', text: 'no IPVS (ip_vs)' },
      {
        kind: 'nat',
        label: 'IPVS',
        ...where,
      },
    );
  if (!entry)
    return t.blocked(
      text('path.meshNoMark', { socket }),
      { kind: 'other', text: `no MARK for ${socket}` },
      {
        kind: 'nat',
        label: 'mangle MARK',
        ...where,
      },
    );
  const mark = markText(entry.mark.mark);
  t.hop('nat', `MARK ${mark}`, text('path.meshMarks', { socket, mark, rule: entry.mark.rule }), where);
  if (entry.state === 'no-service')
    return t.blocked(
      text('path.meshNoService', { mark }),
      { kind: 'other', text: `no IPVS service ${mark}` },
      {
        kind: 'nat',
        label: `IPVS FWM ${mark}`,
        ...where,
      },
    );
  const live = entry.backends.filter((b) => b.weight > 0);
  if (entry.state !== 'balanced' || live.length === 0)
    return t.blocked(
      text('path.meshNoBackends', { mark }),
      { kind: 'other', text: `IPVS ${mark}: no task` },
      {
        kind: 'nat',
        label: `IPVS FWM ${mark}`,
        ...where,
      },
    );
  const backends = live.map(backendText).join(', ');
  t.hop(
    'nat',
    `IPVS FWM ${mark} (${entry.ipvs?.scheduler ?? '?'})`,
    text('path.meshBalances', { mark, n: live.length, backends }),
    where,
  );
  const containers = live.flatMap((b) => (b.container ? [b.container] : []));
  return t.delivered(
    text('path.meshDelivered', { service: entry.serviceName ?? '?', n: live.length, backends }),
    { namespace: ns, containers, address: t.pkt.dst, port, process: null, leaves: null },
  );
}
