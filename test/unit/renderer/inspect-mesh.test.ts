// The inspector on Swarm's routing mesh: the ingress sandbox lists what each mark selects and where IPVS
// sends it; a routing-mesh port names its service and its tasks, or says the kernel has no IPVS.
import { describe, expect, it } from 'vitest';
import { summarize } from '../../../renderer/src/lib/inspect-summary.js';
import { parseMeshMarks } from '../../../src/collect/kernel/parse-mesh.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import { MANGLE, meshNode, meshRead } from '../../support/mesh-snapshot.js';

const rows = (s: Snapshot, id: string) =>
  new Map(summarize(s, id)?.rows.map((r) => [r.key, r.values.map((v) => v.text)]));
/** The 8080 flow as DOCKER-INGRESS makes it: to the sandbox, for service web. */
function meshPort(s: Snapshot): string {
  const flow = s.natFlows.find((f) => f.kind === 'dnat' && f.hostPort === 8080 && f.family === 'ipv4');
  if (flow?.kind !== 'dnat') throw new Error('no flow');
  Object.assign(flow, { container: null, service: 'web' });
  return flow.id;
}

describe('inspector, routing mesh', () => {
  it('the ingress sandbox: IPVS state and every marked selector with its tasks', () => {
    const r = rows(meshNode(meshRead()), 'container:sbox');
    expect(r.get('ipvs')).toEqual(['read']);
    expect(r.get('mesh')).toEqual([
      'tcp/8080 (web) → MARK 0x100 → 10.0.0.7 (web.1.abc), 10.0.0.8 (on node-2)',
      'tcp/8443 (web) → MARK 0x101 → no task',
      'tcp/9000 → MARK 0x1ff → no IPVS service for 0x1ff',
      '10.0.0.2/32 (web) → MARK 0x100 → 10.0.0.7 (web.1.abc), 10.0.0.8 (on node-2)',
    ]);
  });

  it('a routing-mesh port: its service and where the mesh sends it, or that the kernel has no IPVS', () => {
    const s = meshNode(meshRead());
    const id = meshPort(s);
    expect(rows(s, id).get('service')).toEqual(['web']);
    expect(rows(s, id).get('mesh')).toEqual([
      'tcp/8080 (web) → MARK 0x100 → 10.0.0.7 (web.1.abc), 10.0.0.8 (on node-2)',
    ]);
    expect(summarize(s, id)?.rows.find((x) => x.key === 'mesh')?.values[0]?.id).toBe('container:sbox');
    const absent = meshNode({ ipvs: 'absent', services: [], marks: parseMeshMarks(MANGLE), error: null });
    expect(rows(absent, meshPort(absent)).get('mesh')).toEqual([
      'tcp/8080 (web) → MARK 0x100 → not in this kernel (no ip_vs module): the routing mesh cannot balance',
    ]);
    const none = meshNode(undefined);
    expect(rows(none, meshPort(none)).has('mesh')).toBe(false);
  });
});
