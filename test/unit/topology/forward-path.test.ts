import { describe, expect, it } from 'vitest';
import { parseFirewall } from '../../../src/collect/firewall/firewall.js';
import { toSnapshotFirewall } from '../../../src/topology/firewall.js';
import { forwardPath, type ForwardPacket, type ForwardPathResult } from '../../../src/topology/nat-rules.js';
import { docker20Lab, loadOutputs, type Scenario } from '../collect/firewall-fixtures.js';
import type { Firewall } from '../../../src/model/snapshot.js';

const firewalls = new Map<Scenario, Firewall>();
function fw(scenario: Scenario): Firewall {
  let f = firewalls.get(scenario);
  if (!f) {
    f = toSnapshotFirewall(parseFirewall(loadOutputs(scenario)));
    firewalls.set(scenario, f);
  }
  return f;
}
const tcp = (p: Omit<ForwardPacket, 'protocol'>): ForwardPacket => ({ protocol: 'tcp', ...p });
/** The chains entered, in order, as `table chain`. */
const chains = (r: ForwardPathResult) =>
  r.steps.filter((s) => s.kind === 'chain' && s.action === 'enter').map((s) => s.chain);

describe('forwardPath on the real Engine 20.10 rules', () => {
  const lab = docker20Lab();
  const f = fw('docker20');

  it('a published port from outside is accepted by its DOCKER rule', () => {
    const r = forwardPath(
      f,
      tcp({ inInterface: 'eth0', outInterface: lab.appnetBridge, src: '192.0.2.9', dst: lab.web, dport: 80 }),
    );
    expect(r.verdict).toBe('ACCEPT');
    expect(r.decidedBy).toBe(
      `iptables-nft:ipv4:filter:DOCKER:-A DOCKER -d ${lab.web}/32 ! -i ${lab.appnetBridge} -o ${lab.appnetBridge} -p tcp -m tcp --dport 80 -j ACCEPT`,
    );
    expect(chains(r)).toEqual(['FORWARD', 'DOCKER-USER', 'DOCKER-ISOLATION-STAGE-1', 'DOCKER']);
    expect(r.uncertain).toBe(false);
    expect(r.backend).toBe('iptables-nft');
  });

  it('an unpublished port falls through to the FORWARD policy (DROP)', () => {
    const r = forwardPath(
      f,
      tcp({ inInterface: 'eth0', outInterface: lab.appnetBridge, src: '192.0.2.9', dst: lab.web, dport: 22 }),
    );
    expect(r).toMatchObject({
      verdict: 'DROP',
      decidedBy: null,
      policyOf: 'filter FORWARD',
      uncertain: false,
    });
    expect(r.steps.at(-1)).toMatchObject({ kind: 'chain', chain: 'FORWARD', action: 'drop' });
  });

  it('isolation: docker0 to another bridge is dropped in DOCKER-ISOLATION-STAGE-2', () => {
    const r = forwardPath(
      f,
      tcp({
        inInterface: 'docker0',
        outInterface: lab.appnetBridge,
        src: lab.range,
        dst: lab.web,
        dport: 80,
      }),
    );
    expect(r.verdict).toBe('DROP');
    expect(r.decidedBy).toBe(
      `iptables-nft:ipv4:filter:DOCKER-ISOLATION-STAGE-2:-A DOCKER-ISOLATION-STAGE-2 -o ${lab.appnetBridge} -j DROP`,
    );
    expect(chains(r)).toEqual([
      'FORWARD',
      'DOCKER-USER',
      'DOCKER-ISOLATION-STAGE-1',
      'DOCKER-ISOLATION-STAGE-2',
    ]);
  });

  it('an --internal network drops what comes in; without the source address the verdict is flagged uncertain', () => {
    const packet = { inInterface: 'docker0', outInterface: lab.internalBridge, dst: lab.internal, dport: 80 };
    const known = forwardPath(f, tcp({ ...packet, src: lab.range }));
    expect(known.verdict).toBe('DROP');
    expect(known.decidedBy).toBe(
      `iptables-nft:ipv4:filter:DOCKER-ISOLATION-STAGE-1:-A DOCKER-ISOLATION-STAGE-1 ! -s 10.77.11.0/24 -o ${lab.internalBridge} -j DROP`,
    );
    expect(known.uncertain).toBe(false);
    const unknown = forwardPath(f, tcp(packet));
    expect(unknown.uncertain).toBe(true);
    expect(unknown.steps.some((s) => s.action === 'uncertain')).toBe(true);
  });

  it('containers reach the outside; replies pass the conntrack rule', () => {
    const out = forwardPath(
      f,
      tcp({
        inInterface: lab.appnetBridge,
        outInterface: 'eth0',
        src: lab.web,
        dst: '198.51.100.7',
        dport: 443,
      }),
    );
    expect(out.verdict).toBe('ACCEPT');
    expect(out.decidedBy).toContain(
      `:FORWARD:-A FORWARD -i ${lab.appnetBridge} ! -o ${lab.appnetBridge} -j ACCEPT`,
    );
    const reply = forwardPath(f, {
      ...tcp({
        inInterface: 'eth0',
        outInterface: lab.appnetBridge,
        src: '198.51.100.7',
        dst: lab.web,
        dport: 40000,
      }),
      ctstate: 'ESTABLISHED',
    });
    expect(reply.decidedBy).toContain('--ctstate RELATED,ESTABLISHED -j ACCEPT');
  });
});

describe('forwardPath across engine layouts', () => {
  it('legacy: a goto into a user chain drops; unknown matches make the path uncertain', () => {
    const r = forwardPath(
      fw('legacy'),
      tcp({
        inInterface: 'eth0',
        outInterface: 'br-3239d88a8b6b',
        src: '203.0.113.5',
        dst: '10.10.0.3',
        dport: 80,
      }),
    );
    expect(r.verdict).toBe('DROP');
    expect(r.decidedBy).toBe('iptables-legacy:ipv4:filter:USER-BLOCK:-A USER-BLOCK -j DROP');
    expect(r.steps.find((s) => s.action === 'goto')?.chain).toBe('DOCKER-USER');
    const ok = forwardPath(
      fw('legacy'),
      tcp({
        inInterface: 'eth0',
        outInterface: 'br-3239d88a8b6b',
        src: '192.0.2.9',
        dst: '10.10.0.3',
        dport: 80,
      }),
    );
    expect(ok.verdict).toBe('ACCEPT');
    expect(ok.uncertain).toBe(true); // the `-m mark` rule in DOCKER-USER cannot be evaluated
  });

  it('Engine 28: DOCKER-FORWARD → DOCKER-BRIDGE → DOCKER accepts the published port, drops the rest', () => {
    const f = fw('docker28');
    const pub = forwardPath(
      f,
      tcp({ inInterface: 'eth0', outInterface: 'bridge1', src: '203.0.113.9', dst: '192.0.2.2', dport: 80 }),
    );
    expect(pub.verdict).toBe('ACCEPT');
    expect(chains(pub)).toEqual([
      'FORWARD',
      'DOCKER-USER',
      'DOCKER-FORWARD',
      'DOCKER-CT',
      'DOCKER-ISOLATION-STAGE-1',
      'DOCKER-BRIDGE',
      'DOCKER',
    ]);
    const closed = forwardPath(
      f,
      tcp({ inInterface: 'eth0', outInterface: 'bridge1', src: '203.0.113.9', dst: '192.0.2.2', dport: 22 }),
    );
    expect(closed.decidedBy).toBe(
      'iptables-nft:ipv4:filter:DOCKER:-A DOCKER ! -i bridge1 -o bridge1 -j DROP',
    );
    const across = forwardPath(
      f,
      tcp({
        inInterface: 'bridge1',
        outInterface: 'docker0',
        src: '192.0.2.2',
        dst: '172.17.0.2',
        dport: 9000,
      }),
    );
    expect(across.decidedBy).toBe(
      'iptables-nft:ipv4:filter:DOCKER-ISOLATION-STAGE-2:-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP',
    );
    const v6 = forwardPath(
      f,
      tcp({
        inInterface: 'eth0',
        outInterface: 'bridge1',
        src: '2001:db8::9',
        dst: 'fd49:efd7:54aa::2',
        dport: 80,
      }),
    );
    expect(v6).toMatchObject({ family: 'ipv6', verdict: 'ACCEPT' });
    expect(v6.decidedBy).toContain('iptables-nft:ipv6:filter:DOCKER:-A DOCKER -d fd49:efd7:54aa::2/128');
  });

  it('Engine 29: no isolation chains; another network still cannot reach an unpublished port; internal is sealed', () => {
    const f = fw('docker29');
    const across = forwardPath(
      f,
      tcp({
        inInterface: 'docker0',
        outInterface: 'bridge1',
        src: '172.17.0.2',
        dst: '192.0.2.2',
        dport: 22,
      }),
    );
    expect(across.decidedBy).toBe(
      'iptables-nft:ipv4:filter:DOCKER:-A DOCKER ! -i bridge1 -o bridge1 -j DROP',
    );
    expect(chains(across)).not.toContain('DOCKER-ISOLATION-STAGE-1');
    const published = forwardPath(
      f,
      tcp({
        inInterface: 'docker0',
        outInterface: 'bridge1',
        src: '172.17.0.2',
        dst: '192.0.2.2',
        dport: 80,
      }),
    );
    expect(published.verdict).toBe('ACCEPT');
    const egress = forwardPath(
      f,
      tcp({
        inInterface: 'bridgeint',
        outInterface: 'eth0',
        src: '198.51.100.2',
        dst: '203.0.113.1',
        dport: 443,
      }),
    );
    expect(egress.decidedBy).toBe(
      'iptables-nft:ipv4:filter:DOCKER-INTERNAL:-A DOCKER-INTERNAL ! -d 198.51.100.0/24 -i bridgeint -j DROP',
    );
  });

  it('native nftables: verdict maps lead to the per-bridge chains', () => {
    const f = fw('nftables');
    const pub = forwardPath(
      f,
      tcp({ inInterface: 'eth0', outInterface: 'bridge1', dst: '192.0.2.2', dport: 80 }),
    );
    expect(pub).toMatchObject({ backend: 'nftables', verdict: 'ACCEPT', uncertain: false });
    expect(pub.decidedBy).toBe(
      'nftables:ipv4:docker-bridges:filter-forward-in__bridge1:ip daddr 192.0.2.2 tcp dport 80 counter accept',
    );
    expect(chains(pub)).toEqual(['filter-FORWARD', 'filter-forward-in__bridge1', 'forward']);
    const closed = forwardPath(
      f,
      tcp({ inInterface: 'docker0', outInterface: 'bridge1', dst: '192.0.2.2', dport: 22 }),
    );
    expect(closed.decidedBy).toBe(
      'nftables:ipv4:docker-bridges:filter-forward-in__bridge1:counter drop comment "UNPUBLISHED PORT DROP"',
    );
    const egress = forwardPath(
      f,
      tcp({ inInterface: 'bridgeint', outInterface: 'eth0', dst: '203.0.113.1', dport: 443 }),
    );
    expect(egress.decidedBy).toContain('filter-forward-out__bridgeint:oifname != "bridgeint" counter drop');
    const reply = forwardPath(f, {
      ...tcp({ inInterface: 'eth0', outInterface: 'bridge1', dst: '192.0.2.2', dport: 5555 }),
      ctstate: 'established',
    });
    expect(reply.decidedBy).toBe(
      'nftables:ipv4:docker-bridges:filter-forward-in__bridge1:ct state established,related counter accept',
    );
    const v6 = forwardPath(
      f,
      tcp({ inInterface: 'eth0', outInterface: 'bridge1', dst: 'fd49:efd7:54aa::2', dport: 80 }),
    );
    expect(v6).toMatchObject({ family: 'ipv6', verdict: 'ACCEPT' });
  });

  it('with no rules for the family the packet passes, flagged uncertain', () => {
    const r = forwardPath(
      { backends: [], chains: [], rules: [] },
      tcp({ inInterface: 'a', outInterface: 'b', dst: '10.0.0.1', dport: 1 }),
    );
    expect(r).toEqual({
      backend: null,
      family: 'ipv4',
      steps: [],
      verdict: 'ACCEPT',
      decidedBy: null,
      policyOf: null,
      uncertain: true,
    });
  });
});
