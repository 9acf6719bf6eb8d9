// Where a forwarded packet goes through the filter FORWARD hook: the chains it enters, the rules that
// match, and the verdict. Pure: reads only the snapshot Firewall, so the packet-path view can ask
// "what happens to tcp from docker0 to 192.0.2.2:80?" of any capture. A rule whose match we cannot
// evaluate (an unmodelled match, a missing packet field) is treated as not matching and flagged.
import type { Family, Firewall, FirewallBackend } from '../snapshot.js';
import type { RuleSpec } from '../rules/rule-spec.js';
import { hookOf, indexFirewall, type TableView } from '../rules/rule-view.js';
import { inPrefix, interfaceMatches } from '../ip.js';

export interface ForwardPacket {
  inInterface: string;
  outInterface: string;
  dst: string;
  /** Source address; rules that test it are uncertain without it. */
  src?: string | null;
  protocol: string;
  dport?: number | null;
  /** Connection-tracking state of the packet; a first packet is NEW (the default). */
  ctstate?: string;
  family?: Family;
  backend?: FirewallBackend;
}

export interface PathStep {
  kind: 'chain' | 'rule';
  table: string;
  chain: string;
  ruleId: string | null;
  position: number | null;
  action: 'enter' | 'jump' | 'goto' | 'accept' | 'drop' | 'reject' | 'return' | 'continue' | 'uncertain';
}

export interface ForwardPathResult {
  backend: FirewallBackend | null;
  family: Family;
  steps: PathStep[];
  verdict: 'ACCEPT' | 'DROP' | 'REJECT';
  /** The rule that decided; null when a base chain's policy (or no rule at all) did. */
  decidedBy: string | null;
  /** The base chain whose policy decided, when one did. */
  policyOf: string | null;
  /** Some rule on the way could not be evaluated, or nothing was known about this family. */
  uncertain: boolean;
}

type Outcome = { kind: 'accept' | 'drop' | 'reject'; ruleId: string } | { kind: 'return' | 'end' };
const PROTO_NUMBERS: Record<string, string> = {
  '6': 'tcp',
  '17': 'udp',
  '132': 'sctp',
  '1': 'icmp',
  '58': 'ipv6-icmp',
};
const proto = (p: string) =>
  (Object.hasOwn(PROTO_NUMBERS, p) ? PROTO_NUMBERS[p] : undefined) ?? p.toLowerCase();

/** true / false, or null when the rule tests something we cannot know about this packet. */
export function ruleMatches(spec: RuleSpec, p: ForwardPacket): boolean | null {
  const a = spec.args;
  let unknown = spec.unknown.length > 0;
  const checks: (boolean | null)[] = [];
  const test = (value: boolean | null, negated: boolean) =>
    checks.push(value === null ? null : value !== negated);
  if (a.protocol && a.protocol !== 'all' && a.protocol !== '0')
    test(proto(a.protocol) === proto(p.protocol), spec.protocolNegated);
  if (a.source) test(p.src ? inPrefix(p.src, a.source) : null, a.sourceNegated);
  if (a.destination) test(inPrefix(p.dst, a.destination), a.destinationNegated);
  if (a.inInterface) test(interfaceMatches(p.inInterface, a.inInterface), a.inInterfaceNegated);
  if (a.outInterface) test(interfaceMatches(p.outInterface, a.outInterface), a.outInterfaceNegated);
  if (a.dport) {
    const [lo = NaN, hi = lo] = a.dport.split(':').map(Number);
    test(p.dport == null ? null : p.dport >= lo && p.dport <= hi, spec.dportNegated);
  }
  // A forwarded packet is neither addressed to nor sent by this host.
  if (a.dstType)
    test(a.dstType === 'LOCAL' ? false : a.dstType === 'UNICAST' ? true : null, spec.dstTypeNegated);
  if (a.srcType) test(a.srcType === 'LOCAL' ? false : null, spec.srcTypeNegated);
  if (spec.ctstate) test(spec.ctstate.includes((p.ctstate ?? 'NEW').toUpperCase()), spec.ctstateNegated);
  if (checks.includes(false)) return false;
  if (checks.includes(null)) unknown = true;
  return unknown ? null : true;
}

function walkChain(
  view: TableView,
  chain: string,
  p: ForwardPacket,
  steps: PathStep[],
  state: { uncertain: boolean },
  depth: number,
): Outcome {
  steps.push({ kind: 'chain', table: view.table, chain, ruleId: null, position: null, action: 'enter' });
  if (depth > 64) {
    state.uncertain = true;
    return { kind: 'end' };
  }
  for (const rule of view.rules.get(chain) ?? []) {
    const spec = view.spec(rule);
    const step = (action: PathStep['action']) =>
      steps.push({
        kind: 'rule',
        table: view.table,
        chain,
        ruleId: rule.id,
        position: rule.position,
        action,
      });
    const matched = ruleMatches(spec, p);
    if (matched === null) {
      state.uncertain = true;
      step('uncertain');
      continue;
    }
    if (!matched) continue;
    let action = spec.action;
    if (action.kind === 'vmap') {
      const name =
        action.key === 'iifname' ? p.inInterface : action.key === 'oifname' ? p.outInterface : null;
      const entry = name === null ? undefined : action.entries.find((e) => e.key === name);
      if (action.key === 'other') state.uncertain = true;
      if (!entry) continue;
      action =
        entry.kind === 'jump' || entry.kind === 'goto'
          ? { kind: entry.kind, chain: entry.chain ?? '' }
          : entry.kind === 'continue'
            ? { kind: 'none' }
            : { kind: entry.kind };
    }
    switch (action.kind) {
      case 'accept':
      case 'drop':
      case 'reject':
        step(action.kind);
        return { kind: action.kind, ruleId: rule.id };
      case 'return':
        step('return');
        return { kind: 'return' };
      case 'jump':
      case 'goto': {
        step(action.kind);
        const inner = walkChain(view, action.chain, p, steps, state, depth + 1);
        if (inner.kind === 'accept' || inner.kind === 'drop' || inner.kind === 'reject') return inner;
        if (action.kind === 'goto') return { kind: 'return' };
        break;
      }
      case 'target':
        step('continue');
        break;
      default:
        break;
    }
  }
  return { kind: 'end' };
}

export function forwardPath(firewall: Firewall, packet: ForwardPacket): ForwardPathResult {
  const family: Family = packet.family ?? (packet.dst.includes(':') ? 'ipv6' : 'ipv4');
  const backend =
    packet.backend ??
    firewall.backends[0] ??
    firewall.chains.find((c) => c.family === family)?.backend ??
    null;
  const views = [...indexFirewall(firewall).values()].filter(
    (v) => v.backend === backend && v.family === family,
  );
  const bases: { view: TableView; chain: string; policy: string }[] = [];
  for (const view of views.sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0))) {
    if (backend !== 'nftables' && view.table !== 'filter') continue;
    for (const c of [...view.chains.values()].sort((a, b) => (a.name < b.name ? -1 : 1)))
      if (hookOf(c) === 'forward')
        bases.push({ view, chain: c.name, policy: (c.policy ?? 'ACCEPT').toUpperCase() });
  }
  const steps: PathStep[] = [];
  const state = { uncertain: bases.length === 0 };
  let result: Pick<ForwardPathResult, 'verdict' | 'decidedBy' | 'policyOf'> = {
    verdict: 'ACCEPT',
    decidedBy: null,
    policyOf: null,
  };
  // nft runs every base chain on the hook in turn: an accept passes the packet on, a drop ends it.
  for (const base of bases) {
    const outcome = walkChain(base.view, base.chain, packet, steps, state, 0);
    if (outcome.kind === 'accept' || outcome.kind === 'drop' || outcome.kind === 'reject') {
      result = {
        verdict: outcome.kind === 'accept' ? 'ACCEPT' : outcome.kind === 'drop' ? 'DROP' : 'REJECT',
        decidedBy: outcome.ruleId,
        policyOf: null,
      };
    } else {
      const verdict = base.policy === 'DROP' ? 'DROP' : 'ACCEPT';
      steps.push({
        kind: 'chain',
        table: base.view.table,
        chain: base.chain,
        ruleId: null,
        position: null,
        action: verdict === 'DROP' ? 'drop' : 'accept',
      });
      // A later base chain that merely lets the packet through does not outrank an earlier rule's accept.
      if (verdict === 'DROP' || result.decidedBy === null)
        result = { verdict, decidedBy: null, policyOf: `${base.view.table} ${base.chain}` };
    }
    if (result.verdict !== 'ACCEPT') break;
  }
  return { backend, family, steps, ...result, uncertain: state.uncertain };
}
