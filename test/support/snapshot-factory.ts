// Builds valid, realistic Snapshots from a short description (networks, containers, extra rules), laid out
// the way Engine 20.10 with iptables-nft does it: veth pairs on bridges, DNAT per published port,
// MASQUERADE per network. Everything derived is deterministic, so two builds of one spec are equal.
import {
  Snapshot,
  type Container,
  type Finding,
  type HostInfo,
  type Namespace,
  type Network,
  type Warning,
} from '../../src/model/snapshot.js';
import { buildFirewall, type PortFlowInput, type RuleSpec } from './snapshot-factory-firewall.js';
import { cmp, hex, KernelPlan, planNetworks } from './snapshot-factory-kernel.js';

export type { RuleSpec } from './snapshot-factory-firewall.js';
export { hex } from './snapshot-factory-kernel.js';

export interface NetworkSpec {
  name: string;
  /** IPv4 CIDR; default 172.17.0.0/16 for `bridge`, else 10.<n>.0.0/24 in declaration order. */
  subnet?: string;
  gateway?: string;
  id?: string;
  /** Host bridge name; default docker0 for `bridge`, else `br-` + the first 12 digits of the id. */
  bridgeName?: string;
  internal?: boolean;
  options?: Record<string, string>;
}

export interface AttachmentSpec {
  network: string;
  ip?: string;
  mac?: string;
  /** Name of the host end of the veth pair; default derived from container and network. */
  hostVeth?: string;
  aliases?: string[];
}

export interface PortSpec {
  containerPort: number;
  hostPort: number;
  protocol?: 'tcp' | 'udp';
  hostIp?: string;
}

export interface ContainerSpec {
  name: string;
  image?: string;
  id?: string;
  state?: string;
  /** Networks in attachment order (eth0, eth1…); default `['bridge']`. Ignored for host/none/container: modes. */
  networks?: (string | AttachmentSpec)[];
  networkMode?: 'host' | 'none' | `container:${string}`;
  ports?: PortSpec[];
  compose?: { project: string; service: string };
  pid?: number;
}

export interface SnapshotSpec {
  host?: Partial<HostInfo>;
  capturedAt?: string;
  /** The host NIC's address (eth0). */
  hostAddress?: string;
  networks?: NetworkSpec[];
  containers?: ContainerSpec[];
  rules?: RuleSpec[];
  findings?: Finding[];
  warnings?: Warning[];
}

export function buildSnapshot(spec: SnapshotSpec = {}): Snapshot {
  const host: HostInfo = {
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
    ...spec.host,
  };
  const nets = planNetworks(spec.networks ?? []);
  const kernel = new KernelPlan(spec.hostAddress ?? '192.168.1.10');
  for (const n of nets.values()) kernel.addBridge(n);

  const namespaces: Namespace[] = [];
  const containers: Container[] = [];
  const ports: PortFlowInput[] = [];
  const hostNsMembers: string[] = [];
  const sharers = new Map<string, string[]>();
  for (const c of spec.containers ?? []) {
    if (c.networkMode?.startsWith('container:')) {
      const owner = c.networkMode.slice('container:'.length);
      sharers.set(owner, [...(sharers.get(owner) ?? []), c.name]);
    }
  }
  (spec.containers ?? []).forEach((c, ci) => {
    const id = c.id ?? hex(`container:${c.name}`);
    const mode = c.networkMode;
    const nsId = mode === 'host' ? 'host' : mode?.startsWith('container:') ? mode : `container:${c.name}`;
    const attachments = mode
      ? []
      : (c.networks ?? ['bridge']).map((a) => (typeof a === 'string' ? { network: a } : a));
    const endpoints: Container['endpoints'] = [];
    if (mode === 'host') hostNsMembers.push(c.name);
    if (nsId === `container:${c.name}`) {
      kernel.addNamespace(nsId);
      attachments.forEach((a, ai) => {
        const n = nets.get(a.network);
        if (!n) throw new Error(`snapshot-factory: container ${c.name} joins unknown network ${a.network}`);
        const at = kernel.attach(nsId, ai, n, a, c.name, ci);
        const { ip, mac } = at;
        endpoints.push({
          network: a.network,
          interface: at.interface,
          ipv4: ip,
          ipv4PrefixLen: n.prefix,
          ipv6: null,
          mac,
          gateway: n.gateway,
          aliases: a.aliases ?? [],
        });
        // Docker points a published port at the container's first network.
        if (ai === 0)
          for (const port of c.ports ?? [])
            ports.push({
              container: c.name,
              endpoint: at.interface,
              network: a.network,
              bridge: n.bridge,
              ip,
              port,
            });
      });
      namespaces.push({
        id: nsId,
        kind: 'container',
        path: `/var/run/docker/netns/${hex(`sandbox:${c.name}:${id}`, 12)}`,
        inode: 4026532000 + ci,
        containers: [c.name, ...(sharers.get(c.name) ?? []).sort(cmp)],
        interfaces: kernel.interfaces.filter((i) => i.namespace === nsId).map((i) => i.id),
      });
    }
    containers.push({
      id,
      name: c.name,
      image: c.image ?? 'netlens-test/busybox:latest',
      state: c.state ?? 'running',
      networkMode:
        mode ??
        (attachments[0]?.network === 'bridge' || attachments.length === 0
          ? 'bridge'
          : (attachments[0]?.network ?? 'bridge')),
      namespace: nsId,
      pid: c.pid ?? 4000 + ci,
      endpoints: endpoints.sort((x, y) => cmp(x.network, y.network)),
      ports: (c.ports ?? []).map((p) => ({
        protocol: p.protocol ?? 'tcp',
        containerPort: p.containerPort,
        hostIp: p.hostIp ?? '0.0.0.0',
        hostPort: p.hostPort,
      })),
      compose: c.compose ?? null,
    });
  });
  const { interfaces, routes } = kernel;
  const hostIfaces = interfaces.filter((i) => i.namespace === 'host').map((i) => i.id);
  namespaces.push({
    id: 'host',
    kind: 'host',
    path: '/proc/1/ns/net',
    inode: 4026531840,
    containers: hostNsMembers.sort(cmp),
    interfaces: hostIfaces.sort(cmp),
  });

  const networks: Network[] = [...nets.values()].map((n) => ({
    id: n.id,
    name: n.spec.name,
    driver: 'bridge',
    scope: 'local',
    internal: n.spec.internal ?? false,
    ipv6: false,
    subnets: [{ subnet: n.subnet, gateway: n.gateway }],
    bridge: `host/${n.bridge}`,
    options:
      n.spec.options ??
      (n.spec.name === 'bridge'
        ? { 'com.docker.network.bridge.default_bridge': 'true', 'com.docker.network.bridge.name': 'docker0' }
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
  const { firewall, natFlows } = buildFirewall(
    [...nets.values()].map((n) => ({
      name: n.spec.name,
      subnet: n.subnet,
      bridge: n.bridge,
      internal: n.spec.internal ?? false,
    })),
    ports,
    spec.rules ?? [],
  );
  return Snapshot.parse({
    schema: 'netlens.snapshot/v1',
    capturedAt: spec.capturedAt ?? '2025-01-01T10:00:00.000Z',
    host,
    namespaces: namespaces.sort((x, y) => cmp(x.id, y.id)),
    interfaces: interfaces.sort((x, y) => cmp(x.id, y.id)),
    routes,
    networks: networks.sort((x, y) => cmp(x.name, y.name)),
    containers: containers.sort((x, y) => cmp(x.name, y.name)),
    firewall,
    natFlows,
    findings: spec.findings ?? [],
    warnings: spec.warnings ?? [],
  });
}

/** A deep copy to mutate in a test. */
export function cloneSnapshot(s: Snapshot): Snapshot {
  return structuredClone(s);
}
