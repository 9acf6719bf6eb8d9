// Two Swarm nodes, each a Docker engine in its own mount and network namespaces (swarm-lab.ts), joined
// over a direct veth link: each is captured by `netlens snapshot` run on it, and the fleet stitches
// the overlay network across them by network id and VNI, with each node's VXLAN tunnel resolved to
// the other, as `ip -d` and `bridge fdb` on each node say.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stitchOverlays } from '../../src/model/fleet.js';
import { Snapshot, type Snapshot as SnapshotT } from '../../src/model/snapshot.js';
import { waitFor } from '../support/lab.js';
import { SWARM_IMAGE, linkLabs, startSwarmLab, type SwarmLab } from '../support/swarm-lab.js';

const enabled = process.getuid?.() === 0;
const NET = 'nlfl-ov';

describe.skipIf(!enabled)('a two-node Swarm seen as a fleet', () => {
  let a: SwarmLab;
  let b: SwarmLab;
  let addrA: string;
  let addrB: string;
  let snapA: SnapshotT;
  let snapB: SnapshotT;
  let networkId: string;

  const capture = (lab: SwarmLab) =>
    Snapshot.parse(
      JSON.parse(
        lab.exec(['node', '--import', 'tsx', 'src/cli/main.ts', 'snapshot'], {
          cwd: process.cwd(),
          timeoutMs: 120_000,
        }),
      ),
    );

  beforeAll(async () => {
    [a, b] = await Promise.all([
      startSwarmLab('nlfa', '10.253.93.1', '10.253.93.2', { init: false }),
      startSwarmLab('nlfb', '10.253.94.1', '10.253.94.2', { init: false }),
    ]);
    [addrA, addrB] = linkLabs(a, b, ['nlfl-a', 'nlfl-b'], '10.253.95');
    a.docker('swarm', 'init', '--advertise-addr', addrA);
    const token = a.docker('swarm', 'join-token', '-q', 'worker');
    b.docker('swarm', 'join', '--advertise-addr', addrB, '--token', token, `${addrA}:2377`);
    networkId = a.docker(
      'network',
      'create',
      '-d',
      'overlay',
      '--attachable',
      '--subnet',
      '10.254.95.0/24',
      NET,
    );
    // One task per node, so each node has the overlay's sandbox and a tunnel to the other.
    a.docker(
      'service',
      'create',
      '--detach',
      '--name',
      'nlfl-web',
      '--network',
      NET,
      '--mode',
      'global',
      SWARM_IMAGE,
      'httpd',
      '-f',
      '-p',
      '80',
    );
    await waitFor(
      () =>
        [a, b].every(
          (lab) =>
            lab.docker('ps', '-q', '--filter', 'name=nlfl-web').split('\n').filter(Boolean).length === 1,
        ),
      90_000,
      'a running task on each node',
    );
    // Docker programs the remote entries once the nodes have gossiped: wait for them in the kernel.
    const sandbox = `/var/run/docker/netns/1-${networkId.slice(0, 10)}`;
    const peers = (lab: SwarmLab) =>
      (
        JSON.parse(
          lab.exec(['nsenter', `--net=${sandbox}`, 'bridge', '-j', 'fdb', 'show', 'dev', 'vxlan0']),
        ) as { dst?: string }[]
      ).some((e) => e.dst);
    await waitFor(() => peers(a) && peers(b), 60_000, 'VXLAN forwarding entries on both nodes');
    [snapA, snapB] = [capture(a), capture(b)];
  }, 300_000);

  afterAll(async () => {
    await Promise.all([b?.stop(), a?.stop()]);
  }, 120_000);

  it('stitches the overlay across both nodes with the VNI both kernels carry', () => {
    const fleet = stitchOverlays([
      { label: 'node-a', snapshot: snapA },
      { label: 'node-b', snapshot: snapB },
    ]);
    const overlay = fleet.find((o) => o.networkId === networkId);
    const vniOf = (lab: SwarmLab) => {
      const links = JSON.parse(
        lab.exec([
          'nsenter',
          `--net=/var/run/docker/netns/1-${networkId.slice(0, 10)}`,
          'ip',
          '-d',
          '-j',
          'link',
          'show',
          'vxlan0',
        ]),
      ) as { linkinfo: { info_data: { id: number } } }[];
      return links[0]?.linkinfo.info_data.id;
    };
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
    for (const [lab, snap] of [
      [a, snapA],
      [b, snapB],
    ] as const) {
      const truth = (
        JSON.parse(
          lab.exec([
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
