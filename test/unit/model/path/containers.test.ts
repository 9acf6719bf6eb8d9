// The path engine between containers and towards the outside: one bridge, across bridges, internal
// networks, shared namespaces, host and none mode, macvlan, egress through MASQUERADE.
import { describe, expect, it } from 'vitest';
import { dockerSysctls } from '../../../support/path-snapshot.js';
import { bridgeOf, hops, ipOf, lab, trace } from './lab.js';

const s = lab();
const app = bridgeOf(s, 'app');

describe('container → container', () => {
  it('on one bridge: switched, through FORWARD (br_netfilter), accepted by -i br -o br', () => {
    const r = trace(s, 'web', 'api', 80);
    expect(r.verdict).toBe('delivered');
    expect(hops(r).slice(0, 5)).toEqual([
      'endpoint web',
      'route route 10.11.0.0/24 dev eth0',
      expect.stringMatching(/^cable veth pair eth0 ↔ veth/) as string,
      expect.stringMatching(/^veth veth/) as string,
      `bridge bridge ${app}`,
    ]);
    const accept = r.hops.find((h) => h.rule?.action === 'accept');
    expect(accept?.rule).toMatchObject({ table: 'filter', chain: 'FORWARD', position: 10 });
    expect(accept?.rule?.text).toBe(`-A FORWARD -i ${app} -o ${app} -j ACCEPT`);
  });

  it('inter-container traffic dropped on the bridge (icc off) is blocked only if br_netfilter applies', () => {
    const icc = [{ table: 'filter' as const, chain: 'FORWARD', rule: `-i ${app} -o ${app} -j DROP` }];
    expect(trace(lab({ rules: icc }), 'web', 'api', 80)).toMatchObject({
      verdict: 'blocked',
      blockedBy: { kind: 'rule', rule: { chain: 'FORWARD', position: 1 } },
    });
    const off = trace(
      lab({ rules: icc, sysctls: dockerSysctls({ bridgeNfCallIptables: false }) }),
      'web',
      'api',
      80,
    );
    expect(off.verdict).toBe('delivered');
    expect(hops(off)).toContain(`bridge ${app}: bridged without iptables`);
    const unknown = lab({ rules: icc });
    delete unknown.sysctls;
    const r = trace(unknown, 'web', 'api', 80);
    expect(r.verdict).toBe('uncertain');
    expect(r.missing).toEqual([
      'whether bridged traffic passes iptables (bridge-nf-call-iptables not recorded)',
    ]);
  });

  it('across bridges: routed by the host and dropped by DOCKER-ISOLATION-STAGE-2', () => {
    const r = trace(s, 'web', 'pg', 5432);
    expect(r.verdict).toBe('blocked');
    expect(r.blockedBy).toMatchObject({
      kind: 'rule',
      rule: { table: 'filter', chain: 'DOCKER-ISOLATION-STAGE-2', position: 3, action: 'drop' },
    });
    expect(hops(r)).toContain(`interface ${app} ${ipOf(s, 'pg')}`);
  });

  it('into an internal network: dropped by its isolation rule; out of it too (20.10 gives it a gateway)', () => {
    expect(trace(s, 'web', 'vault', 80).blockedBy).toMatchObject({
      rule: { chain: 'DOCKER-ISOLATION-STAGE-1', position: 1 },
    });
    expect(trace(s, 'vault', 'vault2', 80).verdict).toBe('delivered');
    const out = trace(s, 'vault', 'outside', 443);
    expect(out.blockedBy).toMatchObject({
      kind: 'rule',
      rule: { chain: 'DOCKER-ISOLATION-STAGE-1', position: 2 },
    });
  });

  it('out of an internal network without a gateway (later engines): no route', () => {
    const x = lab({ internalWithoutGateway: true });
    const out = trace(x, 'vault', 'outside', 443);
    expect(out).toMatchObject({
      verdict: 'blocked',
      blockedBy: { kind: 'route', namespace: 'container:vault' },
    });
    expect(out.reason).toBe('container:vault has no route to 203.0.113.1');
  });

  it('container: mode shares the namespace: loopback, and each drawn item is numbered once', () => {
    const r = trace(s, 'side', 'web', 80);
    expect(r.verdict).toBe('delivered');
    expect(r.reason).toContain('over loopback');
    expect(hops(r)).toEqual(['endpoint side', 'interface lo 127.0.0.1', 'endpoint web:80/tcp']);
    expect(r.items).toEqual(['container:web', 'container:web/lo']);
    expect(r.hops.map((h) => h.item)).toEqual(['container:web', 'container:web/lo', null]);
  });

  it('a host-network container reaches a user-bridge container through OUTPUT (issue: "not on a bridge")', () => {
    const r = trace(s, 'hostc', 'pg', 5432);
    expect(r.verdict).toBe('delivered');
    expect(r.hops[0]?.detail).toBe('host network mode: sent from the host namespace');
    expect(hops(r)).toContain(`route route 10.12.0.0/24 dev ${bridgeOf(s, 'db')}`);
    expect(hops(r)).not.toContain('chain filter FORWARD');
  });

  it('to a host-network container: the gateway address, INPUT, and whatever listens there', () => {
    const withSsh = lab();
    withSsh.listeners?.push({
      namespace: 'host',
      protocol: 'tcp',
      family: 'ipv4',
      address: '0.0.0.0',
      port: 22,
      dualStack: null,
      processes: [{ name: 'sshd', pid: 512 }],
    });
    const r = trace(withSsh, 'web', 'hostc', 22);
    expect(r.title).toBe('web → hostc (10.11.0.1:22/tcp)');
    expect(r).toMatchObject({
      verdict: 'delivered',
      delivered: { namespace: 'host', process: { name: 'sshd', pid: 512 } },
    });
    expect(hops(r)).toContain('chain filter INPUT');
    expect(trace(s, 'web', 'hostc', 22)).toMatchObject({
      verdict: 'blocked',
      reason: 'nothing on the host listens on 10.11.0.1:22/tcp',
    });
  });

  it('none mode: the snapshot says so, both ways (no more "host or none mode?")', () => {
    expect(trace(s, 'web', 'nonec')).toMatchObject({
      verdict: 'blocked',
      reason: 'nonec has only loopback (network none): nothing outside its namespace can reach it',
    });
    expect(trace(s, 'nonec', 'web', 80)).toMatchObject({ verdict: 'blocked', blockedBy: { kind: 'route' } });
  });

  it('a stopped container sends nothing', () => {
    expect(trace(s, 'old', 'web')).toMatchObject({
      verdict: 'blocked',
      reason: 'old is not running',
      hops: [],
    });
  });

  it('the hairpin: a container to its own published port on the gateway goes through docker-proxy', () => {
    const r = trace(s, 'web', 'host', 8080);
    expect(r.verdict).toBe('delivered');
    expect(hops(r)).toContain('rule DOCKER #2: return');
    expect(r.hops.some((h) => h.kind === 'process')).toBe(true);
  });
});

describe('macvlan', () => {
  it('children of one parent reach each other directly, never the parent', () => {
    expect(trace(s, 'mac1', 'mac2').verdict).toBe('delivered');
    expect(trace(s, 'mac1', 'host').verdict).toBe('blocked');
    expect(trace(s, 'host', 'mac1').reason).toBe(
      '192.168.1.50 belongs to a macvlan child of eth0: a parent cannot reach its macvlan children',
    );
    expect(trace(s, 'mac1', 'outside', 443)).toMatchObject({
      verdict: 'delivered',
      delivered: { leaves: 'host/eth0' },
    });
  });
});

describe('container → outside', () => {
  it('routed to the default gateway, accepted by -i br ! -o br, masqueraded behind eth0', () => {
    const r = trace(s, 'web', 'outside', 443);
    expect(r.verdict).toBe('delivered');
    expect(hops(r).slice(-3)).toEqual([
      'chain nat POSTROUTING',
      'nat MASQUERADE → source 192.168.1.10',
      'interface eth0 → the wire',
    ]);
    expect(r.hops.find((h) => h.kind === 'nat')?.rule).toMatchObject({ chain: 'POSTROUTING', position: 2 });
    expect(r.hops.filter((h) => h.kind === 'route').map((h) => h.route?.dst)).toEqual(['default', 'default']);
  });

  it('ip_forward=0 stops it at the host', () => {
    expect(trace(lab({ sysctls: dockerSysctls({ ipForward: false }) }), 'web', 'outside', 443)).toMatchObject(
      {
        verdict: 'blocked',
        reason: 'the host does not forward ipv4 packets (ip_forward=0)',
      },
    );
  });

  it('a MASQUERADE rule that only matches marked packets (netavark) does not make the path uncertain', () => {
    const marked = lab({
      rules: [{ table: 'nat', chain: 'POSTROUTING', rule: '-m mark --mark 0x2000/0x2000 -j MASQUERADE' }],
    });
    const r = trace(marked, 'web', 'outside', 443);
    expect(r.verdict).toBe('delivered');
    expect(r.missing).toEqual([]);
  });

  it('an unevaluable ACCEPT before a DROP makes the verdict uncertain and names the rule', () => {
    const r = trace(
      lab({ rules: [{ table: 'filter', chain: 'DOCKER-USER', rule: '-m mark --mark 0x1 -j DROP' }] }),
      'web',
      'outside',
      443,
    );
    expect(r.verdict).toBe('uncertain');
    expect(r.missing).toEqual([
      'whether filter DOCKER-USER #1 (-A DOCKER-USER -m mark --mark 0x1 -j DROP) matches',
    ]);
  });
});
