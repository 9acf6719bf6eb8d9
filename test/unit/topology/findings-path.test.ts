// Findings of issue 12: ports Docker does not publish, docker-proxy and DNAT out of step, MTU problems
// grouped by the device that causes them; and MASQUERADE flows that say what they match.
import { describe, expect, it } from 'vitest';
import { parseFirewall } from '../../../src/collect/firewall/firewall.js';
import { masqueradeLabel } from '../../../src/model/nat-label.js';
import type { DnatFlow, Finding, Snapshot } from '../../../src/model/snapshot.js';
import { findProblems } from '../../../src/topology/findings.js';
import { toSnapshotFirewall } from '../../../src/topology/firewall.js';
import { joinMasquerade } from '../../../src/topology/nat-flows.js';
import { extractNatRules } from '../../../src/topology/nat-rules.js';
import { loadOutputs } from '../collect/firewall-fixtures.js';
import { makeInternal, pathSnapshot } from '../../support/path-snapshot.js';

function findings(s: Snapshot): Finding[] {
  return findProblems({
    containers: s.containers,
    interfaces: s.interfaces,
    networks: s.networks,
    firewall: s.firewall,
    dnat: s.natFlows.filter((f): f is DnatFlow => f.kind === 'dnat'),
    kernelComplete: true,
    routes: s.routes,
    proxies: s.proxies ?? null,
    listeners: s.listeners ?? null,
  });
}
const codes = (s: Snapshot) => findings(s).map((f) => `${f.code} ${f.subjects.join(',')}`);

const base = () =>
  pathSnapshot({
    networks: [{ name: 'app' }, { name: 'int' }],
    containers: [
      { name: 'web', networks: ['app'], ports: [{ containerPort: 80, hostPort: 8080 }] },
      { name: 'api', networks: ['app'] },
      { name: 'vault', networks: ['int'] },
    ],
  });

describe('published ports', () => {
  it('a clean host has none of these findings', () => {
    expect(codes(base())).toEqual([]);
  });

  it('-p on an internal network: Docker publishes nothing, and says nothing', () => {
    const s = makeInternal(base(), 'int');
    const vault = s.containers.find((c) => c.name === 'vault')!;
    vault.requestedPorts = [{ protocol: 'tcp', containerPort: 80, hostIp: '0.0.0.0', hostPort: 8200 }];
    const f = findings(s).find((x) => x.code === 'port-not-published');
    expect(f).toMatchObject({
      subjects: ['vault', 'int'],
      message:
        'vault asks to publish 8200:80/tcp, but Docker publishes nothing for a container on internal networks only (int)',
    });
  });

  it('a docker-proxy without a DNAT rule (only in families where Docker writes DNAT rules)', () => {
    const s = base();
    s.proxies?.push({
      pid: 777,
      protocol: 'udp',
      hostIp: '0.0.0.0',
      hostPort: 9999,
      containerIp: '10.11.0.2',
      containerPort: 53,
    });
    // The `[::]:8080` proxy has no ip6 DNAT rule either, but this engine writes none for IPv6: normal.
    expect(codes(s)).toEqual(['proxy-without-dnat udp/0.0.0.0:9999']);
  });

  it('a DNAT rule with no socket listening, where the userland proxy is in use', () => {
    const s = base();
    s.listeners = s.listeners?.filter((l) => l.family !== 'ipv4');
    expect(codes(s)).toEqual([
      expect.stringMatching(/^dnat-without-listener tcp\/0\.0\.0\.0:8080,iptables-nft:ipv4:nat:DOCKER:/),
    ]);
    // userland-proxy=false: no proxy anywhere, no socket expected.
    s.proxies = [];
    s.listeners = [];
    expect(codes(s)).toEqual([]);
  });
});

describe('MTU', () => {
  const mtu = (s: Snapshot, id: string, value: number) => {
    const i = s.interfaces.find((x) => x.id === id);
    if (i) i.mtu = value;
  };
  const bridge = (s: Snapshot, net: string) => s.networks.find((n) => n.name === net)?.bridge ?? '';

  it('a bridge at odds with all its containers is one finding naming the bridge and listing them', () => {
    const s = base();
    mtu(s, bridge(s, 'app'), 1400);
    const f = findings(s).filter((x) => x.code === 'mtu-mismatch');
    expect(f).toHaveLength(1);
    expect(f[0]?.subjects).toEqual([bridge(s, 'app'), 'container:api/eth0', 'container:web/eth0']);
    expect(f[0]?.message).toMatch(
      /^bridge br-\w+ has MTU 1400 but all 2 container\(s\) on it use 1500 \(api, web\)/,
    );
  });

  it('one container at odds with its bridge is a finding naming that container', () => {
    const s = base();
    mtu(s, 'container:api/eth0', 9000);
    expect(
      findings(s)
        .filter((x) => x.code === 'mtu-mismatch')
        .map((x) => x.subjects),
    ).toEqual([['container:api/eth0', bridge(s, 'app')]]);
  });

  it('the only container on a bridge, changed inside the container: the container is named, not the bridge', () => {
    const s = pathSnapshot({
      networks: [{ name: 'solo' }],
      containers: [{ name: 'cust', networks: ['solo'] }],
    });
    mtu(s, 'container:cust/eth0', 1400);
    expect(
      findings(s)
        .filter((x) => x.code === 'mtu-mismatch')
        .map((x) => x.subjects),
    ).toEqual([['container:cust/eth0', bridge(s, 'solo')]]);
  });

  it('bridges above the uplink MTU', () => {
    const s = base();
    mtu(s, 'host/eth0', 1400);
    expect(codes(s).filter((c) => c.startsWith('bridge-mtu-above-uplink'))).toEqual([
      `bridge-mtu-above-uplink ${bridge(s, 'app')},host/eth0`,
      `bridge-mtu-above-uplink ${bridge(s, 'int')},host/eth0`,
    ]);
  });
});

describe('MASQUERADE flows say what they match', () => {
  it("Docker's hairpin rules carry protocol and port, so each reads (and is identified) once", () => {
    const facts = parseFirewall(loadOutputs('docker20'));
    const nat = extractNatRules(toSnapshotFirewall(facts), facts);
    const flows = joinMasquerade(nat.masquerade, []).filter((m) => m.source === '172.17.0.2/32');
    expect(flows.map(masqueradeLabel).sort()).toEqual([
      '172.17.0.2/32 → 172.17.0.2/32 tcp/9000 (hairpin: a container to its own published port)',
      '172.17.0.2/32 → 172.17.0.2/32 tcp/9001 (hairpin: a container to its own published port)',
      '172.17.0.2/32 → 172.17.0.2/32 udp/53 (hairpin: a container to its own published port)',
    ]);
    expect(new Set(flows.map((f) => f.id)).size).toBe(3);
    expect(flows.every((f) => !f.id.includes('#'))).toBe(true);
  });

  it('a MASQUERADE of marked packets only (netavark) is not one of 0.0.0.0/0', () => {
    const save = [
      '*nat',
      ':POSTROUTING ACCEPT [0:0]',
      ':NETAVARK-HOSTPORT-MASQ - [0:0]',
      '-A POSTROUTING -j NETAVARK-HOSTPORT-MASQ',
      '-A NETAVARK-HOSTPORT-MASQ -m comment --comment "netavark portfw masq mark" -m mark --mark 0x2000/0x2000 -j MASQUERADE',
      'COMMIT',
      '',
    ].join('\n');
    const facts = parseFirewall({ 'iptables-nft-save': { stdout: save, code: 0, missing: false } });
    const nat = extractNatRules(toSnapshotFirewall(facts), facts);
    const [flow] = joinMasquerade(nat.masquerade, []);
    expect(flow?.mark).toBe('0x2000/0x2000');
    expect(masqueradeLabel(flow!)).toBe('only packets marked 0x2000/0x2000');
  });
});
