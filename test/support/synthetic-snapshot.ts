// A realistic, deterministic Snapshot of N containers over M networks (published ports, shared
// namespaces, host/none modes, macvlan, stopped containers), valid against the zod schema. Used by
// the renderer's unit tests, the screenshots and the render bench; no Docker needed.
import { SNAPSHOT_SCHEMA } from '../../src/model/snapshot.js';
import type { Container, Interface, Namespace, Network, Route, Snapshot } from '../../src/model/snapshot.js';
import { canonicalise } from '../../src/model/patch.js';
import { syntheticFirewall, type FlowSeed } from './synthetic-firewall.js';
import { counters, hex, iface, mac, rng, route } from './synthetic-parts.js';

export interface SyntheticOptions {
  containers?: number;
  /** Bridge networks including the default `bridge`. */
  networks?: number;
  /** Every k-th container publishes a port (0: none). */
  publishEvery?: number;
  /** Every k-th container gets a `--network container:` sidecar (0: none). */
  sidecarEvery?: number;
  /** Every k-th container is also connected to a second network (0: none). */
  multiNetworkEvery?: number;
  hostMode?: number;
  noneMode?: number;
  macvlan?: number;
  stopped?: number;
  /** Add problems: a DNAT rule to an unknown address, a dangling veth, an MTU mismatch. */
  problems?: boolean;
  capturedAt?: string;
  seed?: number;
}

const NET_NAMES = [
  'appnet',
  'backend',
  'frontend',
  'data',
  'monitoring',
  'queue',
  'auth',
  'search',
  'edge',
  'batch',
];
const SERVICES = [
  { name: 'web', port: 80 },
  { name: 'api', port: 8080 },
  { name: 'db', port: 5432 },
  { name: 'cache', port: 6379 },
  { name: 'worker', port: 9000 },
  { name: 'proxy', port: 443 },
  { name: 'queue', port: 5672 },
  { name: 'search', port: 9200 },
];

export function syntheticSnapshot(options: SyntheticOptions = {}): Snapshot {
  const o = {
    containers: 12,
    networks: 3,
    publishEvery: 3,
    sidecarEvery: 10,
    multiNetworkEvery: 7,
    hostMode: 1,
    noneMode: 1,
    macvlan: 1,
    stopped: 1,
    problems: false,
    capturedAt: '2025-01-01T12:00:00.000Z',
    seed: 42,
    ...options,
  };
  const random = rng(o.seed);
  const interfaces: Interface[] = [];
  const namespaces: Namespace[] = [];
  const routes: Route[] = [];
  const containers: Container[] = [];
  const flows: FlowSeed[] = [];
  let ifindex = 1;

  const hostIfaces: string[] = [];
  const addHost = (i: Interface) => (interfaces.push(i), hostIfaces.push(i.id), i);
  addHost(
    iface({
      namespace: 'host',
      name: 'lo',
      ifindex: ifindex++,
      kind: 'loopback',
      mtu: 65536,
      state: 'UNKNOWN',
      addresses: [{ family: 'ipv4', address: '127.0.0.1', prefixLen: 8, scope: 'host' }],
    }),
  );
  addHost(
    iface({
      namespace: 'host',
      name: 'eth0',
      ifindex: ifindex++,
      kind: 'physical',
      mac: '52:54:00:12:34:56',
      addresses: [{ family: 'ipv4', address: '192.168.50.10', prefixLen: 24, scope: 'global' }],
      counters: counters(random, true),
    }),
  );
  routes.push(
    route('host', 'default', 'eth0', {
      gateway: '192.168.50.1',
      protocol: 'dhcp',
      scope: 'global',
      metric: 100,
    }),
  );
  routes.push(route('host', '192.168.50.0/24', 'eth0', { prefsrc: '192.168.50.10' }));

  const networks: Network[] = [];
  const netCount = Math.max(1, o.networks);
  for (let n = 0; n < netCount; n++) {
    const name = n === 0 ? 'bridge' : (NET_NAMES[n - 1] ?? `net-${String(n).padStart(2, '0')}`);
    const id = hex(0x3239d88a + n * 7919, 8) + hex(n * 104729 + 0xbeef, 8).repeat(7);
    const device = name === 'bridge' ? 'docker0' : `br-${id.slice(0, 12)}`;
    const octet2 = 17 + n;
    const subnet = octet2 < 32 ? `172.${octet2}.0.0/16` : `10.${octet2}.0.0/24`;
    const gateway = octet2 < 32 ? `172.${octet2}.0.1` : `10.${octet2}.0.1`;
    addHost(
      iface({
        namespace: 'host',
        name: device,
        ifindex: ifindex++,
        kind: 'bridge',
        mac: mac(0x1000 + n),
        addresses: [{ family: 'ipv4', address: gateway, prefixLen: octet2 < 32 ? 16 : 24, scope: 'global' }],
      }),
    );
    routes.push(route('host', subnet, device, { prefsrc: gateway }));
    networks.push({
      id,
      name,
      driver: 'bridge',
      scope: 'local',
      internal: false,
      ipv6: false,
      subnets: [{ subnet, gateway }],
      bridge: `host/${device}`,
      options:
        name === 'bridge'
          ? {
              'com.docker.network.bridge.default_bridge': 'true',
              'com.docker.network.bridge.name': 'docker0',
            }
          : {},
      endpoints: [],
    });
  }
  if (o.macvlan > 0) {
    networks.push({
      id: hex(0xfeed, 8).repeat(8),
      name: 'macnet',
      driver: 'macvlan',
      scope: 'local',
      internal: false,
      ipv6: false,
      subnets: [{ subnet: '192.168.60.0/24', gateway: '192.168.60.1' }],
      bridge: 'host/eth0',
      options: { parent: 'eth0' },
      endpoints: [],
    });
  }
  for (const extra of ['host', 'none']) {
    networks.push({
      id: hex(extra.length * 977, 8).repeat(8),
      name: extra,
      driver: extra === 'host' ? 'host' : 'null',
      scope: 'local',
      internal: false,
      ipv6: false,
      subnets: [],
      bridge: null,
      options: {},
      endpoints: [],
    });
  }
  const hostNs: Namespace = {
    id: 'host',
    kind: 'host',
    path: null,
    inode: 4026531840,
    containers: [],
    interfaces: [],
  };
  namespaces.push(hostNs);
  const nextHost = new Map(networks.map((n) => [n.name, 2]));
  const bridgeNets = networks.filter((n) => n.driver === 'bridge');

  /** One veth pair joining namespace ns (as ethN) to the network's bridge. */
  const attach = (ns: string, ifname: string, net: Network, containerName: string, busy: boolean) => {
    const subnet = net.subnets[0]?.subnet ?? '172.17.0.0/16';
    const hostN = nextHost.get(net.name) ?? 2;
    nextHost.set(net.name, hostN + 1);
    const base = subnet.split('/')[0]!.split('.');
    const ip = `${base[0]}.${base[1]}.${Math.floor(hostN / 250)}.${(hostN % 250) + 2}`;
    const inner = ifindex++;
    const outer = ifindex++;
    const vethName = `veth${hex(inner * 2654435761, 7)}`;
    const prefixLen = Number(subnet.split('/')[1]);
    const m = mac(inner);
    interfaces.push(
      iface({
        namespace: ns,
        name: ifname,
        ifindex: inner,
        kind: 'veth',
        mac: m,
        addresses: [{ family: 'ipv4', address: ip, prefixLen, scope: 'global' }],
        peer: `host/${vethName}`,
        linkIndex: outer,
        linkNetnsId: 0,
        counters: counters(random, busy),
      }),
    );
    interfaces.push(
      iface({
        namespace: 'host',
        name: vethName,
        ifindex: outer,
        kind: 'veth',
        mac: mac(outer),
        master: net.bridge,
        peer: `${ns}/${ifname}`,
        linkIndex: inner,
        linkNetnsId: namespaces.length,
        counters: counters(random, busy),
      }),
    );
    hostIfaces.push(`host/${vethName}`);
    routes.push(route(ns, subnet, ifname, { prefsrc: ip }));
    if (ifname === 'eth0')
      routes.push(
        route(ns, 'default', ifname, {
          gateway: net.subnets[0]?.gateway ?? null,
          protocol: 'boot',
          scope: 'global',
        }),
      );
    net.endpoints.push({
      container: containerName,
      interface: `${ns}/${ifname}`,
      ipv4: ip,
      ipv6: null,
      mac: m,
    });
    return {
      network: net.name,
      interface: `${ns}/${ifname}`,
      ipv4: ip,
      ipv4PrefixLen: prefixLen,
      ipv6: null,
      mac: m,
      gateway: net.subnets[0]?.gateway ?? null,
      aliases: [containerName],
    };
  };

  const lo = (ns: string) => {
    interfaces.push(
      iface({
        namespace: ns,
        name: 'lo',
        ifindex: 1,
        kind: 'loopback',
        mtu: 65536,
        state: 'UNKNOWN',
        flags: ['LOOPBACK', 'LOWER_UP', 'UP'],
        addresses: [{ family: 'ipv4', address: '127.0.0.1', prefixLen: 8, scope: 'host' }],
      }),
    );
  };

  const container = (
    name: string,
    image: string,
    networkMode: string,
    ns: string | null,
    state = 'running',
  ): Container => ({
    id: hex(name.length * 2654435761 + name.charCodeAt(0) * 97 + containers.length * 31, 16).repeat(4),
    name,
    image,
    state,
    networkMode,
    namespace: ns,
    pid: ns ? 1000 + containers.length : null,
    endpoints: [],
    ports: [],
    compose: null,
  });

  for (let i = 0; i < o.containers; i++) {
    const svc = SERVICES[i % SERVICES.length]!;
    const name = `${svc.name}-${String(Math.floor(i / SERVICES.length) + 1).padStart(2, '0')}`;
    const net = bridgeNets[Math.floor(random() * bridgeNets.length)] ?? bridgeNets[0]!;
    const ns = `container:${name}`;
    const c = container(
      name,
      `example/${svc.name}:1.${i % 5}`,
      net.name === 'bridge' ? 'default' : net.name,
      ns,
    );
    c.compose = net.name === 'bridge' ? null : { project: 'shop', service: svc.name };
    const members = [name];
    lo(ns);
    const busy = random() < 0.4;
    c.endpoints.push(attach(ns, 'eth0', net, name, busy));
    if (
      o.multiNetworkEvery > 0 &&
      i % o.multiNetworkEvery === o.multiNetworkEvery - 1 &&
      bridgeNets.length > 1
    ) {
      const other = bridgeNets[(bridgeNets.indexOf(net) + 1) % bridgeNets.length]!;
      c.endpoints.push(attach(ns, 'eth1', other, name, false));
    }
    if (o.publishEvery > 0 && i % o.publishEvery === 0) {
      const hostPort = 8000 + i;
      c.ports.push({ protocol: 'tcp', containerPort: svc.port, hostIp: '0.0.0.0', hostPort });
      flows.push({
        protocol: 'tcp',
        hostPort,
        toAddress: c.endpoints[0]!.ipv4!,
        toPort: svc.port,
        bridge: net.bridge!.slice(5),
        container: name,
        endpoint: `${ns}/eth0`,
        network: net.name,
      });
    }
    containers.push(c);
    if (o.sidecarEvery > 0 && i % o.sidecarEvery === o.sidecarEvery - 1) {
      const sidecar = container(`${name}-sidecar`, 'example/envoy:1.30', `container:${name}`, ns);
      containers.push(sidecar);
      members.push(sidecar.name);
    }
    namespaces.push({
      id: ns,
      kind: 'container',
      path: `/var/run/docker/netns/${hex(i * 7919 + 1, 12)}`,
      inode: 4026532000 + i,
      containers: members,
      interfaces: [],
    });
  }
  for (let i = 0; i < o.hostMode; i++) {
    const name = i === 0 ? 'node-exporter' : `host-agent-${i}`;
    containers.push(container(name, 'example/node-exporter:1.8', 'host', 'host'));
    hostNs.containers.push(name);
  }
  for (let i = 0; i < o.noneMode; i++) {
    const name = `batch-none-${i + 1}`;
    const ns = `container:${name}`;
    lo(ns);
    containers.push(container(name, 'example/batch:2', 'none', ns));
    namespaces.push({
      id: ns,
      kind: 'container',
      path: `/var/run/docker/netns/none${i}`,
      inode: 4026533000 + i,
      containers: [name],
      interfaces: [],
    });
  }
  const macnet = networks.find((n) => n.name === 'macnet');
  for (let i = 0; macnet && i < o.macvlan; i++) {
    const name = `legacy-${i + 1}`;
    const ns = `container:${name}`;
    lo(ns);
    const ip = `192.168.60.${10 + i}`;
    const m = mac(0xabc00 + i);
    interfaces.push(
      iface({
        namespace: ns,
        name: 'eth0',
        ifindex: ifindex++,
        kind: 'macvlan',
        mac: m,
        addresses: [{ family: 'ipv4', address: ip, prefixLen: 24, scope: 'global' }],
        parent: 'host/eth0',
        linkIndex: 2,
        linkNetnsId: 0,
      }),
    );
    routes.push(route(ns, '192.168.60.0/24', 'eth0', { prefsrc: ip }));
    const c = container(name, 'example/legacy:0.9', 'macnet', ns);
    c.endpoints.push({
      network: 'macnet',
      interface: `${ns}/eth0`,
      ipv4: ip,
      ipv4PrefixLen: 24,
      ipv6: null,
      mac: m,
      gateway: '192.168.60.1',
      aliases: [],
    });
    macnet.endpoints.push({ container: name, interface: `${ns}/eth0`, ipv4: ip, ipv6: null, mac: m });
    containers.push(c);
    namespaces.push({
      id: ns,
      kind: 'container',
      path: `/var/run/docker/netns/mac${i}`,
      inode: 4026534000 + i,
      containers: [name],
      interfaces: [],
    });
  }
  for (let i = 0; i < o.stopped; i++) {
    const c = container(`old-job-${i + 1}`, 'example/job:1', 'default', null, 'exited');
    containers.push(c);
  }

  if (o.problems) {
    flows.push({
      protocol: 'tcp',
      hostPort: 7777,
      toAddress: '172.17.9.9',
      toPort: 80,
      bridge: 'docker0',
      container: null,
      endpoint: null,
      network: null,
    });
    interfaces.push(
      iface({
        namespace: 'host',
        name: 'vethdead01',
        ifindex: ifindex++,
        kind: 'veth',
        master: 'host/docker0',
        state: 'LOWERLAYERDOWN',
      }),
    );
    const first = interfaces.find(
      (i) => i.namespace.startsWith('container:') && i.name === 'eth0' && i.kind === 'veth',
    );
    if (first) first.mtu = 1450;
  }
  for (const ns of namespaces)
    ns.interfaces = interfaces
      .filter((i) => i.namespace === ns.id)
      .map((i) => i.id)
      .sort();
  const { firewall, natFlows } = syntheticFirewall(bridgeNets, flows);
  const findings: Snapshot['findings'] = [];
  if (o.problems) {
    const unknown = natFlows.find((f) => f.kind === 'dnat' && f.container === null);
    if (unknown?.kind === 'dnat')
      findings.push({
        id: `dnat-to-unknown-address:${unknown.id}`,
        severity: 'warning',
        code: 'dnat-to-unknown-address',
        message: `the DNAT rule for ${unknown.id} sends traffic to ${unknown.toAddress}:${unknown.toPort}, an address no running container holds`,
        subjects: [unknown.id, ...(unknown.rule ? [unknown.rule] : [])],
      });
    findings.push({
      id: 'veth-peer-missing:host/vethdead01',
      severity: 'warning',
      code: 'veth-peer-missing',
      message: 'veth vethdead01 in host has no peer in any namespace Netlens could read (dangling veth)',
      subjects: ['host/vethdead01'],
    });
    const mtu = interfaces.find((i) => i.mtu === 1450);
    if (mtu)
      findings.push({
        id: `mtu-mismatch:${mtu.id},host/docker0`,
        severity: 'warning',
        code: 'mtu-mismatch',
        message: `${mtu.id} has MTU 1450 but its bridge has MTU 1500: large packets will be dropped or fragmented`,
        subjects: [mtu.id, 'host/docker0'],
      });
  }
  return canonicalise({
    schema: SNAPSHOT_SCHEMA,
    capturedAt: o.capturedAt,
    host: {
      name: 'lab-host',
      target: 'local',
      dockerVersion: '20.10.24',
      apiVersion: '1.41',
      kernel: '6.1.0-18-amd64',
      os: 'Debian GNU/Linux 12 (bookworm)',
      firewallBackend: 'iptables-nft',
      privilege: 'root',
      rootless: false,
      collected: { docker: true, kernel: true, firewall: true },
    },
    namespaces,
    interfaces,
    routes,
    networks,
    containers,
    firewall,
    natFlows,
    findings,
    warnings: [],
  });
}
