// Docker's iptables rules (Engine 20.10, iptables-nft, IPv4) for the snapshot factory, plus NAT flows.
import type { Chain, DnatFlow, Firewall, MasqueradeFlow, NatFlow, Rule } from '../../src/model/snapshot.js';

export interface RuleSpec {
  table: 'filter' | 'nat';
  chain: string;
  /** The rule after `-A <chain> `, e.g. `-s 10.0.0.0/8 -j DROP`. */
  rule: string;
  /** Where in the chain; default `top` (like `iptables -I`). */
  at?: 'top' | 'bottom';
}

export interface NetworkRuleInput {
  name: string;
  subnet: string;
  bridge: string;
  internal: boolean;
}

export interface PortFlowInput {
  container: string;
  endpoint: string;
  network: string;
  bridge: string;
  ip: string;
  port: { containerPort: number; hostPort: number; protocol?: 'tcp' | 'udp'; hostIp?: string };
}

const BUILTIN: Record<'filter' | 'nat', [string, string][]> = {
  filter: [
    ['INPUT', 'ACCEPT'],
    ['FORWARD', 'DROP'],
    ['OUTPUT', 'ACCEPT'],
  ],
  nat: [
    ['PREROUTING', 'ACCEPT'],
    ['INPUT', 'ACCEPT'],
    ['OUTPUT', 'ACCEPT'],
    ['POSTROUTING', 'ACCEPT'],
  ],
};
const USER_CHAINS: Record<'filter' | 'nat', string[]> = {
  filter: ['DOCKER', 'DOCKER-ISOLATION-STAGE-1', 'DOCKER-ISOLATION-STAGE-2', 'DOCKER-USER'],
  nat: ['DOCKER'],
};

export function buildFirewall(
  networks: NetworkRuleInput[],
  ports: PortFlowInput[],
  extra: RuleSpec[],
): { firewall: Firewall; natFlows: NatFlow[] } {
  const lines: Record<'filter' | 'nat', Map<string, string[]>> = { filter: new Map(), nat: new Map() };
  const add = (table: 'filter' | 'nat', chain: string, rule: string) => {
    const list = lines[table].get(chain) ?? [];
    list.push(rule);
    lines[table].set(chain, list);
  };
  for (const table of ['filter', 'nat'] as const) {
    for (const [chain] of BUILTIN[table]) lines[table].set(chain, []);
    for (const chain of USER_CHAINS[table]) lines[table].set(chain, []);
  }
  add('nat', 'PREROUTING', '-m addrtype --dst-type LOCAL -j DOCKER');
  add('nat', 'OUTPUT', '! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER');
  add('filter', 'FORWARD', '-j DOCKER-USER');
  add('filter', 'FORWARD', '-j DOCKER-ISOLATION-STAGE-1');
  const masqueradeText = new Map<string, string>();
  for (const n of networks) {
    if (!n.internal) {
      const text = `-s ${n.subnet} ! -o ${n.bridge} -j MASQUERADE`;
      masqueradeText.set(n.name, text);
      add('nat', 'POSTROUTING', text);
      add('nat', 'DOCKER', `-i ${n.bridge} -j RETURN`);
    }
    add('filter', 'FORWARD', `-o ${n.bridge} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`);
    add('filter', 'FORWARD', `-o ${n.bridge} -j DOCKER`);
    add('filter', 'FORWARD', `-i ${n.bridge} ! -o ${n.bridge} -j ACCEPT`);
    add('filter', 'FORWARD', `-i ${n.bridge} -o ${n.bridge} -j ACCEPT`);
    add('filter', 'DOCKER-ISOLATION-STAGE-1', `-i ${n.bridge} ! -o ${n.bridge} -j DOCKER-ISOLATION-STAGE-2`);
    add('filter', 'DOCKER-ISOLATION-STAGE-2', `-o ${n.bridge} -j DROP`);
  }
  const dnatText: (string | undefined)[] = [];
  for (const p of ports) {
    const proto = p.port.protocol ?? 'tcp';
    const hostIp = p.port.hostIp ?? '0.0.0.0';
    if (hostIp.includes(':')) {
      dnatText.push(undefined); // no ip6tables NAT without --ipv6 on this engine
      continue;
    }
    const dst = hostIp === '0.0.0.0' ? '' : `-d ${hostIp}/32 `;
    const text = `${dst}! -i ${p.bridge} -p ${proto} -m ${proto} --dport ${p.port.hostPort} -j DNAT --to-destination ${p.ip}:${p.port.containerPort}`;
    dnatText.push(text);
    add('nat', 'DOCKER', text);
    add(
      'nat',
      'POSTROUTING',
      `-s ${p.ip}/32 -d ${p.ip}/32 -p ${proto} -m ${proto} --dport ${p.port.containerPort} -j MASQUERADE`,
    );
    add(
      'filter',
      'DOCKER',
      `-d ${p.ip}/32 ! -i ${p.bridge} -o ${p.bridge} -p ${proto} -m ${proto} --dport ${p.port.containerPort} -j ACCEPT`,
    );
  }
  add('filter', 'DOCKER-ISOLATION-STAGE-1', '-j RETURN');
  add('filter', 'DOCKER-ISOLATION-STAGE-2', '-j RETURN');
  add('filter', 'DOCKER-USER', '-j RETURN');
  for (const e of extra) {
    const list = lines[e.table].get(e.chain) ?? [];
    if ((e.at ?? 'top') === 'top') list.unshift(e.rule);
    else list.push(e.rule);
    lines[e.table].set(e.chain, list);
  }

  const chains: Chain[] = [];
  const rules: Rule[] = [];
  const ruleId = new Map<string, string>();
  for (const table of ['filter', 'nat'] as const) {
    const policies = new Map(BUILTIN[table]);
    for (const [chain, list] of lines[table]) {
      const base = { backend: 'iptables-nft' as const, family: 'ipv4' as const, table };
      chains.push({
        ...base,
        name: chain,
        policy: policies.get(chain) ?? null,
        counters: policies.has(chain) ? { packets: 0, bytes: 0 } : null,
      });
      const seen = new Map<string, number>();
      list.forEach((rule, i) => {
        const text = `-A ${chain} ${rule}`;
        const n = (seen.get(text) ?? 0) + 1;
        seen.set(text, n);
        const id = `iptables-nft:ipv4:${table}:${chain}:${text}${n > 1 ? `#${n}` : ''}`;
        ruleId.set(`${table}:${chain}:${rule}`, id);
        rules.push({
          ...base,
          id,
          chain,
          position: i + 1,
          text,
          target: /-j (\S+)/.exec(rule)?.[1] ?? null,
          counters: { packets: 0, bytes: 0 },
        });
      });
    }
  }

  const flows: NatFlow[] = [];
  ports.forEach((p, i) => {
    const hostIp = p.port.hostIp ?? '0.0.0.0';
    const text = dnatText[i];
    if (hostIp.includes(':') || text === undefined) return;
    const protocol = p.port.protocol ?? 'tcp';
    const flow: DnatFlow = {
      kind: 'dnat',
      id: `${protocol}/${hostIp}:${p.port.hostPort}`,
      family: 'ipv4',
      protocol,
      hostIp,
      hostPort: p.port.hostPort,
      toAddress: p.ip,
      toPort: p.port.containerPort,
      excludeInterface: p.bridge,
      container: p.container,
      endpoint: p.endpoint,
      network: p.network,
      rule: ruleId.get(`nat:DOCKER:${text}`) ?? null,
      chainPath: ['PREROUTING', 'DOCKER'],
      published: true,
    };
    flows.push(flow);
  });
  for (const n of networks) {
    const text = masqueradeText.get(n.name);
    if (text === undefined) continue;
    const flow: MasqueradeFlow = {
      kind: 'masquerade',
      id: `masquerade/${n.subnet}`,
      family: 'ipv4',
      source: n.subnet,
      destination: null,
      excludeOutInterface: n.bridge,
      network: n.name,
      rule: ruleId.get(`nat:POSTROUTING:${text}`) ?? '',
    };
    flows.push(flow);
  }
  flows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { firewall: { backends: ['iptables-nft'], chains, rules }, natFlows: flows };
}
