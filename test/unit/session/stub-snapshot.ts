// A minimal valid snapshot for unit tests of the session and the counters mapping.
import { SNAPSHOT_SCHEMA } from '../../../src/model/snapshot.js';
import type { Container, Interface, Namespace, Rule, Snapshot } from '../../../src/model/snapshot.js';

export function stubSnapshot(capturedAt: string, over: Partial<Snapshot> = {}): Snapshot {
  return {
    schema: SNAPSHOT_SCHEMA,
    capturedAt,
    host: {
      name: 'stub',
      target: 'local',
      dockerVersion: '20.10',
      apiVersion: '1.41',
      kernel: null,
      os: null,
      firewallBackend: 'iptables-nft',
      privilege: 'root',
      rootless: false,
      collected: { docker: true, kernel: true, firewall: true },
    },
    namespaces: [stubNamespace('host', null)],
    interfaces: [],
    routes: [],
    networks: [],
    containers: [],
    firewall: { backends: ['iptables-nft'], chains: [], rules: [] },
    natFlows: [],
    findings: [],
    warnings: [],
    ...over,
  };
}

export function stubNamespace(id: string, path: string | null): Namespace {
  return {
    id,
    kind: id === 'host' ? 'host' : 'container',
    path,
    inode: null,
    containers: [],
    interfaces: [],
  };
}

export function stubInterface(namespace: string, name: string): Interface {
  return {
    id: `${namespace}/${name}`,
    namespace,
    name,
    ifindex: 1,
    kind: name === 'lo' ? 'loopback' : 'veth',
    driver: null,
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
}

export function stubContainer(name: string): Container {
  return {
    id: `id-${name}`,
    name,
    image: 'busybox',
    state: 'running',
    networkMode: 'bridge',
    namespace: null,
    pid: null,
    endpoints: [],
    ports: [],
    compose: null,
  };
}

export function stubRule(
  table: string,
  chain: string,
  position: number,
  text: string,
  backend: Rule['backend'] = 'iptables-nft',
): Rule {
  return {
    id: `${backend}:ipv4:${table}:${chain}:${text}`,
    backend,
    family: 'ipv4',
    table,
    chain,
    position,
    text,
    target: null,
    counters: null,
  };
}
