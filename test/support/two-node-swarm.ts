// Two Swarm nodes on one machine (swarm-lab.ts: each a dockerd in its own mount and network
// namespaces), linked by a direct veth, the second joined to the first as a worker, with an
// attachable overlay network and a global service so each node holds the overlay's sandbox and a
// VXLAN tunnel to the other. Used by the fleet's integration test and its end-to-end test.
import { waitFor } from './lab.js';
import { SWARM_IMAGE, linkLabs, startSwarmLab, type SwarmLab } from './swarm-lab.js';

export interface TwoNodeSwarm {
  a: SwarmLab;
  b: SwarmLab;
  /** The nodes' addresses on their direct link (Swarm advertise addresses, VXLAN endpoints). */
  addrA: string;
  addrB: string;
  networkId: string;
  /** Each node's overlay sandbox file, as Docker names it. */
  sandbox: string;
  stop(): Promise<void>;
}

export interface TwoNodeOptions {
  /** Lab name prefixes (interface names are `<prefix>0`/`<prefix>1`: at most 14 characters). */
  names: [string, string];
  /** Three /24s' first three octets: host↔a, host↔b, a↔b (e.g. `10.253.93`). */
  subnets: [string, string, string];
  /** Names of the direct link's two ends. */
  link: [string, string];
  network: string;
  subnet: string;
  service: string;
}

export async function startTwoNodeSwarm(o: TwoNodeOptions): Promise<TwoNodeSwarm> {
  const [sa, sb, sl] = o.subnets;
  const [a, b] = await Promise.all([
    startSwarmLab(o.names[0], `${sa}.1`, `${sa}.2`, { init: false }),
    startSwarmLab(o.names[1], `${sb}.1`, `${sb}.2`, { init: false }),
  ]);
  const stop = async () => {
    await Promise.all([b.stop(), a.stop()]);
  };
  try {
    const [addrA, addrB] = linkLabs(a, b, o.link, sl);
    a.docker('swarm', 'init', '--advertise-addr', addrA);
    const token = a.docker('swarm', 'join-token', '-q', 'worker');
    b.docker('swarm', 'join', '--advertise-addr', addrB, '--token', token, `${addrA}:2377`);
    const networkId = a.docker(
      'network',
      'create',
      '-d',
      'overlay',
      '--attachable',
      '--subnet',
      o.subnet,
      o.network,
    );
    // One task per node, so each node has the overlay's sandbox and a tunnel to the other.
    a.docker(
      'service',
      'create',
      '--detach',
      '--name',
      o.service,
      '--network',
      o.network,
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
            lab.docker('ps', '-q', '--filter', `name=${o.service}`).split('\n').filter(Boolean).length === 1,
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
    return { a, b, addrA, addrB, networkId, sandbox, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The VNI of the overlay's vxlan0 on a node, as `ip -d` says it there. */
export function vniOn(lab: SwarmLab, sandbox: string): number | undefined {
  const links = JSON.parse(
    lab.exec(['nsenter', `--net=${sandbox}`, 'ip', '-d', '-j', 'link', 'show', 'vxlan0']),
  ) as { linkinfo: { info_data: { id: number } } }[];
  return links[0]?.linkinfo.info_data.id;
}
