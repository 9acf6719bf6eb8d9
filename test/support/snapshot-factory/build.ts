// Builds a valid, realistic Snapshot from a short description (networks, containers, extra rules, planted
// problems), laid out the way Engine 20.10 with iptables-nft does it: veth pairs on bridges, DNAT per
// published port, MASQUERADE per network. Deterministic: two builds of one spec are equal.
import { canonicalise } from '../../../src/model/patch.js';
import { Snapshot, type HostInfo, type Network } from '../../../src/model/snapshot.js';
import { placeContainers } from './containers.js';
import { plantedFindings } from './findings.js';
import { buildFirewall, type DnatInput } from './firewall.js';
import { KernelPlan } from './kernel.js';
import { planNetworks, type NetPlan } from './networks.js';
import { cmp, hex } from './parts.js';
import type { SnapshotSpec } from './spec.js';
import { traffic } from './traffic.js';

const HOST: HostInfo = {
  name: 'lab-01',
  target: 'local',
  dockerVersion: '20.10.24',
  apiVersion: '1.41',
  kernel: '6.1.0-18-amd64',
  os: 'Debian GNU/Linux 12 (bookworm)',
  firewallBackend: 'iptables-nft',
  privilege: 'root',
  rootless: false,
  collected: { docker: true, kernel: true, firewall: true },
};

export function buildSnapshot(spec: SnapshotSpec = {}): Snapshot {
  const counters = traffic(spec.traffic);
  const nets = planNetworks(spec.networks ?? []);
  const netOf = (name: string): NetPlan => {
    const n = nets.get(name);
    if (!n) throw new Error(`snapshot-factory: unknown network ${name}`);
    return n;
  };
  const kernel = new KernelPlan(spec.hostAddress ?? '192.168.1.10', counters);
  for (const n of nets.values()) if (n.driver === 'bridge') kernel.addBridge(n);
  const { namespaces, containers, dnat } = placeContainers(spec.containers ?? [], nets, kernel);
  for (const v of spec.strayVeths ?? []) kernel.addStrayVeth(v.name, netOf(v.network));
  const { interfaces, routes } = kernel;
  for (const ns of namespaces)
    ns.interfaces = interfaces
      .filter((i) => i.namespace === ns.id)
      .map((i) => i.id)
      .sort(cmp);

  const networks: Network[] = [...nets.values()].map((n) => ({
    id: n.id,
    name: n.spec.name,
    driver: n.driver,
    scope: 'local',
    internal: n.spec.internal ?? false,
    ipv6: false,
    subnets: [{ subnet: n.subnet, gateway: n.gateway }],
    bridge: `host/${n.device}`,
    options:
      n.spec.options ??
      (n.driver === 'macvlan'
        ? { parent: n.device }
        : n.spec.name === 'bridge'
          ? {
              'com.docker.network.bridge.default_bridge': 'true',
              'com.docker.network.bridge.name': 'docker0',
            }
          : {}),
    endpoints: containers
      .flatMap((c) =>
        c.endpoints
          .filter((e) => e.network === n.spec.name)
          .map((e) => ({
            container: c.name,
            interface: e.interface,
            ipv4: e.ipv4,
            ipv6: e.ipv6,
            mac: e.mac,
          })),
      )
      .sort((x, y) => cmp(x.container, y.container)),
  }));
  // Docker always lists its host and none networks.
  for (const [name, driver] of [
    ['host', 'host'],
    ['none', 'null'],
  ] as const)
    networks.push({
      id: hex(`network:${name}`),
      name,
      driver,
      scope: 'local',
      internal: false,
      ipv6: false,
      subnets: [],
      bridge: null,
      options: {},
      endpoints: [],
    });

  const stray: DnatInput[] = (spec.strayDnat ?? []).map((s) => ({
    container: null,
    endpoint: null,
    network: null,
    bridge: netOf(s.network ?? 'bridge').device,
    ip: s.toAddress,
    port: { hostPort: s.hostPort, containerPort: s.toPort, protocol: s.protocol ?? 'tcp' },
  }));
  const { firewall, natFlows } = buildFirewall(
    [...nets.values()]
      .filter((n) => n.driver === 'bridge')
      .map((n) => ({
        name: n.spec.name,
        subnet: n.subnet,
        bridge: n.device,
        internal: n.spec.internal ?? false,
      })),
    [...dnat, ...stray],
    spec.rules ?? [],
    counters,
  );
  return canonicalise(
    Snapshot.parse({
      schema: 'netlens.snapshot/v1',
      capturedAt: spec.capturedAt ?? '2025-01-01T10:00:00.000Z',
      host: { ...HOST, ...spec.host },
      namespaces,
      interfaces,
      routes,
      networks,
      containers,
      firewall,
      natFlows,
      findings: [...(spec.findings ?? []), ...plantedFindings(interfaces, natFlows)],
      warnings: spec.warnings ?? [],
    }),
  );
}

/** A deep copy to mutate in a test. */
export function cloneSnapshot(s: Snapshot): Snapshot {
  return structuredClone(s);
}
