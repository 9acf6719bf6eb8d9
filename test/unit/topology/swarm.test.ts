// Swarm's pieces that the single-node lab cannot show: VTEP peers in vxlan0's fdb, and a routing-mesh
// DNAT rule (DOCKER-INGRESS, written by engines whose kernel has IPVS). Inputs are the real shapes:
// `ip -d -j` / `bridge -j fdb` output recorded in the lab's overlay namespace (peers added as a second
// node's would be), and the DOCKER-INGRESS rules moby's ingress code writes.
import { describe, expect, it } from 'vitest';
import type { DockerNetworkFact } from '../../../src/collect/docker/docker-facts.js';
import { parseFdb, parseLinks } from '../../../src/collect/kernel/parse-ip.js';
import { parseIptablesSave } from '../../../src/collect/firewall/parse-iptables-save.js';
import type { Interface, Namespace, Service } from '../../../src/model/snapshot.js';
import { findProblems } from '../../../src/topology/findings.js';
import { toSnapshotFirewall } from '../../../src/topology/firewall.js';
import { buildInterfaces } from '../../../src/topology/interfaces.js';
import { roleOf } from '../../../src/topology/namespaces.js';
import { ingressOf, joinDnat } from '../../../src/topology/nat-flows.js';
import { extractNatRules } from '../../../src/topology/nat-rules.js';

const VXLAN = JSON.stringify([
  {
    ifindex: 8,
    ifname: 'vxlan0',
    flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
    mtu: 1450,
    operstate: 'UNKNOWN',
    link_type: 'ether',
    address: '3e:35:d3:cc:40:f2',
    master: 'br0',
    linkinfo: {
      info_kind: 'vxlan',
      info_data: { id: 4097, port_range: { low: 0, high: 0 }, port: 4789, learning: true, proxy: true },
      info_slave_kind: 'bridge',
    },
    addr_info: [],
  },
]);
const FDB = JSON.stringify([
  { mac: '3e:35:d3:cc:40:f2', ifname: 'vxlan0', flags: [], master: 'br0', state: 'permanent' },
  { mac: '02:42:0a:fe:0a:06', ifname: 'vxlan0', dst: '10.253.91.6', flags: [], state: 'permanent' },
  { mac: '00:00:00:00:00:00', ifname: 'vxlan0', dst: '10.253.91.6', flags: [], state: 'permanent' },
  { mac: '33:33:00:00:00:01', ifname: 'br0', flags: ['self'], state: 'permanent' },
]);

describe('vxlan0 of an overlay namespace', () => {
  it('has the VNI and port of ip -d, the node address as local VTEP, and the remote VTEPs of its fdb', () => {
    const problems: string[] = [];
    const links = parseLinks(VXLAN, problems);
    const fdb = parseFdb(FDB, problems);
    expect(problems).toEqual([]);
    const [vxlan] = buildInterfaces(
      new Map([
        [
          'overlay:web',
          { path: '/var/run/docker/netns/1-abc', inode: 1, links, routes: [], error: null, fdb },
        ],
      ]),
      '10.253.91.2',
    );
    expect(vxlan?.vxlan).toEqual({
      vni: 4097,
      local: '10.253.91.2',
      port: 4789,
      peers: [
        { mac: '00:00:00:00:00:00', dst: '10.253.91.6' },
        { mac: '02:42:0a:fe:0a:06', dst: '10.253.91.6' },
      ],
    });
  });
});

describe("Swarm sandboxes' roles", () => {
  const net = (id: string, name: string): DockerNetworkFact => ({
    id,
    name,
    driver: 'overlay',
    scope: 'swarm',
    internal: false,
    ipv6: false,
    subnets: [],
    options: {},
    device: null,
  });
  const networks = [net('6kw8fxblw6y0wxd1mj7ic3001', 'ingress'), net('0htmwfojk2hg3s21koxzhakp7', 'web')];
  it.each([
    ['1-0htmwfojk2', { role: 'overlay', network: 'web' }],
    ['2-6kw8fxblw6', { role: 'overlay', network: 'ingress' }],
    ['ingress_sbox', { role: 'ingress-sbox', network: 'ingress' }],
    ['lb_0htmwfojk', { role: 'load-balancer', network: 'web' }],
    ['1-unknownnet', { role: 'overlay', network: 'unknownnet' }],
    ['94c9272574c3', null],
    ['default', null],
  ])('%s', (file, expected) => {
    expect(roleOf(`/var/run/docker/netns/${file}`, networks)).toEqual(expected);
  });
});

describe('the routing mesh', () => {
  const service: Service = {
    id: 's1',
    name: 'web',
    mode: 'replicated',
    replicas: 2,
    ports: [
      { protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'ingress' },
      { protocol: 'tcp', targetPort: 443, publishedPort: 8443, publishMode: 'ingress' },
    ],
    networks: [],
    tasks: [],
  };
  const sbox: Namespace = {
    id: 'ingress-sbox:ingress',
    kind: 'netns',
    path: '/var/run/docker/netns/ingress_sbox',
    inode: 5,
    containers: [],
    interfaces: [],
    role: 'ingress-sbox',
    network: 'ingress',
  };
  const eth1 = {
    id: 'ingress-sbox:ingress/eth1',
    namespace: 'ingress-sbox:ingress',
    addresses: [{ family: 'ipv4', address: '172.18.0.2', prefixLen: 16, scope: 'global' }],
  } as Interface;
  // What moby writes for `-p 8080:80` where IPVS works (only 8080: 8443's rule is missing).
  const rules = parseIptablesSave(
    [
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':DOCKER-INGRESS - [0:0]',
      '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER-INGRESS',
      '-A OUTPUT -m addrtype --dst-type LOCAL -j DOCKER-INGRESS',
      '-A DOCKER-INGRESS -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.18.0.2:8080',
      '-A DOCKER-INGRESS -j RETURN',
      'COMMIT',
    ].join('\n'),
    'iptables-nft',
    'ipv4',
    [],
  );
  const facts = { backends: ['iptables-nft' as const], tables: rules, problems: [] };
  const firewall = toSnapshotFirewall(facts);
  const dnat = joinDnat(extractNatRules(firewall, facts).dnat, [], ingressOf([sbox], [eth1], [service]));

  it('joins a DOCKER-INGRESS rule to the service that publishes the port, not to an unknown address', () => {
    expect(dnat).toHaveLength(1);
    expect(dnat[0]).toMatchObject({
      id: 'tcp/0.0.0.0:8080',
      service: 'web',
      network: 'ingress',
      container: null,
      published: true,
      chainPath: ['nat PREROUTING', 'nat DOCKER-INGRESS'],
    });
  });

  it('reports the published port no ingress rule implements, and nothing else', () => {
    const findings = findProblems({
      containers: [],
      interfaces: [eth1],
      networks: [],
      firewall,
      dnat,
      kernelComplete: true,
      services: [service],
      swarm: true,
    });
    expect(findings.map((f) => [f.code, f.subjects])).toEqual([
      ['service-port-without-ingress', ['web', 'tcp/8443']],
    ]);
  });
});
