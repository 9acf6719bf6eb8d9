// Comparing two captures of a Swarm node: a change of the routing mesh (a task gone from an IPVS
// service, a mark rule added, IPVS gone) is a change of its sandbox; IPVS's moving connection counts
// are not.
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../../src/diff/diff-snapshots.js';
import { meshNode, meshRead } from '../../support/mesh-snapshot.js';

const meshOf = (s: ReturnType<typeof meshNode>) => {
  const mesh = s.namespaces.find((n) => n.mesh)?.mesh;
  if (!mesh) throw new Error('no mesh');
  return mesh;
};

describe('diff of the routing mesh', () => {
  it('names a task leaving the IPVS service of a mark, and nothing for connection counts', () => {
    const a = meshNode(meshRead());
    const b = meshNode(meshRead());
    const fwm = meshOf(b).services[0];
    fwm?.destinations.pop();
    if (fwm?.destinations[0]) fwm.destinations[0].active = 99;
    const changes = diffSnapshots(a, b).changes;
    expect(changes.map((c) => [c.kind, c.key])).toEqual([['changed', 'container:sbox']]);
    const change = changes[0];
    expect(change?.kind === 'changed' && change.fields).toMatchObject([
      {
        path: 'mesh.services',
        removed: ['FWM 0x100 rr → 10.0.0.7:0 Masq weight 1, 10.0.0.8:0 Masq weight 1'],
        added: ['FWM 0x100 rr → 10.0.0.7:0 Masq weight 1'],
      },
    ]);
    const counts = meshNode(meshRead());
    const d = meshOf(counts).services[0]?.destinations[1];
    if (d) d.inactive = 1234;
    expect(diffSnapshots(a, counts).changes).toEqual([]);
  });

  it('names IPVS gone from the kernel', () => {
    const a = meshNode(meshRead());
    const b = meshNode({ ...meshRead(), ipvs: 'absent', services: [] });
    const change = diffSnapshots(a, b).changes[0];
    expect(change?.kind === 'changed' && change.fields.map((f) => f.path)).toEqual([
      'mesh.ipvs',
      'mesh.services',
    ]);
  });
});
