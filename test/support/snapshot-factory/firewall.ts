// Docker's iptables rules (Engine 20.10, iptables-nft, IPv4) for the bridge networks and published
// ports, plus a test's own rules, and the NAT flows joined to them as the topology builder joins them.
import type { Chain, DnatFlow, Firewall, MasqueradeFlow, NatFlow } from '../../../src/model/snapshot.js';
import { cmp, rule } from './parts.js';
import type { PortSpec, RuleSpec } from './spec.js';
import type { Traffic } from './traffic.js';

type Table = 'filter' | 'nat';

export interface NetworkRuleInput {
  name: string;
  subnet: string;
  bridge: string;
  internal: boolean;
}

/** A DNAT to make: a published port (with its container) or a stray rule (container null). */
export interface DnatInput {
  container: string | null;
  endpoint: string | null;
  network: string | null;
  bridge: string;
  ip: string;
  port: PortSpec;
}

const BUILTIN: Record<Table, [string, string][]> = {
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
const USER_CHAINS: Record<Table, string[]> = {
  filter: ['DOCKER', 'DOCKER-ISOLATION-STAGE-1', 'DOCKER-ISOLATION-STAGE-2', 'DOCKER-USER'],
  nat: ['DOCKER'],
};

/** The rule text after `-A <chain> ` of every chain, in order. */
function ruleLines(networks: NetworkRuleInput[], dnat: DnatInput[], extra: RuleSpec[]) {
  const lines: Record<Table, Map<string, string[]>> = { filter: new Map(), nat: new Map() };
  const add = (table: Table, chain: string, text: string) => lines[table].get(chain)?.push(text);
  for (const table of ['filter', 'nat'] as const)
    for (const chain of [...BUILTIN[table].map(([c]) => c), ...USER_CHAINS[table]])
      lines[table].set(chain, []);
  add('nat', 'PREROUTING', '-m addrtype --dst-type LOCAL -j DOCKER');
  add('nat', 'OUTPUT', '! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER');
  add('filter', 'FORWARD', '-j DOCKER-USER');
  add('filter', 'FORWARD', '-j DOCKER-ISOLATION-STAGE-1');
  for (const n of networks) {
    if (!n.internal) {
      add('nat', 'POSTROUTING', masqueradeText(n));
      add('nat', 'DOCKER', `-i ${n.bridge} -j RETURN`);
    }
    add('filter', 'FORWARD', `-o ${n.bridge} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`);
    add('filter', 'FORWARD', `-o ${n.bridge} -j DOCKER`);
    add('filter', 'FORWARD', `-i ${n.bridge} ! -o ${n.bridge} -j ACCEPT`);
    add('filter', 'FORWARD', `-i ${n.bridge} -o ${n.bridge} -j ACCEPT`);
    add('filter', 'DOCKER-ISOLATION-STAGE-1', `-i ${n.bridge} ! -o ${n.bridge} -j DOCKER-ISOLATION-STAGE-2`);
    add('filter', 'DOCKER-ISOLATION-STAGE-2', `-o ${n.bridge} -j DROP`);
  }
  for (const d of dnat) {
    const text = dnatText(d);
    if (text === null) continue;
    add('nat', 'DOCKER', text);
    if (d.container === null) continue;
    const proto = d.port.protocol ?? 'tcp';
    const to = `-p ${proto} -m ${proto} --dport ${d.port.containerPort}`;
    add('nat', 'POSTROUTING', `-s ${d.ip}/32 -d ${d.ip}/32 ${to} -j MASQUERADE`);
    add('filter', 'DOCKER', `-d ${d.ip}/32 ! -i ${d.bridge} -o ${d.bridge} ${to} -j ACCEPT`);
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
  return lines;
}

const masqueradeText = (n: NetworkRuleInput) => `-s ${n.subnet} ! -o ${n.bridge} -j MASQUERADE`;

/** The DNAT rule of a port; null for an IPv6 binding (no ip6tables NAT without --ipv6 on this engine). */
function dnatText(d: DnatInput): string | null {
  const proto = d.port.protocol ?? 'tcp';
  const hostIp = d.port.hostIp ?? '0.0.0.0';
  if (hostIp.includes(':')) return null;
  const dst = hostIp === '0.0.0.0' ? '' : `-d ${hostIp}/32 `;
  return `${dst}! -i ${d.bridge} -p ${proto} -m ${proto} --dport ${d.port.hostPort} -j DNAT --to-destination ${d.ip}:${d.port.containerPort}`;
}

export function buildFirewall(
  networks: NetworkRuleInput[],
  dnat: DnatInput[],
  extra: RuleSpec[],
  traffic: Traffic,
): { firewall: Firewall; natFlows: NatFlow[] } {
  const chains: Chain[] = [];
  const rules: Firewall['rules'] = [];
  const ruleId = new Map<string, string>();
  for (const [table, byChain] of Object.entries(ruleLines(networks, dnat, extra)) as [
    Table,
    Map<string, string[]>,
  ][]) {
    const policies = new Map(BUILTIN[table]);
    for (const [chain, list] of byChain) {
      chains.push({
        backend: 'iptables-nft',
        family: 'ipv4',
        table,
        name: chain,
        policy: policies.get(chain) ?? null,
        counters: policies.has(chain) ? traffic.rule() : null,
      });
      const seen = new Map<string, number>();
      list.forEach((text, i) => {
        const r = rule(table, chain, i + 1, `-A ${chain} ${text}`, { counters: traffic.rule() });
        // The same text twice in a chain: the collector numbers the later ones.
        const n = (seen.get(text) ?? 0) + 1;
        seen.set(text, n);
        if (n > 1) r.id = `${r.id}#${n}`;
        ruleId.set(`${table}:${chain}:${text}`, r.id);
        rules.push(r);
      });
    }
  }

  const flows: NatFlow[] = [];
  for (const d of dnat) {
    const text = dnatText(d);
    if (text === null) continue;
    const protocol = d.port.protocol ?? 'tcp';
    const hostIp = d.port.hostIp ?? '0.0.0.0';
    const flow: DnatFlow = {
      kind: 'dnat',
      id: `${protocol}/${hostIp}:${d.port.hostPort}`,
      family: 'ipv4',
      protocol,
      hostIp,
      hostPort: d.port.hostPort,
      toAddress: d.ip,
      toPort: d.port.containerPort,
      excludeInterface: d.bridge,
      container: d.container,
      endpoint: d.endpoint,
      network: d.network,
      rule: ruleId.get(`nat:DOCKER:${text}`) ?? null,
      chainPath: ['nat PREROUTING', 'nat DOCKER'],
      published: d.container !== null,
    };
    flows.push(flow);
  }
  for (const n of networks) {
    if (n.internal) continue;
    const flow: MasqueradeFlow = {
      kind: 'masquerade',
      id: `masquerade/${n.subnet}`,
      family: 'ipv4',
      source: n.subnet,
      destination: null,
      excludeOutInterface: n.bridge,
      network: n.name,
      rule: ruleId.get(`nat:POSTROUTING:${masqueradeText(n)}`) ?? '',
    };
    flows.push(flow);
  }
  flows.sort((a, b) => cmp(a.id, b.id));
  return { firewall: { backends: ['iptables-nft'], chains, rules }, natFlows: flows };
}
