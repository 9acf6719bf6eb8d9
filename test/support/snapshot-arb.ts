// fast-check arbitraries of valid snapshots built by the snapshot factory: a few containers on a few
// networks with published ports, restarts (other host veth names), extra rules, two host names, and
// (composeArb) compose projects whose names differ between hosts. Shared by the property tests.
import fc from 'fast-check';
import type { Snapshot } from '../../src/model/snapshot.js';
import {
  buildSnapshot,
  type ContainerSpec,
  type RuleSpec,
  type SnapshotSpec,
} from './snapshot-factory/index.js';

const NETWORKS = ['front', 'back', 'db'] as const;
const NAMES = ['web', 'api', 'db', 'cache', 'worker'] as const;
const EXTRA_RULES: RuleSpec[] = [
  { table: 'filter', chain: 'DOCKER-USER', rule: '-s 203.0.113.0/24 -j DROP' },
  { table: 'filter', chain: 'DOCKER-USER', rule: '-p tcp --dport 22 -j ACCEPT' },
  { table: 'nat', chain: 'POSTROUTING', rule: '-o eth0 -j MASQUERADE', at: 'bottom' },
];

const containerArb = (name: string) =>
  fc
    .record({
      networks: fc.subarray([...NETWORKS], { minLength: 1 }),
      ports: fc.subarray([8080, 8081, 9000, 5353]),
      state: fc.constantFrom('running', 'running', 'restarting'),
      veth: fc.integer({ min: 0, max: 3 }),
    })
    .map((c): ContainerSpec => ({
      name,
      state: c.state,
      networks: c.networks.map((network) => ({
        network,
        hostVeth: `veth${name.slice(0, 3)}${network.slice(0, 2)}${c.veth}`,
      })),
      ports: c.ports.map((hostPort) => ({ containerPort: 80, hostPort })),
    }));

/** A host port belongs to one container: later ones lose ports taken earlier. */
function freePorts(containers: ContainerSpec[]): ContainerSpec[] {
  const taken = new Set<number>();
  for (const c of containers) {
    c.ports = (c.ports ?? []).filter((p) => !taken.has(p.hostPort));
    for (const p of c.ports) taken.add(p.hostPort);
  }
  return containers;
}

export const specArb: fc.Arbitrary<SnapshotSpec> = fc
  .record({
    host: fc.constantFrom('lab-01', 'lab-02'),
    names: fc.subarray([...NAMES]),
    rules: fc.subarray(EXTRA_RULES),
  })
  .chain(({ host, names, rules }) =>
    fc.tuple(...names.map(containerArb)).map((containers): SnapshotSpec => ({
      host: { name: host },
      networks: NETWORKS.map((name) => ({ name })),
      containers: freePorts(containers),
      rules,
    })),
  );

export const snapshotArb: fc.Arbitrary<Snapshot> = specArb.map((spec) => buildSnapshot(spec));

/**
 * Services of a compose project `shop`/`shop2` (v1 `_` or v2 `-` names) on `<project>_default` or a
 * plain network, so host-to-host matching by compose service and by network prefix gets exercised.
 */
export const composeArb: fc.Arbitrary<Snapshot> = fc
  .record({
    host: fc.constantFrom('web1', 'web2'),
    project: fc.constantFrom('shop', 'shop2'),
    sep: fc.constantFrom('_', '-'),
    services: fc.subarray([...NAMES], { minLength: 1 }),
    subnet: fc.integer({ min: 1, max: 3 }),
    extra: fc.subarray(['front', 'back'] as const),
    ports: fc.subarray([8080, 8081]),
  })
  .map(({ host, project, sep, services, subnet, extra, ports }) => {
    const net = `${project}${sep}default`;
    const containers = services.map((service, i): ContainerSpec => ({
      name: `${project}${sep}${service}${sep}1`,
      compose: { project, service },
      networks: [net, ...extra.filter((_, k) => (i + k) % 2 === 0)],
      ports: i === 0 ? ports.map((hostPort) => ({ containerPort: 80, hostPort })) : [],
    }));
    return buildSnapshot({
      host: { name: host },
      networks: [{ name: net, subnet: `10.23${subnet}.0.0/24` }, ...extra.map((name) => ({ name }))],
      containers,
    });
  });
