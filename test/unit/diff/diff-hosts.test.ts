// What the comparison says about engine, Swarm and overlay changes, and that snapshots taken before
// those fields existed compare equal to new ones that hold nothing there.
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../../src/diff/index.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import { buildSnapshot, cloneSnapshot, iface, namespace } from '../../support/snapshot-factory/index.js';

function swarmNode(vni: number, port: number): Snapshot {
  const s = buildSnapshot({});
  s.host.swarm = { nodeId: 'n1', nodeAddr: '192.0.2.10', manager: true };
  s.namespaces.push(namespace('overlay:appnet', { role: 'overlay', network: 'appnet' }));
  s.interfaces.push(
    iface('overlay:appnet', 'vxlan0', {
      kind: 'vxlan',
      vxlan: { vni, local: '192.0.2.10', port: 4789, peers: [] },
    }),
  );
  s.services = [
    {
      id: 's1',
      name: 'web',
      mode: 'replicated',
      replicas: 2,
      ports: [{ protocol: 'tcp', targetPort: 80, publishedPort: port, publishMode: 'ingress' }],
      networks: [{ network: 'appnet', vip: '10.0.9.2/24' }],
      tasks: [],
    },
  ];
  return s;
}

describe('comparing Swarm hosts', () => {
  it("reports a changed VNI and a service's changed published port", () => {
    const diff = diffSnapshots(swarmNode(4097, 8080), swarmNode(4100, 9090));
    const paths = diff.changes.flatMap((c) => c.fields.map((f) => `${c.collection}:${f.path}`));
    expect(paths).toContain('interface:vxlan.vni');
    expect(paths.some((p) => p.startsWith('host:services.web.ports'))).toBe(true);
  });

  it('an older snapshot without the new fields equals a new one that holds nothing there', () => {
    const now = buildSnapshot({});
    now.host.engine = null;
    now.host.vm = null;
    now.host.swarm = null;
    now.services = [];
    const old = cloneSnapshot(now);
    delete old.host.engine;
    delete old.host.vm;
    delete old.host.swarm;
    delete old.services;
    expect(diffSnapshots(old, now).changes).toEqual([]);
  });
});
