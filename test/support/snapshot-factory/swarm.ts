// One Swarm node's view of an overlay network `appnet`: its advertise address, the network (by a fixed
// id), the overlay namespace and its vxlan0 with the VNI and the remote VTEPs it tunnels to. The fleet
// tests stitch several of these.
import type { Snapshot } from '../../../src/model/snapshot.js';
import { buildSnapshot } from './build.js';
import { iface, namespace } from './parts.js';
import type { SnapshotSpec } from './spec.js';

export const OVERLAY_NET_ID = 'q1w2e3r4t5y6u7i8o9p0a1s2d';

export interface SwarmNodeSpec {
  nodeAddr: string;
  /** Remote VTEPs in vxlan0's forwarding table. */
  peers: string[];
  vni?: number;
  manager?: boolean;
  /** What else the node runs (default: nothing). */
  spec?: SnapshotSpec;
}

export function swarmNode({
  nodeAddr,
  peers,
  vni = 4097,
  manager = false,
  spec = {},
}: SwarmNodeSpec): Snapshot {
  const s = buildSnapshot(spec);
  s.host.swarm = { nodeId: nodeAddr, nodeAddr, manager };
  s.networks.push({
    id: OVERLAY_NET_ID,
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
