// Two Swarm nodes, each a Docker engine in its own mount and network namespaces (swarm-lab.ts), joined
// over a direct veth link: each is captured by `netlens snapshot` run on it, and the fleet stitches
// the overlay network across them by network id and VNI, with each node's VXLAN tunnel resolved to
// the other, as `ip -d` and `bridge fdb` on each node say.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stitchOverlays } from '../../src/model/fleet.js';
import { Snapshot, type Snapshot as SnapshotT } from '../../src/model/snapshot.js';
import type { SwarmLab } from '../support/swarm-lab.js';
import { startTwoNodeSwarm, vniOn, type TwoNodeSwarm } from '../support/two-node-swarm.js';

const enabled = process.getuid?.() === 0;
const NET = 'nlfl-ov';

describe.skipIf(!enabled)('a two-node Swarm seen as a fleet', () => {
  let lab: TwoNodeSwarm;
  let a: SwarmLab;
  let b: SwarmLab;
  let addrA: string;
  let addrB: string;
  let snapA: SnapshotT;
  let snapB: SnapshotT;
  let networkId: string;

  const capture = (node: SwarmLab) =>
    Snapshot.parse(
      JSON.parse(
        node.exec(['node', '--import', 'tsx', 'src/cli/main.ts', 'snapshot'], {
          cwd: process.cwd(),
          timeoutMs: 120_000,
        }),
      ),
    );

  beforeAll(async () => {
    lab = await startTwoNodeSwarm({
      names: ['nlfa', 'nlfb'],
      subnets: ['10.253.93', '10.253.94', '10.253.95'],
      link: ['nlfl-a', 'nlfl-b'],
      network: NET,
      subnet: '10.254.95.0/24',
      service: 'nlfl-web',
    });
    ({ a, b, addrA, addrB, networkId } = lab);
    [snapA, snapB] = [capture(a), capture(b)];
  }, 300_000);

  afterAll(async () => {
    await lab?.stop();
  }, 120_000);

  it('stitches the overlay across both nodes with the VNI both kernels carry', () => {
    const fleet = stitchOverlays([
      { label: 'node-a', snapshot: snapA },
      { label: 'node-b', snapshot: snapB },
    ]);
    const overlay = fleet.find((o) => o.networkId === networkId);
    const vniOf = (node: SwarmLab) => vniOn(node, lab.sandbox);
    expect(vniOf(a)).toBe(vniOf(b));
    expect(overlay).toMatchObject({ name: NET, vni: vniOf(a), vniMismatch: false });
    expect(overlay?.members.map((m) => [m.host, m.namespace, m.vtep, m.vni])).toEqual([
      ['node-a', `overlay:${NET}`, addrA, vniOf(a)],
      ['node-b', `overlay:${NET}`, addrB, vniOf(b)],
    ]);
    expect(overlay?.members.map((m) => m.containers.length)).toEqual([1, 1]);
  });

  it("resolves each node's VXLAN tunnel to the other, as its forwarding table says", () => {
    const fleet = stitchOverlays([
      { label: 'node-a', snapshot: snapA },
      { label: 'node-b', snapshot: snapB },
    ]);
    const overlay = fleet.find((o) => o.networkId === networkId);
    expect(overlay?.tunnels).toEqual([
      { from: 'node-a', to: 'node-b', dst: addrB },
      { from: 'node-b', to: 'node-a', dst: addrA },
    ]);
    for (const [node, snap] of [
      [a, snapA],
      [b, snapB],
    ] as const) {
      const truth = (
        JSON.parse(
          node.exec([
            'nsenter',
            `--net=/var/run/docker/netns/1-${networkId.slice(0, 10)}`,
            'bridge',
            '-j',
            'fdb',
            'show',
            'dev',
            'vxlan0',
          ]),
        ) as { mac: string; dst?: string }[]
      )
        .filter((e) => e.dst)
        .map((e) => ({ mac: e.mac, dst: e.dst }))
        .sort((x, y) => `${x.dst ?? ''}${x.mac}`.localeCompare(`${y.dst ?? ''}${y.mac}`));
      const device = snap.interfaces.find((i) => i.id === `overlay:${NET}/vxlan0`);
      expect(device?.vxlan?.peers).toEqual(truth);
    }
  });

  it('knows the manager from the worker', () => {
    expect(snapA.host.swarm).toMatchObject({ manager: true, nodeAddr: addrA });
    expect(snapB.host.swarm).toMatchObject({ manager: false, nodeAddr: addrB });
    expect(snapA.services?.map((s) => s.name)).toEqual(['nlfl-web']);
    expect(snapB.services).toEqual([]);
  });
});
