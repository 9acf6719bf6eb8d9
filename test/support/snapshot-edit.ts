// Edits of a snapshot as a capture would show them after a change on the host (a container started),
// for the renderer's layout tests.
import { Snapshot } from '../../src/model/snapshot.js';
import type { Container, Interface, Namespace, Snapshot as SnapshotT } from '../../src/model/snapshot.js';

/** The snapshot with one more running container on `network`, named `name`, as a capture would show it. */
export function withContainer(
  s: SnapshotT,
  name: string,
  network: string,
  ip: string,
  publish: number | null = null,
): SnapshotT {
  const next = structuredClone(s);
  const net = next.networks.find((n) => n.name === network)!;
  const ns = `container:${name}`;
  const veth = `veth${name.replace(/[^a-z0-9]/g, '').slice(0, 7)}`;
  const base: Omit<Interface, 'id' | 'namespace' | 'name' | 'kind' | 'ifindex'> = {
    driver: 'veth',
    mac: null,
    mtu: 1500,
    state: 'UP',
    flags: [],
    addresses: [],
    master: null,
    peer: null,
    parent: null,
    linkIndex: null,
    linkNetnsId: null,
    counters: null,
  };
  next.interfaces.push(
    {
      ...base,
      id: `${ns}/eth0`,
      namespace: ns,
      name: 'eth0',
      kind: 'veth',
      ifindex: 900,
      peer: `host/${veth}`,
      addresses: [{ family: 'ipv4', address: ip, prefixLen: 16, scope: 'global' }],
    },
    {
      ...base,
      id: `host/${veth}`,
      namespace: 'host',
      name: veth,
      kind: 'veth',
      ifindex: 901,
      peer: `${ns}/eth0`,
      master: net.bridge,
    },
  );
  const namespace: Namespace = {
    id: ns,
    kind: 'container',
    path: null,
    inode: 1,
    containers: [name],
    interfaces: [`${ns}/eth0`],
  };
  next.namespaces.push(namespace);
  const c: Container = {
    id: 'f'.repeat(64),
    name,
    image: 'x',
    state: 'running',
    networkMode: network,
    namespace: ns,
    pid: 1,
    endpoints: [
      {
        network,
        interface: `${ns}/eth0`,
        ipv4: ip,
        ipv4PrefixLen: 16,
        ipv6: null,
        mac: null,
        gateway: null,
        aliases: [],
      },
    ],
    ports: [],
    compose: null,
  };
  next.containers.push(c);
  if (publish !== null)
    next.natFlows.push({
      kind: 'dnat',
      id: `tcp/0.0.0.0:${publish}`,
      family: 'ipv4',
      protocol: 'tcp',
      hostIp: '0.0.0.0',
      hostPort: publish,
      toAddress: ip,
      toPort: 80,
      excludeInterface: null,
      container: name,
      endpoint: `${ns}/eth0`,
      network,
      rule: null,
      chainPath: ['PREROUTING', 'DOCKER'],
      published: true,
    });
  net.endpoints.push({ container: name, interface: `${ns}/eth0`, ipv4: ip, ipv6: null, mac: null });
  next.capturedAt = '2025-01-01T12:00:05.000Z';
  return Snapshot.parse(next);
}
