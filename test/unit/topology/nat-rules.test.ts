import { describe, expect, it } from 'vitest';
import { parseFirewall } from '../../../src/collect/firewall/firewall.js';
import { parseIptablesSave } from '../../../src/collect/firewall/parse-iptables-save.js';
import { toSnapshotFirewall } from '../../../src/topology/firewall.js';
import { extractNatRules, parseNatTo, type NatRules } from '../../../src/topology/nat-rules.js';
import { docker20Lab, loadOutputs, type Scenario } from '../collect/firewall-fixtures.js';

function natOf(scenario: Scenario): NatRules {
  const facts = parseFirewall(loadOutputs(scenario));
  return extractNatRules(toSnapshotFirewall(facts), facts);
}

/** `proto host:port -> to:port (! -i x)` per DNAT, sorted: compact to compare whole sets. */
const dnatLines = (nat: NatRules) =>
  nat.dnat
    .map(
      (d) =>
        `${d.family} ${d.protocol} ${d.hostIp}:${d.hostPort} -> ${d.toAddress}:${d.toPort} !${d.excludeInterface ?? '-'}`,
    )
    .sort();
const NAT_PATH = ['nat PREROUTING', 'nat DOCKER'];

describe('extractNatRules on the real Engine 20.10 lab (iptables-nft)', () => {
  const lab = docker20Lab();
  const nat = natOf('docker20');
  const mine = nat.dnat.filter((d) => [lab.web, lab.range].includes(d.toAddress));

  it('finds every published port, a range as one rule per port, udp and the 127.0.0.1 binding', () => {
    expect(dnatLines({ ...nat, dnat: mine })).toEqual(
      [
        `ipv4 tcp 0.0.0.0:8080 -> ${lab.web}:80 !${lab.appnetBridge}`,
        `ipv4 tcp 0.0.0.0:9000 -> ${lab.range}:9000 !docker0`,
        `ipv4 tcp 0.0.0.0:9001 -> ${lab.range}:9001 !docker0`,
        `ipv4 udp 127.0.0.1:5353 -> ${lab.range}:53 !docker0`,
      ].sort(),
    );
    for (const d of mine) {
      expect(d.chainPath).toEqual(NAT_PATH);
      expect(d.localChainPath).toEqual(['nat OUTPUT', 'nat DOCKER']);
      expect(d.ruleId).toMatch(/^iptables-nft:ipv4:nat:DOCKER:-A DOCKER .* -j DNAT --to-destination /);
      expect(d.rawDrops).toEqual([]);
    }
  });

  it('finds the MASQUERADE rules of both networks and the hairpin ones', () => {
    const masq = nat.masquerade.filter(
      (m) => m.excludeOutInterface === lab.appnetBridge || m.source.startsWith(lab.web),
    );
    expect(masq.map((m) => [m.source, m.destination, m.excludeOutInterface])).toEqual([
      ['10.77.10.0/24', null, lab.appnetBridge],
      [`${lab.web}/32`, `${lab.web}/32`, null],
    ]);
    expect(nat.masquerade.find((m) => m.source === '172.17.0.0/16')?.excludeOutInterface).toBe('docker0');
  });
});

describe('extractNatRules by meaning across engine layouts', () => {
  it('iptables-legacy (Docker 20 shape): range DNAT expanded port by port, IPv6 DNAT', () => {
    expect(dnatLines(natOf('legacy'))).toEqual([
      'ipv4 tcp 0.0.0.0:7000 -> 172.17.0.3:7000 !docker0',
      'ipv4 tcp 0.0.0.0:7001 -> 172.17.0.3:7001 !docker0',
      'ipv4 tcp 0.0.0.0:8080 -> 10.10.0.3:80 !br-3239d88a8b6b',
      'ipv4 tcp 0.0.0.0:9000 -> 172.17.0.3:9000 !docker0',
      'ipv4 udp 127.0.0.1:5353 -> 172.17.0.3:53 !docker0',
      'ipv6 tcp :::8080 -> fd00:dead:beef::3:80 !br-3239d88a8b6b',
    ]);
    const range = natOf('legacy').dnat.filter((d) => d.hostPort === 7000 || d.hostPort === 7001);
    expect(new Set(range.map((d) => d.ruleId)).size).toBe(1);
  });

  const engine28 = [
    'ipv4 tcp 0.0.0.0:8080 -> 192.0.2.2:80 !bridge1',
    'ipv4 tcp 0.0.0.0:9000 -> 172.17.0.2:9000 !docker0',
    'ipv4 tcp 0.0.0.0:9001 -> 172.17.0.2:9001 !docker0',
    'ipv4 tcp 127.0.0.1:8081 -> 192.0.2.2:81 !bridge1',
    'ipv4 udp 0.0.0.0:5353 -> 192.0.2.2:53 !bridge1',
    'ipv6 tcp :::8080 -> fd49:efd7:54aa::2:80 !bridge1',
  ];

  for (const scenario of ['docker28', 'docker29'] as const) {
    it(`${scenario}: same ports, raw PREROUTING drop tied to the 127.0.0.1 binding`, () => {
      const nat = natOf(scenario);
      expect(dnatLines(nat)).toEqual(engine28);
      expect(nat.dnat.every((d) => d.chainPath.join(' > ') === NAT_PATH.join(' > '))).toBe(true);
      const lo = nat.dnat.find((d) => d.hostIp === '127.0.0.1');
      expect(lo?.rawDrops).toEqual([
        'iptables-nft:ipv4:raw:PREROUTING:-A PREROUTING -d 127.0.0.1/32 ! -i lo -p tcp -m tcp --dport 8081 -j DROP',
      ]);
      expect(nat.dnat.filter((d) => d.hostIp !== '127.0.0.1').every((d) => d.rawDrops.length === 0)).toBe(
        true,
      );
      expect(
        nat.masquerade.map((m) => `${m.family} ${m.source} !${m.excludeOutInterface ?? '-'}`).sort(),
      ).toEqual([
        'ipv4 172.17.0.0/16 !docker0',
        'ipv4 192.0.2.0/24 !bridge1',
        'ipv6 fd49:efd7:54aa::/64 !bridge1',
      ]);
    });
  }

  it('native nftables (Engine 29): DNAT via nat-PREROUTING → nat-prerouting-and-output, masquerade per bridge', () => {
    const nat = natOf('nftables');
    expect(dnatLines(nat)).toEqual([
      'ipv4 tcp 0.0.0.0:8080 -> 192.0.2.2:80 !bridge1',
      'ipv4 tcp 127.0.0.1:8081 -> 192.0.2.2:81 !bridge1',
      'ipv4 udp 0.0.0.0:5353 -> 192.0.2.2:53 !bridge1',
      'ipv6 tcp :::8080 -> fd49:efd7:54aa::2:80 !bridge1',
    ]);
    const first = nat.dnat[0];
    expect(first?.chainPath).toEqual([
      'docker-bridges nat-PREROUTING',
      'docker-bridges nat-prerouting-and-output',
    ]);
    expect(first?.localChainPath).toEqual([
      'docker-bridges nat-OUTPUT',
      'docker-bridges nat-prerouting-and-output',
    ]);
    expect(first?.ruleId).toBe(
      'nftables:ipv4:docker-bridges:nat-prerouting-and-output:iifname != "bridge1" tcp dport 8080 counter dnat to 192.0.2.2:80 comment "DNAT"',
    );
    expect(nat.dnat.find((d) => d.hostPort === 8081)?.rawDrops).toHaveLength(1);
    expect(nat.masquerade.map((m) => `${m.family} ${m.source} !${m.excludeOutInterface ?? '-'}`)).toEqual([
      'ipv4 172.17.0.0/16 !docker0',
      'ipv4 192.0.2.0/24 !bridge1',
      'ipv6 fd49:efd7:54aa::/64 !bridge1',
    ]);
  });

  it('finds nothing where there is nothing', () => {
    expect(natOf('denied')).toEqual({ dnat: [], masquerade: [] });
  });
});

describe('range expansion', () => {
  it('maps a shifted to-range port by port, a single to-port for all, and no to-port to the same port', () => {
    const text = [
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      ':DOCKER - [0:0]',
      '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER',
      '-A DOCKER -p tcp -m tcp --dport 8000:8002 -j DNAT --to-destination 10.0.0.2:9000-9002',
      '-A DOCKER -p udp -m udp --dport 7000:7001 -j DNAT --to-destination 10.0.0.3:53',
      '-A DOCKER -d 192.0.2.1/32 -p sctp --dport 6000 -j DNAT --to-destination 10.0.0.4',
      '-A DOCKER -p tcp --dport 1 -j DNAT',
      '-A DOCKER -j DNAT --to-destination 10.0.0.5',
      'COMMIT',
    ].join('\n');
    const facts = { backends: [], problems: [], tables: parseIptablesSave(text, 'iptables-nft', 'ipv4') };
    const nat = extractNatRules(toSnapshotFirewall(facts), facts);
    expect(dnatLines(nat)).toEqual([
      'ipv4 sctp 192.0.2.1:6000 -> 10.0.0.4:6000 !-',
      'ipv4 tcp 0.0.0.0:8000 -> 10.0.0.2:9000 !-',
      'ipv4 tcp 0.0.0.0:8001 -> 10.0.0.2:9001 !-',
      'ipv4 tcp 0.0.0.0:8002 -> 10.0.0.2:9002 !-',
      'ipv4 udp 0.0.0.0:7000 -> 10.0.0.3:53 !-',
      'ipv4 udp 0.0.0.0:7001 -> 10.0.0.3:53 !-',
    ]);
  });
});

describe('parseNatTo', () => {
  it('reads address and port forms', () => {
    expect(parseNatTo('10.0.0.3:80')).toEqual({ address: '10.0.0.3', from: 80, to: 80 });
    expect(parseNatTo('10.0.0.3:9000-9001')).toEqual({ address: '10.0.0.3', from: 9000, to: 9001 });
    expect(parseNatTo('[fd00::3]:80')).toEqual({ address: 'fd00::3', from: 80, to: 80 });
    expect(parseNatTo('10.0.0.3')).toEqual({ address: '10.0.0.3', from: null, to: null });
    expect(parseNatTo('fd00::3')).toEqual({ address: 'fd00::3', from: null, to: null });
    expect(parseNatTo('[oops')).toBeNull();
  });
});
