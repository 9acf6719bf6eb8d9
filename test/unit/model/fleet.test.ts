// Stitching overlays across snapshots: by network id, VNI agreement, tunnels resolved by the nodes'
// advertise addresses (the real two-node case is test/integration/fleet.test.ts).
import { describe, expect, it } from 'vitest';
import { stitchOverlays } from '../../../src/model/fleet.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import { buildSnapshot, OVERLAY_NET_ID, swarmNode } from '../../support/snapshot-factory/index.js';

const NET_ID = OVERLAY_NET_ID;

const node = (nodeAddr: string, vni: number, peers: string[]): Snapshot =>
  swarmNode({ nodeAddr, vni, peers });

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
