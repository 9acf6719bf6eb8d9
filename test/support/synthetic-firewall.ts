// Docker's iptables rules (Engine 20.10 layout, iptables-nft) for a synthetic snapshot, and the NAT
// flows joined to them, as the topology builder would produce them.
import type { Chain, Firewall, NatFlow, Network, Rule } from '../../src/model/snapshot.js';

export interface FlowSeed {
  protocol: 'tcp' | 'udp';
  hostPort: number;
  toAddress: string;
  toPort: number;
  /** Bridge device name (docker0, br-…). */
  bridge: string;
  container: string | null;
  endpoint: string | null;
  network: string | null;
}

export function syntheticFirewall(
  bridges: Network[],
  flows: FlowSeed[],
): { firewall: Firewall; natFlows: NatFlow[] } {
  const rules: Rule[] = [];
  const chains: Chain[] = [];
  const positions = new Map<string, number>();
  const chain = (table: string, name: string, policy: string | null) =>
    chains.push({
      backend: 'iptables-nft',
      family: 'ipv4',
      table,
      name,
      policy,
      counters: policy ? { packets: 0, bytes: 0 } : null,
    });
  const add = (table: string, chainName: string, text: string, target: string, packets = 0): string => {
    const key = `${table}:${chainName}`;
    const position = (positions.get(key) ?? 0) + 1;
    positions.set(key, position);
    const id = `iptables-nft:ipv4:${table}:${chainName}:${text.slice(`-A ${chainName} `.length)}`;
    rules.push({
      id,
      backend: 'iptables-nft',
      family: 'ipv4',
      table,
      chain: chainName,
      position,
      text,
      target,
      counters: { packets, bytes: packets * 60 },
    });
    return id;
  };
  for (const [name, policy] of [
    ['PREROUTING', 'ACCEPT'],
    ['OUTPUT', 'ACCEPT'],
    ['POSTROUTING', 'ACCEPT'],
    ['DOCKER', null],
  ] as const)
    chain('nat', name, policy);
  for (const [name, policy] of [
    ['FORWARD', 'DROP'],
    ['DOCKER', null],
    ['DOCKER-USER', null],
    ['DOCKER-ISOLATION-STAGE-1', null],
    ['DOCKER-ISOLATION-STAGE-2', null],
  ] as const)
    chain('filter', name, policy);

  add('nat', 'PREROUTING', '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER', 'DOCKER', 120);
  add('nat', 'OUTPUT', '-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER', 'DOCKER', 4);
  const devices = bridges.map((n) => ({
    net: n,
    dev: (n.bridge ?? 'host/docker0').slice(5),
    subnet: n.subnets[0]?.subnet ?? '',
  }));
  const masq = new Map<string, string>();
  for (const d of devices)
    masq.set(
      d.net.name,
      add(
        'nat',
        'POSTROUTING',
        `-A POSTROUTING -s ${d.subnet} ! -o ${d.dev} -j MASQUERADE`,
        'MASQUERADE',
        30,
      ),
    );
  for (const f of flows)
    if (f.container)
      add(
        'nat',
        'POSTROUTING',
        `-A POSTROUTING -s ${f.toAddress}/32 -d ${f.toAddress}/32 -p ${f.protocol} -m ${f.protocol} --dport ${f.toPort} -j MASQUERADE`,
        'MASQUERADE',
      );
  for (const d of devices) add('nat', 'DOCKER', `-A DOCKER -i ${d.dev} -j RETURN`, 'RETURN');
  const dnatRule = new Map<FlowSeed, string>();
  for (const f of flows)
    dnatRule.set(
      f,
      add(
        'nat',
        'DOCKER',
        `-A DOCKER ! -i ${f.bridge} -p ${f.protocol} -m ${f.protocol} --dport ${f.hostPort} -j DNAT --to-destination ${f.toAddress}:${f.toPort}`,
        'DNAT',
        12,
      ),
    );

  add('filter', 'FORWARD', '-A FORWARD -j DOCKER-USER', 'DOCKER-USER', 500);
  add('filter', 'FORWARD', '-A FORWARD -j DOCKER-ISOLATION-STAGE-1', 'DOCKER-ISOLATION-STAGE-1', 500);
  for (const d of devices) {
    add(
      'filter',
      'FORWARD',
      `-A FORWARD -o ${d.dev} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`,
      'ACCEPT',
      200,
    );
    add('filter', 'FORWARD', `-A FORWARD -o ${d.dev} -j DOCKER`, 'DOCKER', 20);
    add('filter', 'FORWARD', `-A FORWARD -i ${d.dev} ! -o ${d.dev} -j ACCEPT`, 'ACCEPT', 180);
    add('filter', 'FORWARD', `-A FORWARD -i ${d.dev} -o ${d.dev} -j ACCEPT`, 'ACCEPT', 10);
  }
  for (const f of flows)
    if (f.container)
      add(
        'filter',
        'DOCKER',
        `-A DOCKER -d ${f.toAddress}/32 ! -i ${f.bridge} -o ${f.bridge} -p ${f.protocol} -m ${f.protocol} --dport ${f.toPort} -j ACCEPT`,
        'ACCEPT',
        12,
      );
  for (const d of devices)
    add(
      'filter',
      'DOCKER-ISOLATION-STAGE-1',
      `-A DOCKER-ISOLATION-STAGE-1 -i ${d.dev} ! -o ${d.dev} -j DOCKER-ISOLATION-STAGE-2`,
      'DOCKER-ISOLATION-STAGE-2',
      100,
    );
  add('filter', 'DOCKER-ISOLATION-STAGE-1', '-A DOCKER-ISOLATION-STAGE-1 -j RETURN', 'RETURN', 500);
  for (const d of devices)
    add('filter', 'DOCKER-ISOLATION-STAGE-2', `-A DOCKER-ISOLATION-STAGE-2 -o ${d.dev} -j DROP`, 'DROP');
  add('filter', 'DOCKER-ISOLATION-STAGE-2', '-A DOCKER-ISOLATION-STAGE-2 -j RETURN', 'RETURN', 100);
  add('filter', 'DOCKER-USER', '-A DOCKER-USER -j RETURN', 'RETURN', 500);

  const natFlows: NatFlow[] = flows.map((f) => ({
    kind: 'dnat',
    id: `${f.protocol}/0.0.0.0:${f.hostPort}`,
    family: 'ipv4',
    protocol: f.protocol,
    hostIp: '0.0.0.0',
    hostPort: f.hostPort,
    toAddress: f.toAddress,
    toPort: f.toPort,
    excludeInterface: f.bridge,
    container: f.container,
    endpoint: f.endpoint,
    network: f.network,
    rule: dnatRule.get(f) ?? null,
    chainPath: ['nat PREROUTING', 'nat DOCKER'],
    published: f.container !== null,
  }));
  for (const d of devices)
    natFlows.push({
      kind: 'masquerade',
      id: `masquerade/${d.subnet}`,
      family: 'ipv4',
      source: d.subnet,
      destination: null,
      excludeOutInterface: d.dev,
      network: d.net.name,
      rule: masq.get(d.net.name) ?? '',
    });
  return { firewall: { backends: ['iptables-nft'], chains, rules }, natFlows };
}
