// The findings a capture reports for the problems a spec can plant (a DNAT rule to nowhere, a dangling
// veth, a container end whose MTU differs from its bridge's), worded like src/topology/findings.ts.
import type { Finding, Interface, NatFlow } from '../../../src/model/snapshot.js';

export function plantedFindings(interfaces: Interface[], natFlows: NatFlow[]): Finding[] {
  const out: Finding[] = [];
  const add = (f: Omit<Finding, 'id'>) => out.push({ id: `${f.code}:${f.subjects.join(',')}`, ...f });
  const byId = new Map(interfaces.map((i) => [i.id, i]));
  for (const f of natFlows)
    if (f.kind === 'dnat' && f.container === null)
      add({
        severity: 'warning',
        code: 'dnat-to-unknown-address',
        message: `the DNAT rule for ${f.id} sends traffic to ${f.toAddress}:${f.toPort}, an address no running container holds`,
        subjects: [f.id, ...(f.rule ? [f.rule] : [])],
      });
  for (const i of interfaces) {
    if (i.kind !== 'veth') continue;
    if (i.peer === null)
      add({
        severity: 'warning',
        code: 'veth-peer-missing',
        message: `veth ${i.name} in ${i.namespace} has no peer in any namespace Netlens could read (dangling veth)`,
        subjects: [i.id],
      });
    const master = i.namespace === 'host' || !i.peer ? null : byId.get(i.peer)?.master;
    const bridge = master ? byId.get(master) : undefined;
    if (bridge && bridge.mtu !== i.mtu)
      add({
        severity: 'warning',
        code: 'mtu-mismatch',
        message: `${i.id} has MTU ${i.mtu} but its bridge ${bridge.name} has MTU ${bridge.mtu}: large packets will be dropped or fragmented`,
        subjects: [i.id, bridge.id],
      });
  }
  return out;
}
