// Stitching overlays across snapshots: by network id, VNI agreement, tunnels resolved by the nodes'
// advertise addresses (the real two-node case is test/integration/fleet.test.ts).
import { describe, expect, it } from 'vitest';
import { stitchOverlays } from '../../../src/model/fleet.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import { buildSnapshot, iface, namespace } from '../../support/snapshot-factory/index.js';

const NET_ID = 'q1w2e3r4t5y6u7i8o9p0a1s2d';

function node(nodeAddr: string, vni: number, peers: string[]): Snapshot {
  const s = buildSnapshot({});
  s.host.swarm = { nodeId: nodeAddr, nodeAddr, manager: false };
  s.networks.push({
    id: NET_ID,
    name: 'appnet',
    driver: 'overlay',
    scope: 'swarm',
    internal: false,
    ipv6: false,
    subnets: [{ subnet: '10.0.9.0/24', gateway: '10.0.9.1' }],
    bridge: 'overlay:appnet/br0',
    options: {},
    endpoints: [],
  });
  s.namespaces.push(namespace('overlay:appnet', { role: 'overlay', network: 'appnet' }));
  s.interfaces.push(
    iface('overlay:appnet', 'vxlan0', {
      kind: 'vxlan',
      vxlan: {
        vni,
        local: null,
        port: 4789,
        peers: peers.map((dst, i) => ({ mac: `02:42:0a:00:09:0${i}`, dst })),
      },
    }),
  );
  return s;
}

describe('stitchOverlays', () => {
  it('joins members by network id and resolves tunnels to fleet hosts, or to none', () => {
    const [overlay] = stitchOverlays([
      { label: 'a', snapshot: node('192.0.2.1', 4097, ['192.0.2.2', '192.0.2.2', '198.51.100.9']) },
      { label: 'b', snapshot: node('192.0.2.2', 4097, ['192.0.2.1']) },
    ]);
    expect(overlay).toMatchObject({ networkId: NET_ID, name: 'appnet', vni: 4097, vniMismatch: false });
    expect(overlay?.members.map((m) => [m.host, m.vtep, m.vxlan])).toEqual([
      ['a', '192.0.2.1', 'overlay:appnet/vxlan0'],
      ['b', '192.0.2.2', 'overlay:appnet/vxlan0'],
    ]);
    expect(overlay?.tunnels).toEqual([
      { from: 'a', to: 'b', dst: '192.0.2.2' },
      { from: 'a', to: null, dst: '198.51.100.9' },
      { from: 'b', to: 'a', dst: '192.0.2.1' },
    ]);
  });

  it('flags members that disagree on the VNI', () => {
    const [overlay] = stitchOverlays([
      { label: 'a', snapshot: node('192.0.2.1', 4097, []) },
      { label: 'b', snapshot: node('192.0.2.2', 4100, []) },
    ]);
    expect(overlay).toMatchObject({ vni: null, vniMismatch: true });
  });

  it('has no overlays for hosts without any', () => {
    expect(stitchOverlays([{ label: 'a', snapshot: buildSnapshot({}) }])).toEqual([]);
  });
});
