import { describe, expect, it } from 'vitest';
import { parseFirewall } from '../../../src/collect/firewall/firewall.js';
import type { FirewallFacts, TableFact } from '../../../src/collect/facts.js';
import { normaliseRuleText, toSnapshotFirewall } from '../../../src/topology/firewall.js';
import { Firewall } from '../../../src/model/snapshot.js';
import { loadOutputs, type Scenario } from '../collect/firewall-fixtures.js';

const SCENARIOS: Scenario[] = ['docker20', 'legacy', 'docker28', 'docker29', 'nftables'];

describe('toSnapshotFirewall', () => {
  it('produces schema-valid chains and rules for every recorded layout', () => {
    for (const scenario of SCENARIOS) {
      const fw = toSnapshotFirewall(parseFirewall(loadOutputs(scenario)));
      expect(() => Firewall.parse(fw)).not.toThrow();
      expect(fw.rules.length).toBeGreaterThan(10);
      expect(new Set(fw.rules.map((r) => r.id)).size).toBe(fw.rules.length);
    }
  });

  it('gives stable semantic ids: backend, family, table, chain, normalised text', () => {
    const fw = toSnapshotFirewall(parseFirewall(loadOutputs('docker28')));
    const dnat = fw.rules.find(
      (r) => r.target === 'DNAT' && r.text.includes('--dport 8080') && r.family === 'ipv4',
    );
    expect(dnat).toEqual({
      id: 'iptables-nft:ipv4:nat:DOCKER:-A DOCKER ! -i bridge1 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 192.0.2.2:80',
      backend: 'iptables-nft',
      family: 'ipv4',
      table: 'nat',
      chain: 'DOCKER',
      position: 3, // after the two '-i bridge -j RETURN' rules
      text: '-A DOCKER ! -i bridge1 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 192.0.2.2:80',
      target: 'DNAT',
      counters: { packets: 6, bytes: 360 },
    });
    const nft = toSnapshotFirewall(parseFirewall(loadOutputs('nftables')));
    const vmap = nft.rules.find(
      (r) => r.chain === 'filter-FORWARD' && r.family === 'ipv4' && r.position === 1,
    );
    expect(vmap?.id).toBe(
      'nftables:ipv4:docker-bridges:filter-FORWARD:oifname vmap @filter-forward-in-jumps',
    );
  });

  it('numbers identical rules in one chain #2, #3 and positions from 1', () => {
    const table: TableFact = {
      backend: 'iptables-legacy',
      family: 'ipv4',
      name: 'filter',
      chains: [{ name: 'X', policy: null, counters: null }],
      rules: ['-A X -j LOG', '-A X  -j LOG', '-A X -j RETURN', '-A X -j LOG'].map((text) => ({
        chain: 'X',
        text,
        target: null,
        args: {} as TableFact['rules'][number]['args'],
        counters: null,
      })),
    };
    const fw = toSnapshotFirewall({ backends: [], tables: [table], problems: [] });
    expect(fw.rules.map((r) => [r.id, r.position])).toEqual([
      ['iptables-legacy:ipv4:filter:X:-A X -j LOG', 1],
      ['iptables-legacy:ipv4:filter:X:-A X -j LOG#2', 2],
      ['iptables-legacy:ipv4:filter:X:-A X -j RETURN', 3],
      ['iptables-legacy:ipv4:filter:X:-A X -j LOG#3', 4],
    ]);
  });

  it('is deterministic: table order and counters do not change ids or order', () => {
    const facts = parseFirewall(loadOutputs('legacy'));
    const shuffled: FirewallFacts = {
      ...facts,
      tables: [...facts.tables].reverse().map((t) => ({
        ...t,
        chains: [...t.chains].reverse(),
        rules: t.rules.map((r) => ({ ...r, counters: { packets: 999, bytes: 999 } })),
      })),
    };
    const a = toSnapshotFirewall(facts);
    const b = toSnapshotFirewall(shuffled);
    expect(b.rules.map((r) => r.id)).toEqual(a.rules.map((r) => r.id));
    expect(b.chains.map((c) => `${c.family} ${c.table} ${c.name}`)).toEqual(
      a.chains.map((c) => `${c.family} ${c.table} ${c.name}`),
    );
    expect(a.rules.slice(0, 3).map((r) => `${r.family} ${r.table} ${r.chain} ${r.position}`)).toEqual([
      'ipv4 filter DOCKER 1',
      'ipv4 filter DOCKER 2',
      'ipv4 filter DOCKER 3',
    ]);
    expect(JSON.stringify(toSnapshotFirewall(facts))).toBe(JSON.stringify(a));
  });

  it('normalises rule text: whitespace, nft map elements', () => {
    expect(normaliseRuleText('iptables-nft', '-A DOCKER   -i docker0  -j RETURN ')).toBe(
      '-A DOCKER -i docker0 -j RETURN',
    );
    expect(normaliseRuleText('nftables', 'iifname vmap @m { "a" : jump x, "b" : jump y }')).toBe(
      'iifname vmap @m',
    );
  });
});
