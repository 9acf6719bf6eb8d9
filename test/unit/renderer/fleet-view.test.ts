// The fleet view's model: a card per host in the order listed (with or without a snapshot yet), and a
// row per overlay network stitched across the hosts by network id, each tunnel once as a pair of cards.
import { describe, expect, it } from 'vitest';
import type { HostEntry } from '../../../src/api/contract.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import { fleetModel } from '../../../renderer/src/lib/fleet-view.js';
import { OVERLAY_NET_ID, swarmNode } from '../../support/snapshot-factory/index.js';

const NET_ID = OVERLAY_NET_ID;

const node = (nodeAddr: string, peers: string[], manager = false): Snapshot =>
  swarmNode({
    nodeAddr,
    peers,
    manager,
    spec: { containers: [{ name: `web-${nodeAddr}`, ports: [{ containerPort: 80, hostPort: 8080 }] }] },
  });

const host = (id: string, state: HostEntry['status']['state'] = 'live'): HostEntry =>
  ({ id, target: id, dockerHost: null, label: '', status: { state } }) as HostEntry;

describe('fleetModel', () => {
  it('cards side by side in host order; an overlay row with each host cell and each tunnel once', () => {
    const m = fleetModel([host('local'), host('ssh://b'), host('ssh://c', 'disconnected')], {
      local: node('192.0.2.1', ['192.0.2.2', '198.51.100.9'], true),
      'ssh://b': node('192.0.2.2', ['192.0.2.1']),
    });
    expect(m.cards.map((c) => [c.hostId, c.label, c.state, c.swarm, c.containers, c.published])).toEqual([
      ['local', 'local', 'live', 'manager', 1, 1],
      ['ssh://b', 'ssh://b', 'live', 'worker', 1, 1],
      ['ssh://c', 'ssh://c', 'disconnected', null, 0, 0],
    ]);
    expect(m.rows).toHaveLength(1);
    const [row] = m.rows;
    expect(row?.overlay).toMatchObject({ networkId: NET_ID, name: 'appnet', vni: 4097 });
    expect(row?.cells.map((c) => c?.vtep ?? null)).toEqual(['192.0.2.1', '192.0.2.2', null]);
    expect(row?.links).toEqual([{ from: 0, to: 1 }]);
    expect(row?.strangers).toEqual(['198.51.100.9']);
  });

  it('no snapshot, no overlay: cards only', () => {
    expect(fleetModel([host('local', 'connecting')], {})).toMatchObject({
      cards: [{ hostId: 'local', name: null, containers: 0 }],
      rows: [],
    });
  });
});
