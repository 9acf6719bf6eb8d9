// A made-up host of N containers over M networks, as a spec for the factory: published ports, shared
// namespaces, host and none modes, macvlan, stopped containers, traffic and (on request) problems.
// Deterministic for a seed. Used by the renderer's tests, the screenshots and the render bench.
import type { Snapshot } from '../../../src/model/snapshot.js';
import { buildSnapshot } from './build.js';
import type { ContainerSpec, NetworkSpec, SnapshotSpec } from './spec.js';
import { rng } from './traffic.js';

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
  /**
   * Seed of the network placement and the traffic. The default (49) puts web-01 and api-01 on appnet and
   * search-01 on backend, which the compare tests name.
   */
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
const pad = (n: number) => String(n).padStart(2, '0');

/** Bridge networks: `bridge` (172.17/16), then appnet (172.18/16), backend (172.19/16)… */
function bridgeNetworks(count: number): NetworkSpec[] {
  return Array.from({ length: Math.max(1, count) }, (_, n) => {
    if (n === 0) return { name: 'bridge' };
    const octet = 17 + n;
    return {
      name: NET_NAMES[n - 1] ?? `net-${pad(n)}`,
      subnet: octet < 32 ? `172.${octet}.0.0/16` : `10.${octet}.0.0/24`,
    };
  });
}

export function syntheticSpec(options: SyntheticOptions = {}): SnapshotSpec {
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
    seed: 49,
    ...options,
  };
  const pick = rng(o.seed);
  const bridges = bridgeNetworks(o.networks);
  const containers: ContainerSpec[] = [];
  for (let i = 0; i < o.containers; i++) {
    const svc = SERVICES[i % SERVICES.length]!;
    const name = `${svc.name}-${pad(Math.floor(i / SERVICES.length) + 1)}`;
    const at = Math.floor(pick() * bridges.length);
    const networks = [bridges[at]!.name];
    if (o.multiNetworkEvery > 0 && i % o.multiNetworkEvery === o.multiNetworkEvery - 1 && bridges.length > 1)
      networks.push(bridges[(at + 1) % bridges.length]!.name);
    containers.push({
      name,
      image: `example/${svc.name}:1.${i % 5}`,
      // A problem: the first container's eth0 has a smaller MTU than its bridge.
      networks:
        o.problems && i === 0 ? [{ network: networks[0]!, mtu: 1450 }, ...networks.slice(1)] : networks,
      ports:
        o.publishEvery > 0 && i % o.publishEvery === 0
          ? [{ containerPort: svc.port, hostPort: 8000 + i }]
          : [],
      ...(networks[0] === 'bridge' ? {} : { compose: { project: 'shop', service: svc.name } }),
    });
    if (o.sidecarEvery > 0 && i % o.sidecarEvery === o.sidecarEvery - 1)
      containers.push({
        name: `${name}-sidecar`,
        image: 'example/envoy:1.30',
        networkMode: `container:${name}`,
      });
  }
  for (let i = 0; i < o.hostMode; i++)
    containers.push({
      name: i === 0 ? 'node-exporter' : `host-agent-${i}`,
      image: 'example/node-exporter:1.8',
      networkMode: 'host',
    });
  for (let i = 0; i < o.noneMode; i++)
    containers.push({ name: `batch-none-${i + 1}`, image: 'example/batch:2', networkMode: 'none' });
  const macvlan: NetworkSpec[] =
    o.macvlan > 0 ? [{ name: 'macnet', driver: 'macvlan', subnet: '192.168.60.0/24', parent: 'eth0' }] : [];
  for (let i = 0; i < o.macvlan; i++)
    containers.push({
      name: `legacy-${i + 1}`,
      image: 'example/legacy:0.9',
      networks: [{ network: 'macnet', ip: `192.168.60.${10 + i}` }],
    });
  for (let i = 0; i < o.stopped; i++)
    containers.push({ name: `old-job-${i + 1}`, image: 'example/job:1', state: 'exited' });

  return {
    host: { name: 'lab-host' },
    hostAddress: '192.168.50.10',
    capturedAt: o.capturedAt,
    networks: [...bridges, ...macvlan],
    containers,
    traffic: o.seed,
    ...(o.problems
      ? {
          strayDnat: [{ hostPort: 7777, toAddress: '172.17.9.9', toPort: 80 }],
          strayVeths: [{ name: 'vethdead01', network: 'bridge' }],
        }
      : {}),
  };
}

export function syntheticSnapshot(options: SyntheticOptions = {}): Snapshot {
  return buildSnapshot(syntheticSpec(options));
}
