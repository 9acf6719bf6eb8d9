// Containers and their namespaces: each running container gets its own namespace (or shares the host's
// or another container's), joined to its networks in order (eth0, eth1…); stopped ones get neither.
import type { Container, Namespace } from '../../../src/model/snapshot.js';
import type { DnatInput } from './firewall.js';
import type { KernelPlan } from './kernel.js';
import type { NetPlan } from './networks.js';
import { cmp, hex, namespace } from './parts.js';
import type { AttachmentSpec, ContainerSpec } from './spec.js';

const STOPPED = new Set(['exited', 'created', 'dead']);

export interface Placed {
  namespaces: Namespace[];
  containers: Container[];
  /** Published ports, for the firewall. */
  dnat: DnatInput[];
}

export function placeContainers(
  specs: ContainerSpec[],
  nets: Map<string, NetPlan>,
  kernel: KernelPlan,
): Placed {
  const placed: Placed = { namespaces: [], containers: [], dnat: [] };
  const sharers = new Map<string, string[]>();
  for (const c of specs)
    if (c.networkMode?.startsWith('container:')) {
      const owner = c.networkMode.slice('container:'.length);
      sharers.set(owner, [...(sharers.get(owner) ?? []), c.name]);
    }
  const hostMembers: string[] = [];

  specs.forEach((c, ci) => {
    const id = c.id ?? hex(`container:${c.name}`);
    const mode = c.networkMode;
    const running = !STOPPED.has(c.state ?? 'running');
    const nsId = !running
      ? null
      : mode === 'host'
        ? 'host'
        : mode?.startsWith('container:')
          ? mode
          : `container:${c.name}`;
    const wanted: AttachmentSpec[] = (c.networks ?? ['bridge']).map((a) =>
      typeof a === 'string' ? { network: a } : a,
    );
    const endpoints: Container['endpoints'] = [];
    if (nsId === 'host') hostMembers.push(c.name);
    if (nsId === `container:${c.name}`) {
      kernel.addNamespace(nsId);
      (mode ? [] : wanted).forEach((a, ai) => {
        const n = nets.get(a.network);
        if (!n) throw new Error(`snapshot-factory: container ${c.name} joins unknown network ${a.network}`);
        const at = kernel.attach(nsId, ai, n, a, c.name, ci);
        endpoints.push({
          network: a.network,
          interface: at.interface,
          ipv4: at.ip,
          ipv4PrefixLen: n.prefix,
          ipv6: null,
          mac: at.mac,
          gateway: n.gateway,
          aliases: a.aliases ?? [],
        });
        // Docker points a published port at the container's first network.
        if (ai === 0)
          for (const port of c.ports ?? [])
            placed.dnat.push({
              container: c.name,
              endpoint: at.interface,
              network: a.network,
              bridge: n.device,
              ip: at.ip,
              port,
            });
      });
      placed.namespaces.push(
        namespace(nsId, {
          path: `/var/run/docker/netns/${hex(`sandbox:${c.name}:${id}`, 12)}`,
          inode: 4026532000 + ci,
          containers: [c.name, ...(sharers.get(c.name) ?? []).sort(cmp)],
        }),
      );
    }
    const first = wanted[0]?.network ?? 'bridge';
    placed.containers.push({
      id,
      name: c.name,
      image: c.image ?? 'netlens-test/busybox:latest',
      state: c.state ?? 'running',
      // What `docker inspect` says: `default` for the default bridge.
      networkMode: mode ?? (first === 'bridge' ? 'default' : first),
      namespace: nsId,
      pid: running ? (c.pid ?? 4000 + ci) : null,
      endpoints: endpoints.sort((x, y) => cmp(x.network, y.network)),
      ports: (running ? (c.ports ?? []) : []).map((p) => ({
        protocol: p.protocol ?? 'tcp',
        containerPort: p.containerPort,
        hostIp: p.hostIp ?? '0.0.0.0',
        hostPort: p.hostPort,
      })),
      compose: c.compose ?? null,
    });
  });
  placed.namespaces.push(namespace('host', { inode: 4026531840, containers: hostMembers.sort(cmp) }));
  return placed;
}
