// One netfilter hook walked for one packet: every base chain on the hook (raw, nat, filter; iptables'
// built-in chains or nft base chains) in priority order, following jumps, gotos and verdict maps, with
// the NAT statement that matched (DNAT in PREROUTING/OUTPUT, MASQUERADE/SNAT in POSTROUTING). Pure:
// reads only the snapshot Firewall. A rule whose match cannot be evaluated (an unmodelled match, a
// missing packet field) is taken as not matching and reported, so callers can say what was unknown.
import type { Family, Firewall, FirewallBackend } from '../snapshot.js';
import type { RuleSpec } from '../rules/rule-spec.js';
import { hookOf, indexFirewall, type Hook, type TableView } from '../rules/rule-view.js';
import { ruleMatches, type NfPacket } from './rule-match.js';

export type { NfPacket } from './rule-match.js';

export { ruleMatches } from './rule-match.js';

export type StepAction =
  'enter' | 'jump' | 'goto' | 'accept' | 'drop' | 'reject' | 'return' | 'continue' | 'nat' | 'uncertain';

export interface PathStep {
  kind: 'chain' | 'rule';
  table: string;
  chain: string;
  ruleId: string | null;
  position: number | null;
  action: StepAction;
}

export interface NatAction {
  ruleId: string;
  table: string;
  chain: string;
  position: number;
  target: 'DNAT' | 'SNAT' | 'MASQUERADE' | 'REDIRECT' | 'NETMAP';
  /** --to-destination / --to-source, as written. */
  to: string | null;
}

/** A rule that could not be evaluated, with what it would have done had it matched. */
export interface UnknownRule {
  ruleId: string;
  action: RuleSpec['action']['kind'] | 'nat-source' | 'nat-destination';
}

export interface HookResult {
  backend: FirewallBackend | null;
  family: Family;
  steps: PathStep[];
  verdict: 'ACCEPT' | 'DROP' | 'REJECT';
  /** The rule that decided; null when a base chain's policy (or no rule at all) did. */
  decidedBy: string | null;
  /** The base chain whose policy decided, as `table chain`, when one did. */
  policyOf: string | null;
  nat: NatAction | null;
  /** Base chains found on this hook (0: the snapshot has no rules for this family and hook). */
  baseChains: number;
  unknown: UnknownRule[];
}

type ChainType = 'raw' | 'mangle' | 'nat' | 'filter';
type Outcome =
  | { kind: 'accept' | 'drop' | 'reject'; ruleId: string }
  | { kind: 'nat'; nat: NatAction }
  | { kind: 'return' | 'end' };

const NAT_TARGETS = new Set(['DNAT', 'SNAT', 'MASQUERADE', 'REDIRECT', 'NETMAP']);
const DESTINATION_NAT = new Set(['DNAT', 'REDIRECT']);

/** The type of a base chain: iptables' table name; for nft, read from the chain or table name. */
function chainType(view: TableView, chain: string): ChainType | null {
  if (view.backend !== 'nftables')
    return (['raw', 'mangle', 'nat', 'filter'] as const).find((t) => t === view.table) ?? null;
  const name = `${chain} ${view.table}`.toLowerCase();
  return name.includes('nat')
    ? 'nat'
    : name.includes('raw')
      ? 'raw'
      : name.includes('mangle')
        ? 'mangle'
        : 'filter';
}

/** Netfilter priorities: raw -300, mangle -150, dstnat -100, filter 0, srcnat 100. */
function rank(type: ChainType, hook: Hook): number {
  if (type === 'nat') return hook === 'prerouting' || hook === 'output' ? -100 : 100;
  return { raw: -300, mangle: -150, filter: 0 }[type];
}

interface WalkState {
  steps: PathStep[];
  unknown: UnknownRule[];
  /** In a nat chain: a NAT statement ends the walk of the hook's nat chains. */
  nat: boolean;
}

function walkChain(view: TableView, chain: string, p: NfPacket, state: WalkState, depth: number): Outcome {
  state.steps.push({
    kind: 'chain',
    table: view.table,
    chain,
    ruleId: null,
    position: null,
    action: 'enter',
  });
  if (depth > 64) return { kind: 'end' };
  for (const rule of view.rules.get(chain) ?? []) {
    const spec = view.spec(rule);
    const step = (action: StepAction) =>
      state.steps.push({
        kind: 'rule',
        table: view.table,
        chain,
        ruleId: rule.id,
        position: rule.position,
        action,
      });
    const matched = ruleMatches(spec, p);
    let action = spec.action;
    if (matched === null) {
      const target = action.kind === 'target' ? action.target : null;
      state.unknown.push({
        ruleId: rule.id,
        action:
          target && DESTINATION_NAT.has(target)
            ? 'nat-destination'
            : target && NAT_TARGETS.has(target)
              ? 'nat-source'
              : action.kind,
      });
      step('uncertain');
      continue;
    }
    if (!matched) continue;
    if (action.kind === 'vmap') {
      const name =
        action.key === 'iifname' ? p.inInterface : action.key === 'oifname' ? p.outInterface : null;
      const entry = name === null ? undefined : action.entries.find((e) => e.key === name);
      if (action.key === 'other') state.unknown.push({ ruleId: rule.id, action: 'vmap' });
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
        const inner = walkChain(view, action.chain, p, state, depth + 1);
        if (inner.kind !== 'return' && inner.kind !== 'end') return inner;
        if (action.kind === 'goto') return { kind: 'return' };
        break;
      }
      case 'target':
        if (action.target === 'REJECT') {
          step('reject');
          return { kind: 'reject', ruleId: rule.id };
        }
        if (state.nat && NAT_TARGETS.has(action.target)) {
          step('nat');
          const a = spec.args;
          return {
            kind: 'nat',
            nat: {
              ruleId: rule.id,
              table: view.table,
              chain,
              position: rule.position,
              target: action.target as NatAction['target'],
              to: action.target === 'SNAT' ? a.toSource : a.toDestination,
            },
          };
        }
        step('continue');
        break;
      default:
        break;
    }
  }
  return { kind: 'end' };
}

export interface WalkOptions {
  /** Chain types to walk (default all that exist: raw, mangle, nat, filter). */
  types?: readonly ChainType[];
  backend?: FirewallBackend;
}

/** Walk every base chain of `hook` for this packet's family, in priority order. */
export function walkHook(firewall: Firewall, hook: Hook, p: NfPacket, options: WalkOptions = {}): HookResult {
  const family = p.family;
  const backend =
    options.backend ??
    firewall.backends[0] ??
    firewall.chains.find((c) => c.family === family)?.backend ??
    null;
  const bases: { view: TableView; chain: string; policy: string; type: ChainType }[] = [];
  for (const view of indexFirewall(firewall).values()) {
    if (view.backend !== backend || view.family !== family) continue;
    for (const c of view.chains.values()) {
      if (hookOf(c) !== hook) continue;
      // iptables: the built-in chain of the hook's name in each table.
      if (view.backend !== 'nftables' && c.name.toLowerCase() !== hook) continue;
      const type = chainType(view, c.name);
      if (type === null || (options.types && !options.types.includes(type))) continue;
      bases.push({ view, chain: c.name, policy: (c.policy ?? 'ACCEPT').toUpperCase(), type });
    }
  }
  const key = (b: (typeof bases)[number]) =>
    `${String(rank(b.type, hook) + 1000).padStart(5, '0')} ${b.view.table} ${b.chain}`;
  bases.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const steps: PathStep[] = [];
  const unknown: UnknownRule[] = [];
  let result: Pick<HookResult, 'verdict' | 'decidedBy' | 'policyOf' | 'nat'> = {
    verdict: 'ACCEPT',
    decidedBy: null,
    policyOf: null,
    nat: null,
  };
  // nft runs every base chain on the hook in turn: an accept passes the packet on, a drop ends it.
  for (const base of bases) {
    // Only the first packet of a connection sees the nat chains, and only one NAT statement applies.
    if (base.type === 'nat' && result.nat) continue;
    const state: WalkState = { steps, unknown, nat: base.type === 'nat' };
    const outcome = walkChain(base.view, base.chain, p, state, 0);
    if (outcome.kind === 'nat') {
      result = { ...result, nat: outcome.nat };
      continue;
    }
    if (outcome.kind === 'accept' || outcome.kind === 'drop' || outcome.kind === 'reject') {
      // An accept in a raw or nat chain only ends that chain; the filter chains decide.
      if (outcome.kind !== 'accept' || (result.decidedBy === null && base.type === 'filter'))
        result = {
          ...result,
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
        result = { ...result, verdict, decidedBy: null, policyOf: `${base.view.table} ${base.chain}` };
    }
    if (result.verdict !== 'ACCEPT') break;
  }
  return { backend, family, steps, ...result, baseChains: bases.length, unknown };
}

/**
 * Whether the unevaluated rules could change this outcome: a verdict rule that would have decided
 * otherwise, a jump into rules we did not follow, or a destination NAT. A MASQUERADE/SNAT or LOG rule
 * changes a source address or nothing, never where the packet goes.
 */
export function unknownMatters(result: HookResult): UnknownRule[] {
  const verdict = result.verdict.toLowerCase();
  return result.unknown.filter((u) => {
    if (u.action === 'accept' || u.action === 'drop' || u.action === 'reject') return u.action !== verdict;
    return u.action !== 'nat-source' && u.action !== 'target' && u.action !== 'none';
  });
}
