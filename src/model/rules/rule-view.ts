// A snapshot Firewall seen as tables of chains, each rule re-read from its text (iptables-save line or
// nft rule) so the NAT and packet-path code work on any snapshot, saved or fresh, without raw facts.
import type { Chain, Family, Firewall, FirewallBackend, Rule } from '../snapshot.js';
import { parseRuleLine, resolveJumps } from './iptables-rule.js';
import { parseNftRuleText } from './nft-text.js';
import { emptySpec, type RuleSpec } from './rule-spec.js';

export type Hook = 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting';
const HOOKS = new Set<string>(['prerouting', 'input', 'forward', 'output', 'postrouting']);

export interface TableView {
  backend: FirewallBackend;
  family: Family;
  table: string;
  chains: Map<string, Chain>;
  /** Rules per chain, by position. */
  rules: Map<string, Rule[]>;
  spec(rule: Rule): RuleSpec;
}

export const tableKey = (backend: string, family: string, table: string) => `${backend}|${family}|${table}`;

/**
 * The netfilter hook a base chain is attached to. iptables: the built-in chains (they have a policy).
 * nft: base chains have a policy too; the hook is read from the name (`nat-PREROUTING`, `forward`),
 * which is how Docker and most rulesets name them: the snapshot does not keep nft's hook field.
 */
export function hookOf(chain: Chain): Hook | null {
  if (chain.policy === null) return null;
  const last = chain.name.split('-').pop()?.toLowerCase() ?? '';
  return HOOKS.has(last) ? (last as Hook) : null;
}

export function indexFirewall(firewall: Firewall): Map<string, TableView> {
  const views = new Map<string, TableView>();
  const view = (backend: FirewallBackend, family: Family, table: string): TableView => {
    const key = tableKey(backend, family, table);
    let v = views.get(key);
    if (!v) {
      const specs = new Map<Rule, RuleSpec>();
      const chains = new Map<string, Chain>();
      const made: TableView = {
        backend,
        family,
        table,
        chains,
        rules: new Map(),
        spec(rule) {
          let s = specs.get(rule);
          if (!s) {
            s = specOf(rule, chains);
            specs.set(rule, s);
          }
          return s;
        },
      };
      views.set(key, made);
      v = made;
    }
    return v;
  };
  for (const c of firewall.chains) view(c.backend, c.family, c.table).chains.set(c.name, c);
  for (const r of firewall.rules) {
    const v = view(r.backend, r.family, r.table);
    const list = v.rules.get(r.chain) ?? [];
    list.push(r);
    v.rules.set(r.chain, list);
  }
  for (const v of views.values())
    for (const list of v.rules.values()) list.sort((a, b) => a.position - b.position);
  return views;
}

function specOf(rule: Rule, chains: ReadonlyMap<string, Chain>): RuleSpec {
  if (rule.backend === 'nftables') return parseNftRuleText(rule.text);
  const parsed = parseRuleLine(rule.text);
  if (!parsed) {
    const spec = emptySpec();
    spec.unknown.push('unreadable rule');
    return spec;
  }
  return resolveJumps(parsed.spec, new Set(chains.keys()));
}

/** Chains a rule can pass control to (jump/goto targets, verdict-map entries). */
export function successors(spec: RuleSpec): string[] {
  const a = spec.action;
  if (a.kind === 'jump' || a.kind === 'goto') return [a.chain];
  if (a.kind === 'vmap') return a.entries.flatMap((e) => (e.chain ? [e.chain] : []));
  return [];
}

/** Shortest chain path from a base chain to `target` by following jumps, or null. */
export function chainPathTo(view: TableView, from: string, target: string): string[] | null {
  const previous = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const chain = queue.shift() ?? '';
    if (chain === target) {
      const path: string[] = [];
      for (let c: string | null = chain; c !== null; c = previous.get(c) ?? null) path.unshift(c);
      return path;
    }
    for (const rule of view.rules.get(chain) ?? []) {
      for (const next of successors(view.spec(rule))) {
        if (!previous.has(next)) {
          previous.set(next, chain);
          queue.push(next);
        }
      }
    }
  }
  return null;
}
