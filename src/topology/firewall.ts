// FirewallFacts → the snapshot's Firewall: chains and rules with semantic ids, so two captures of
// the same rules compare as equal whatever their order of discovery or their counters.
import type { FirewallFacts, RuleFact, TableFact } from '../collect/facts.js';
import type { Chain, Firewall, FirewallBackend, Rule } from '../model/snapshot.js';
import { cmp } from '../model/order.js';
import { keptPer } from './kept.js';

/**
 * The rule text an id is made of: whitespace collapsed (iptables lines keep their `-A CHAIN`, as
 * docs/snapshot.md shows); nft verdict maps lose their elements, since a new network changes the
 * map's contents, not the rule's identity.
 */
export function normaliseRuleText(backend: FirewallBackend, text: string): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return backend === 'nftables' ? t.replace(/ vmap (@\S+) \{[^}]*\}/g, ' vmap $1') : t;
}

// Kept per fact (kept.ts): at a thousand published ports a table's 3,000 rules were normalised and
// rebuilt twice per update, and every rebuilt rule deep-compared in the diff.
const bases = keptPer<RuleFact, string>();
const built = keptPer<RuleFact, Rule>();

/** The rule's id before repeats are counted: table, chain and normalised text. */
function baseId(table: TableFact, r: RuleFact): string {
  const tableKey = `${table.backend}:${table.family}:${table.name}`;
  return bases(r, tableKey, () => `${tableKey}:${r.chain}:${normaliseRuleText(table.backend, r.text)}`);
}

/** Ids and positions of a table's rules, in the table's order. */
export function ruleIdentities(table: TableFact): { id: string; position: number }[] {
  const positions = new Map<string, number>();
  const repeats = new Map<string, number>();
  return table.rules.map((r) => {
    const position = (positions.get(r.chain) ?? 0) + 1;
    positions.set(r.chain, position);
    const base = baseId(table, r);
    const n = (repeats.get(base) ?? 0) + 1;
    repeats.set(base, n);
    return { id: n > 1 ? `${base}#${n}` : base, position };
  });
}

const chainKey = (c: Chain) => [c.backend, c.family, c.table, c.name];
const ruleKey = (r: Rule) => [r.backend, r.family, r.table, r.chain];

function compareKeys(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = cmp(a[i] ?? '', b[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}

export function toSnapshotFirewall(facts: FirewallFacts): Firewall {
  const chains: Chain[] = [];
  const rules: Rule[] = [];
  const seenChains = new Set<string>();
  for (const table of facts.tables) {
    for (const c of table.chains) {
      const chain: Chain = {
        backend: table.backend,
        family: table.family,
        table: table.name,
        name: c.name,
        policy: c.policy,
        counters: c.counters,
      };
      const key = chainKey(chain).join('\u0000');
      if (seenChains.has(key)) continue;
      seenChains.add(key);
      chains.push(chain);
    }
    const ids = ruleIdentities(table);
    table.rules.forEach((r, i) => {
      const identity = ids[i];
      if (!identity) return;
      const key = `${identity.id}\n${String(identity.position)}\n${table.name}`;
      rules.push(
        built(r, key, () => ({
          id: identity.id,
          backend: table.backend,
          family: table.family,
          table: table.name,
          chain: r.chain,
          position: identity.position,
          text: r.text,
          target: r.target,
          counters: r.counters,
        })),
      );
    });
  }
  chains.sort((a, b) => compareKeys(chainKey(a), chainKey(b)));
  rules.sort((a, b) => compareKeys(ruleKey(a), ruleKey(b)) || a.position - b.position);
  return { backends: [...facts.backends], chains, rules };
}
