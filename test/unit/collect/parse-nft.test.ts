import { describe, expect, it } from 'vitest';
import { parseNftRuleset } from '../../../src/collect/firewall/parse-nft.js';
import { parseNftRuleText } from '../../../src/model/rules/nft-text.js';
import { fixtureText } from './firewall-fixtures.js';

describe('parseNftRuleset on a real Engine-29-style native ruleset', () => {
  const problems: string[] = [];
  const tables = parseNftRuleset(fixtureText('nftables', 'nft-ruleset.out'), problems);
  const v4 = tables.find((t) => t.family === 'ipv4' && t.name === 'docker-bridges');
  const v6 = tables.find((t) => t.family === 'ipv6' && t.name === 'docker-bridges');
  const rule = (chain: string, includes: string) =>
    v4?.rules.find((r) => r.chain === chain && r.text.includes(includes));

  it('keeps native tables (inet serves both families) and drops the iptables-nft one (xt)', () => {
    expect(problems).toEqual([]);
    expect(tables.map((t) => `${t.backend} ${t.family} ${t.name}`)).toEqual([
      'nftables ipv4 docker-bridges',
      'nftables ipv6 docker-bridges',
      'nftables ipv4 inet:filter',
      'nftables ipv6 inet:filter',
    ]);
  });

  it('reads chains: base chains carry their policy, regular chains none', () => {
    expect(v4?.chains.find((c) => c.name === 'filter-FORWARD')).toEqual({
      name: 'filter-FORWARD',
      policy: 'ACCEPT',
      counters: null,
    });
    expect(v4?.chains.find((c) => c.name === 'nat-prerouting-and-output')?.policy).toBeNull();
    expect(v4?.chains).toHaveLength(18); // 5 base chains, nat-prerouting-and-output, 4 per bridge × 3
  });

  it('renders a DNAT rule as nft prints it and maps it into RuleArgs', () => {
    const dnat = rule('nat-prerouting-and-output', 'dport 8080');
    expect(dnat?.text).toBe(
      'iifname != "bridge1" tcp dport 8080 counter dnat to 192.0.2.2:80 comment "DNAT"',
    );
    expect(dnat?.target).toBe('DNAT');
    expect(dnat?.counters).toEqual({ packets: 6, bytes: 360 });
    expect(dnat?.args).toMatchObject({
      protocol: 'tcp',
      inInterface: 'bridge1',
      inInterfaceNegated: true,
      dport: '8080',
      toDestination: '192.0.2.2:80',
      comment: 'DNAT',
    });
    expect(rule('nat-prerouting-and-output', 'dport 8081')?.args).toMatchObject({
      destination: '127.0.0.1',
      dport: '8081',
    });
    expect(rule('nat-prerouting-and-output', 'udp')?.args).toMatchObject({
      protocol: 'udp',
      dport: '5353',
      toDestination: '192.0.2.2:53',
    });
    const v6dnat = v6?.rules.find((r) => r.target === 'DNAT');
    expect(v6dnat?.text).toBe(
      'iifname != "bridge1" tcp dport 8080 counter dnat to [fd49:efd7:54aa::2]:80 comment "DNAT"',
    );
    expect(v6dnat?.args.toDestination).toBe('[fd49:efd7:54aa::2]:80');
  });

  it('maps masquerade, jumps, fib, ct state and verdict maps', () => {
    const masq = rule('nat-postrouting-out__bridge1', 'masquerade');
    expect(masq?.target).toBe('MASQUERADE');
    expect(masq?.args).toMatchObject({
      source: '192.0.2.0/24',
      outInterface: 'bridge1',
      outInterfaceNegated: true,
    });
    const pre = v4?.rules.find((r) => r.chain === 'nat-PREROUTING');
    expect(pre?.text).toBe('fib daddr type local counter jump nat-prerouting-and-output');
    expect(pre?.target).toBe('nat-prerouting-and-output');
    expect(pre?.args.dstType).toBe('LOCAL');
    const out = v4?.rules.find((r) => r.chain === 'nat-OUTPUT');
    expect(out?.args).toMatchObject({
      destination: '127.0.0.0/8',
      destinationNegated: true,
      dstType: 'LOCAL',
    });
    const ct = rule('filter-forward-in__bridge1', 'ct state');
    expect(ct?.text).toBe('ct state established,related counter accept');
    expect(ct?.target).toBe('ACCEPT');
    const vmap = v4?.rules.find((r) => r.chain === 'filter-FORWARD' && r.text.startsWith('oifname'));
    expect(vmap?.target).toBeNull();
    expect(vmap?.text).toBe(
      'oifname vmap @filter-forward-in-jumps { "docker0" : jump filter-forward-in__docker0, "bridge1" : jump filter-forward-in__bridge1, "bridgeint" : jump filter-forward-in__bridgeint }',
    );
    expect(parseNftRuleText(vmap?.text ?? '').action).toEqual({
      kind: 'vmap',
      key: 'oifname',
      map: '@filter-forward-in-jumps',
      entries: [
        { key: 'docker0', kind: 'jump', chain: 'filter-forward-in__docker0' },
        { key: 'bridge1', kind: 'jump', chain: 'filter-forward-in__bridge1' },
        { key: 'bridgeint', kind: 'jump', chain: 'filter-forward-in__bridgeint' },
      ],
    });
  });

  it('ignores tables iptables-nft owns: Docker 20.10 host (all xt) and named skips', () => {
    expect(parseNftRuleset(fixtureText('docker20', 'nft-ruleset.out'))).toEqual([]);
    const skipped = parseNftRuleset(
      fixtureText('nftables', 'nft-ruleset.out'),
      [],
      new Set(['ip docker-bridges']),
    );
    expect(skipped.map((t) => `${t.family} ${t.name}`)).toEqual([
      'ipv6 docker-bridges',
      'ipv4 inet:filter',
      'ipv6 inet:filter',
    ]);
  });
});

describe('parseNftRuleset on bad input', () => {
  it('reports non-JSON and unexpected layouts instead of throwing', () => {
    const problems: string[] = [];
    expect(parseNftRuleset('Error: cache initialization failed', problems)).toEqual([]);
    expect(parseNftRuleset('{"tables": []}', problems)).toEqual([]);
    expect(parseNftRuleset('', problems)).toEqual([]);
    expect(problems).toEqual([
      'nft -j list ruleset: output is not JSON',
      'nft -j list ruleset: unexpected JSON layout (no "nftables" list)',
    ]);
  });

  it('skips malformed entries, keeps unknown expressions in the text as unknown matches', () => {
    const problems: string[] = [];
    const tables = parseNftRuleset(
      {
        nftables: [
          { table: { family: 'ip', name: 't' } },
          { table: { family: 'netdev', name: 'ignored' } },
          { chain: { family: 'ip', table: 't', name: 'c', hook: 'forward' } },
          { chain: { family: 'ip', name: 'no-table' } },
          {
            rule: {
              family: 'ip',
              table: 't',
              chain: 'c',
              expr: [{ limit: { rate: 5, per: 'second' } }, { accept: null }],
            },
          },
          { rule: { family: 'ip', table: 't', chain: 'c', expr: 'not a list' } },
        ],
      },
      problems,
    );
    expect(problems).toEqual(['nft -j list ruleset: 2 unreadable table/chain/rule entries ignored']);
    expect(tables).toHaveLength(1);
    expect(tables[0]?.chains).toEqual([{ name: 'c', policy: 'ACCEPT', counters: null }]);
    const text = tables[0]?.rules[0]?.text ?? '';
    expect(text).toBe('limit {"rate":5,"per":"second"} accept');
    expect(tables[0]?.rules[0]?.target).toBe('ACCEPT');
    expect(parseNftRuleText(text).unknown.length).toBeGreaterThan(0);
  });
});
