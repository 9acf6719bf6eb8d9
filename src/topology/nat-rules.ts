// NAT rules by meaning, not position: every DNAT (published port) and MASQUERADE rule, whatever chain
// layout the engine uses (Docker 20 … 29, iptables or native nftables), with the chain path a packet
// from outside takes to reach it. The topology builder joins them to containers and networks.
import type { FirewallFacts, RuleArgs, RuleFact, TableFact } from '../collect/facts.js';
import type { Family, Firewall, FirewallBackend } from '../model/snapshot.js';
import { ruleIdentities } from './firewall.js';
import { keptPer } from './kept.js';
import { chainPathTo, hookOf, indexFirewall, tableKey, type TableView } from '../model/rules/rule-view.js';
import { stripHostPrefix } from '../model/ip.js';
import { parseNatTo } from '../model/rules/nat-to.js';
import type { DnatCandidate as BaseDnat, MasqueradeCandidate as BaseMasquerade } from './nat-flows.js';

export { forwardPath } from '../model/path/forward-path.js';
export { parseNatTo } from '../model/rules/nat-to.js';
export type { ForwardPacket, ForwardPathResult, PathStep } from '../model/path/forward-path.js';

export interface DnatCandidate extends BaseDnat {
  backend: FirewallBackend;
  /** Chains from the OUTPUT hook (traffic from the host itself), null when the rule is not reached so. */
  localChainPath: string[] | null;
  /** raw-table DROP rules that stop this host address:port before NAT (e.g. 127.0.0.1 bound ports from outside). */
  rawDrops: string[];
}

export interface MasqueradeCandidate extends BaseMasquerade {
  backend: FirewallBackend;
  /** `-o x` without `!`: the rule only applies when leaving through x. */
  outInterface: string | null;
  /** `--src-type LOCAL` (userland-proxy=false hairpin rule). */
  srcType: string | null;
}

export interface NatRules {
  dnat: DnatCandidate[];
  masquerade: MasqueradeCandidate[];
}

const PROTOCOLS: Record<string, 'tcp' | 'udp' | 'sctp'> = {
  tcp: 'tcp',
  '6': 'tcp',
  udp: 'udp',
  '17': 'udp',
  sctp: 'sctp',
  '132': 'sctp',
};
// Own keys only: a rule's `-p constructor` must not find Object's.
const protocolOf = (p: string) => (Object.hasOwn(PROTOCOLS, p) ? PROTOCOLS[p] : undefined);
const anyAddress = (family: Family) => (family === 'ipv6' ? '::' : '0.0.0.0');

function portRange(dport: string): [number, number] | null {
  const m = /^(\d+)(?:[:-](\d+))?$/.exec(dport);
  if (!m?.[1]) return null;
  const a = Number(m[1]);
  const b = m[2] ? Number(m[2]) : a;
  return a <= b && b <= 65535 ? [a, b] : null;
}

/** Path from the first base chain of `hook` in the table that reaches `chain`, as `table chain`. */
function pathFrom(
  view: TableView | undefined,
  hook: 'prerouting' | 'output',
  chain: string,
): string[] | null {
  if (!view) return null;
  const bases = [...view.chains.values()]
    .filter((c) => hookOf(c) === hook)
    .map((c) => c.name)
    .sort();
  for (const base of bases) {
    const path = chainPathTo(view, base, chain);
    if (path) return path.map((c) => `${view.table} ${c}`);
  }
  return null;
}

/** raw PREROUTING drops aimed at this host address and port (not at the container). */
function rawDropsFor(views: Map<string, TableView>, d: Omit<DnatCandidate, 'rawDrops'>): string[] {
  if (d.hostIp === anyAddress(d.family)) return [];
  const ids: string[] = [];
  for (const view of views.values()) {
    if (view.backend !== d.backend || view.family !== d.family) continue;
    for (const chain of view.chains.values()) {
      const isRaw = view.backend === 'nftables' ? chain.name.startsWith('raw-') : view.table === 'raw';
      if (!isRaw || hookOf(chain) !== 'prerouting') continue;
      for (const rule of view.rules.get(chain.name) ?? []) {
        const s = view.spec(rule);
        const a = s.args;
        if (s.action.kind !== 'drop' || !a.destination || a.destinationNegated) continue;
        if (stripHostPrefix(a.destination) !== d.hostIp) continue;
        if (a.protocol && protocolOf(a.protocol) !== d.protocol) continue;
        const range = a.dport ? portRange(a.dport) : null;
        if (a.dport && (!range || d.hostPort < range[0] || d.hostPort > range[1])) continue;
        ids.push(rule.id);
      }
    }
  }
  return ids;
}

function dnatFrom(args: RuleArgs, base: { ruleId: string; backend: FirewallBackend; family: Family }) {
  const protocol = args.protocol ? protocolOf(args.protocol) : undefined;
  const to = args.toDestination ? parseNatTo(args.toDestination) : null;
  const ports = args.dport ? portRange(args.dport) : null;
  if (!protocol || !to || !ports) return [];
  const hostIp =
    args.destination && !args.destinationNegated
      ? stripHostPrefix(args.destination)
      : anyAddress(base.family);
  const out = [];
  for (let port = ports[0]; port <= ports[1]; port++) {
    // A to-range as long as the host range maps port by port; a single port takes them all.
    const offset = port - ports[0];
    const toPort =
      to.from === null
        ? port
        : to.to !== null && to.to - to.from === ports[1] - ports[0]
          ? to.from + offset
          : to.from;
    out.push({
      ...base,
      protocol,
      hostIp,
      hostPort: port,
      toAddress: to.address,
      toPort,
      excludeInterface: args.inInterfaceNegated ? args.inInterface : null,
    });
  }
  return out;
}

// Kept per fact (kept.ts): a thousand DNAT rules were parsed again on every update.
const dnats = keptPer<RuleFact, ReturnType<typeof dnatFrom>>();
const candidates = keptPer<object, DnatCandidate>();

function dnatOnce(rule: RuleFact, base: { ruleId: string; backend: FirewallBackend; family: Family }) {
  return dnats(rule, `${base.backend}\n${base.family}\n${base.ruleId}`, () => dnatFrom(rule.args, base));
}

/**
 * The source a chain's rules are limited to by every rule that jumps to it: netavark and CNI write
 * `POSTROUTING -s <subnet> -j NETAVARK-<id>` and a bare `! -d 224.0.0.0/4 -j MASQUERADE` inside.
 */
function inheritedSource(table: TableFact, chain: string): string | null {
  const callers = table.rules.filter((r) => r.target === chain);
  const sources = new Set(
    callers.map((r) => (r.args.source ? `${r.args.sourceNegated ? '!' : ''}${r.args.source}` : null)),
  );
  const [only] = [...sources];
  return sources.size === 1 && only ? only : null;
}

/** `-m mark --mark 0x2000/0x2000` (netavark's and CNI's hairpin masquerade), as written. */
function markOf(text: string): string | null {
  return /(?:^|\s)--mark\s+(\S+)/.exec(text)?.[1] ?? null;
}

export function extractNatRules(firewall: Firewall, facts: FirewallFacts): NatRules {
  const views = indexFirewall(firewall);
  const dnat: DnatCandidate[] = [];
  const masquerade: MasqueradeCandidate[] = [];
  // A thousand DNAT rules sit in one chain: its path from each hook is searched once.
  const paths = new Map<string, string[] | null>();
  const pathOnce = (view: TableView | undefined, hook: 'prerouting' | 'output', chain: string) => {
    const key = `${view ? tableKey(view.backend, view.family, view.table) : '-'}\n${hook}\n${chain}`;
    if (!paths.has(key)) paths.set(key, pathFrom(view, hook, chain));
    return paths.get(key) ?? null;
  };
  for (const table of facts.tables) {
    const isNatTable = table.backend === 'nftables' || table.name === 'nat';
    if (!isNatTable) continue;
    const view = views.get(tableKey(table.backend, table.family, table.name));
    const ids = ruleIdentities(table);
    table.rules.forEach((rule, i) => {
      const ruleId = ids[i]?.id;
      if (!ruleId) return;
      const base = { ruleId, backend: table.backend, family: table.family };
      if (rule.target === 'DNAT') {
        const fromOutside = pathOnce(view, 'prerouting', rule.chain);
        const local = pathOnce(view, 'output', rule.chain);
        const paths = `${JSON.stringify(fromOutside)}\n${JSON.stringify(local)}`;
        for (const d of dnatOnce(rule, base)) {
          const candidate = { ...d, chainPath: fromOutside ?? local ?? [], localChainPath: local };
          const rawDrops = rawDropsFor(views, candidate);
          // The same parse, paths and drops as the last update: its very candidate.
          const key = `${paths}\n${rawDrops.join('\n')}`;
          dnat.push(candidates(d, key, () => ({ ...candidate, rawDrops })));
        }
      } else if (rule.target === 'MASQUERADE') {
        const a = rule.args;
        const source = a.source
          ? `${a.sourceNegated ? '!' : ''}${a.source}`
          : inheritedSource(table, rule.chain);
        masquerade.push({
          ...base,
          source: source ?? `${anyAddress(table.family)}/0`,
          mark: markOf(rule.text),
          destination: a.destination ? `${a.destinationNegated ? '!' : ''}${a.destination}` : null,
          excludeOutInterface: a.outInterfaceNegated ? a.outInterface : null,
          outInterface: a.outInterfaceNegated ? null : a.outInterface,
          srcType: a.srcType,
          protocol: a.protocol && a.protocol !== 'all' ? `${a.protocol}` : null,
          port: a.dport,
        });
      }
    });
  }
  return { dnat, masquerade };
}
