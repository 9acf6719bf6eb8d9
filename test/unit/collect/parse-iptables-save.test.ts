import { describe, expect, it } from 'vitest';
import { parseIptablesSave } from '../../../src/collect/firewall/parse-iptables-save.js';
import { parseRuleLine, tokenize } from '../../../src/model/rules/iptables-rule.js';
import { fixtureText } from './firewall-fixtures.js';

describe('tokenize', () => {
  it('keeps quoted words with spaces and escaped quotes together', () => {
    expect(tokenize('-m comment --comment "block \\"bad\\" net (ticket 42)" -g USER-BLOCK')).toEqual([
      '-m',
      'comment',
      '--comment',
      'block "bad" net (ticket 42)',
      '-g',
      'USER-BLOCK',
    ]);
    expect(tokenize("--log-prefix 'a b'  -j LOG")).toEqual(['--log-prefix', 'a b', '-j', 'LOG']);
    expect(tokenize('--comment ""')).toEqual(['--comment', '']);
  });

  it('refuses an unterminated quote', () => {
    expect(tokenize('--comment "oops')).toBeNull();
  });
});

describe('parseIptablesSave on real iptables-legacy-save output', () => {
  const problems: string[] = [];
  const tables = parseIptablesSave(
    fixtureText('legacy', 'iptables-legacy-save.out'),
    'iptables-legacy',
    'ipv4',
    problems,
  );
  const filter = tables.find((t) => t.name === 'filter');
  const nat = tables.find((t) => t.name === 'nat');

  it('reads tables, chains with policies and counters', () => {
    expect(problems).toEqual([]);
    expect(tables.map((t) => t.name)).toEqual(['nat', 'filter']);
    expect(tables.every((t) => t.backend === 'iptables-legacy' && t.family === 'ipv4')).toBe(true);
    expect(filter?.chains.find((c) => c.name === 'FORWARD')).toEqual({
      name: 'FORWARD',
      policy: 'DROP',
      counters: { packets: 3, bytes: 180 },
    });
    expect(filter?.chains.find((c) => c.name === 'DOCKER')).toEqual({
      name: 'DOCKER',
      policy: null,
      counters: { packets: 0, bytes: 0 },
    });
    expect(nat?.chains.map((c) => c.name)).toEqual([
      'PREROUTING',
      'INPUT',
      'OUTPUT',
      'POSTROUTING',
      'DOCKER',
    ]);
  });

  it('reads rules: counters, text without counters, target and arguments', () => {
    const dnat = nat?.rules.find((r) => r.args.dport === '8080');
    expect(dnat).toEqual({
      chain: 'DOCKER',
      text: '-A DOCKER ! -i br-3239d88a8b6b -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.10.0.3:80',
      target: 'DNAT',
      counters: { packets: 4, bytes: 240 },
      args: {
        protocol: 'tcp',
        source: null,
        sourceNegated: false,
        destination: null,
        destinationNegated: false,
        inInterface: 'br-3239d88a8b6b',
        inInterfaceNegated: true,
        outInterface: null,
        outInterfaceNegated: false,
        dport: '8080',
        dstType: null,
        srcType: null,
        toDestination: '10.10.0.3:80',
        toSource: null,
        comment: null,
      },
    });
    const udp = nat?.rules.find((r) => r.args.protocol === 'udp' && r.target === 'DNAT');
    expect(udp?.args).toMatchObject({
      destination: '127.0.0.1/32',
      destinationNegated: false,
      dport: '5353',
    });
    const prerouting = nat?.rules.find((r) => r.chain === 'PREROUTING');
    expect(prerouting).toMatchObject({
      target: 'DOCKER',
      args: { dstType: 'LOCAL' },
      counters: { packets: 25, bytes: 1500 },
    });
    const output = nat?.rules.find((r) => r.chain === 'OUTPUT');
    expect(output?.args).toMatchObject({
      destination: '127.0.0.0/8',
      destinationNegated: true,
      dstType: 'LOCAL',
    });
    const masq = nat?.rules.find((r) => r.target === 'MASQUERADE');
    expect(masq?.args).toMatchObject({
      source: '10.10.0.0/24',
      outInterface: 'br-3239d88a8b6b',
      outInterfaceNegated: true,
    });
    const isolation = filter?.rules.find((r) => r.text.includes('! -s 10.10.1.0/24'));
    expect(isolation?.args).toMatchObject({
      source: '10.10.1.0/24',
      sourceNegated: true,
      outInterface: 'br-4f1c2d3e5a6b',
    });
  });

  it('keeps quoted comments, goto targets and unknown matches without breaking', () => {
    const user = filter?.rules.filter((r) => r.chain === 'DOCKER-USER') ?? [];
    expect(user[0]?.target).toBe('USER-BLOCK');
    expect(user[0]?.args.comment).toBe('block "bad" net (ticket 42)');
    expect(user[0]?.text).toBe(
      '-A DOCKER-USER -s 203.0.113.0/24 -m comment --comment "block \\"bad\\" net (ticket 42)" -g USER-BLOCK',
    );
    expect(user[1]?.text).toContain('-m multiport --dports 25,465 -m limit --limit 5/min');
    expect(user[1]?.target).toBe('LOG');
    expect(user[1]?.args.protocol).toBe('tcp');
    expect(user[2]?.target).toBe('ACCEPT');
    expect(user[3]?.target).toBe('RETURN');
    expect(parseRuleLine(user[1]?.text ?? '')?.spec.unknown).toEqual(['multiport', 'limit']);
    expect(parseRuleLine(user[2]?.text ?? '')?.spec.unknown).toEqual(['mark']);
    expect(parseRuleLine(user[0]?.text ?? '')?.spec.action).toEqual({ kind: 'goto', chain: 'USER-BLOCK' });
  });

  it('reads conntrack states and IPv6 DNAT targets', () => {
    const ct = parseRuleLine('-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
    expect(ct?.spec.ctstate).toEqual(['RELATED', 'ESTABLISHED']);
    expect(ct?.spec.action).toEqual({ kind: 'accept' });
    const v6 = parseIptablesSave(
      fixtureText('legacy', 'ip6tables-legacy-save.out'),
      'iptables-legacy',
      'ipv6',
    );
    const dnat = v6.find((t) => t.name === 'nat')?.rules.find((r) => r.target === 'DNAT');
    expect(dnat?.args.toDestination).toBe('[fd00:dead:beef::3]:80');
    expect(v6.every((t) => t.family === 'ipv6')).toBe(true);
  });
});

describe('parseIptablesSave on bad input', () => {
  it('reports garbage lines as problems and keeps the good ones', () => {
    const problems: string[] = [];
    const text = [
      'garbage before any table',
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      ':BROKEN',
      '[1:2] -A PREROUTING -j DOCKER',
      'this is not a rule',
      '-A UNDECLARED -j RETURN',
      '-A PREROUTING --comment "unterminated',
      'COMMIT',
      '*filter',
      '-A FORWARD -j ACCEPT',
    ].join('\n');
    const tables = parseIptablesSave(text, 'iptables-nft', 'ipv4', problems);
    expect(tables.map((t) => t.name)).toEqual(['nat', 'filter']);
    expect(tables[0]?.rules.map((r) => r.text)).toEqual([
      '-A PREROUTING -j DOCKER',
      '-A UNDECLARED -j RETURN',
    ]);
    expect(tables[0]?.chains.map((c) => c.name)).toEqual(['PREROUTING', 'UNDECLARED']);
    expect(problems).toEqual([
      'iptables-nft-save line 1: outside a table: "garbage before any table"',
      'iptables-nft-save line 4: bad chain line ":BROKEN"',
      'iptables-nft-save line 6: not a rule: "this is not a rule"',
      'iptables-nft-save line 7: rule for undeclared chain UNDECLARED',
      'iptables-nft-save line 8: not a rule: "-A PREROUTING --comment \\"unterminated"',
      'iptables-nft-save line 11: rule for undeclared chain FORWARD',
      'iptables-nft-save: table filter has no COMMIT (output cut short?)',
    ]);
  });

  it('caps the number of problems on a flood of garbage', () => {
    const problems: string[] = [];
    parseIptablesSave(
      Array.from({ length: 500 }, (_, i) => `junk ${i}`).join('\n'),
      'iptables-legacy',
      'ipv6',
      problems,
    );
    expect(problems).toHaveLength(21);
    expect(problems[20]).toBe('ip6tables-legacy-save: 480 more unreadable lines');
  });

  it('returns nothing for empty output and notes incompatible tables', () => {
    expect(parseIptablesSave('', 'iptables-legacy', 'ipv4')).toEqual([]);
    const problems: string[] = [];
    parseIptablesSave(
      "# Table `filter' is incompatible, use 'nft' tool.\n",
      'iptables-nft',
      'ipv4',
      problems,
    );
    expect(problems).toEqual(["iptables-nft-save: Table `filter' is incompatible, use 'nft' tool."]);
  });
});
