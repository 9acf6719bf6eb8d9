// Fixtures recorded on the Debian 12 lab by test/fixtures/counters/record.ts: a real capture and the
// real counters script's output for it, as root and as `nobody` (host namespace only).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/model/snapshot.js';
import {
  keyCounters,
  parseCountersOutput,
  parseProcNetDev,
  parseIptablesSaveCounters,
  parseNftCounters,
} from '../../../src/collect/counters/counters-parse.js';
import { counterCommandsFor, countersArgv, namespaceArgs } from '../../../src/collect/counters/counters.js';
import { buildSnapshot, iface, loopback, namespace, rule } from '../../support/snapshot-factory/index.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');
const root = fixture('counters/docker20-root.out');
const nobody = fixture('counters/docker20-nobody.out');
const recorded = JSON.parse(fixture('counters/docker20-snapshot.json')) as Snapshot;

describe('parseCountersOutput', () => {
  it('reads every namespace and the iptables-nft rules as root', () => {
    const raw = parseCountersOutput(root);
    expect(raw.privilege).toBe('root');
    expect(raw.problems).toEqual([]);
    expect(raw.namespaces[0]?.path).toBeNull();
    const host = raw.namespaces[0]?.links;
    expect(host?.get('lo')).toMatchObject({
      rxBytes: expect.any(Number) as number,
      txPackets: expect.any(Number) as number,
    });
    expect(host?.has('docker0')).toBe(true);
    const netns = raw.namespaces.filter((n) => n.path?.startsWith('/var/run/docker/netns/'));
    expect(netns.length).toBeGreaterThan(3);
    // Both ways of reading a namespace were recorded: nsenter + ip, and /proc/<pid>/net/dev.
    expect(root).toMatch(/^@@netlens links \/var\/run\/docker\/netns\//m);
    expect(root).toMatch(/^@@netlens netdev \/var\/run\/docker\/netns\//m);
    for (const ns of netns) expect(ns.links.has('lo')).toBe(true);
    expect(raw.rules.length).toBeGreaterThan(20);
    expect(raw.rules.every((r) => r.backend === 'iptables-nft' && r.text?.startsWith(`-A ${r.chain}`))).toBe(
      true,
    );
    // Positions count from 1 within each chain of each table.
    const forward = raw.rules.filter((r) => r.table === 'filter' && r.chain === 'FORWARD');
    expect(forward.map((r) => r.position)).toEqual(forward.map((_, i) => i + 1));
    expect(forward[0]?.text).toBe('-A FORWARD -j DOCKER-USER');
  });

  it('reads only the host namespace without privilege', () => {
    const raw = parseCountersOutput(nobody);
    expect(raw.privilege).toBe('none');
    expect(raw.namespaces.map((n) => n.path)).toEqual([null]);
    expect(raw.rules).toEqual([]);
  });

  it('reports a failing part and keeps the rest', () => {
    const out = [
      '@@netlens privilege root',
      '@@netlens links host',
      '[{"ifname":"lo","stats64":{"rx":{"bytes":5,"packets":1},"tx":{"bytes":7,"packets":2}}}]',
      '@@netlens rc 0',
      '@@netlens links /var/run/docker/netns/gone',
      '@@netlens rc 1',
      '@@netlens links /var/run/docker/netns/bad',
      'not json',
      '@@netlens rc 0',
      '@@netlens fw iptables-nft-save',
      '@@netlens rc 127',
    ].join('\n');
    const raw = parseCountersOutput(out);
    expect(raw.namespaces).toHaveLength(1);
    expect(raw.namespaces[0]?.links.get('lo')).toEqual({
      rxBytes: 5,
      txBytes: 7,
      rxPackets: 1,
      txPackets: 2,
    });
    expect(raw.problems).toHaveLength(3);
    expect(raw.problems.join('\n')).toMatch(
      /gone exited with status 1[\s\S]*bad[\s\S]*iptables-nft-save exited with status 127/,
    );
  });

  it('ignores hostile values instead of trusting them', () => {
    const out = [
      '@@netlens links host',
      '[{"ifname":"x","stats64":{"rx":{"bytes":-1,"packets":1},"tx":{"bytes":7,"packets":2}}},{"ifname":"y"}]',
      '@@netlens rc 0',
      '@@netlens fw rm',
      '[1:1] -A X -j Y',
      '@@netlens rc 0',
    ].join('\n');
    const raw = parseCountersOutput(out);
    expect(raw.namespaces[0]?.links.size).toBe(0);
    expect(raw.rules).toEqual([]);
  });
});

describe('parseProcNetDev', () => {
  it('reads rx/tx bytes and packets, long names without padding, and skips junk', () => {
    const text = [
      'Inter-|   Receive                                                |  Transmit',
      ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
      '    lo:     100       2    0    0    0     0          0         0      300       4    0    0    0     0       0          0',
      'veth1234567:12345678901 9 0 0 0 0 0 0 5 6 0 0 0 0 0 0',
      '  eth0: 1 2 3',
      '  bad: -1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0',
    ].join('\n');
    const links = parseProcNetDev(text);
    expect([...links.keys()]).toEqual(['lo', 'veth1234567']);
    expect(links.get('lo')).toEqual({ rxBytes: 100, rxPackets: 2, txBytes: 300, txPackets: 4 });
    expect(links.get('veth1234567')).toEqual({
      rxBytes: 12345678901,
      rxPackets: 9,
      txBytes: 5,
      txPackets: 6,
    });
  });
});

describe('rule counter parsers', () => {
  it('parses iptables-save -c per table and chain', () => {
    const text = [
      '*nat',
      ':DOCKER - [0:0]',
      '[3:180] -A DOCKER -i docker0 -j RETURN',
      '[0:0] -A DOCKER -j X',
      '*filter',
      '[9:90] -A DOCKER -j ACCEPT',
      'COMMIT',
    ].join('\n');
    expect(parseIptablesSaveCounters(text, 'iptables-legacy', 'ipv6')).toEqual([
      {
        backend: 'iptables-legacy',
        family: 'ipv6',
        table: 'nat',
        chain: 'DOCKER',
        position: 1,
        text: '-A DOCKER -i docker0 -j RETURN',
        counters: { packets: 3, bytes: 180 },
      },
      {
        backend: 'iptables-legacy',
        family: 'ipv6',
        table: 'nat',
        chain: 'DOCKER',
        position: 2,
        text: '-A DOCKER -j X',
        counters: { packets: 0, bytes: 0 },
      },
      {
        backend: 'iptables-legacy',
        family: 'ipv6',
        table: 'filter',
        chain: 'DOCKER',
        position: 1,
        text: '-A DOCKER -j ACCEPT',
        counters: { packets: 9, bytes: 90 },
      },
    ]);
  });

  it('parses nft -j rule counters by position (recorded ruleset)', () => {
    const rules = parseNftCounters(fixture('firewall/docker20/nft-ruleset.out'));
    const docker = rules.filter((r) => r.family === 'ipv4' && r.table === 'nat' && r.chain === 'DOCKER');
    expect(docker[0]).toMatchObject({
      backend: 'nftables',
      position: 1,
      text: null,
      counters: { packets: 0, bytes: 0 },
    });
    expect(docker[1]).toMatchObject({ position: 2, counters: { packets: 1, bytes: 60 } });
  });
});

describe('keyCounters', () => {
  it('gives a container end the totals of its host end, swapped, when its namespace was not read', () => {
    const full = parseCountersOutput(root);
    const hostOnly = { ...full, namespaces: full.namespaces.filter((n) => n.path === null) };
    const keyed = keyCounters(hostOnly, recorded);
    const eth0 = recorded.interfaces.find((i) => i.id === 'container:nlc-web/eth0');
    const end = keyed.interfaces.get(eth0?.peer ?? '');
    expect(end?.txBytes).toBeGreaterThan(0);
    expect(keyed.interfaces.get('container:nlc-web/eth0')).toEqual({
      rxBytes: end?.txBytes,
      txBytes: end?.rxBytes,
      rxPackets: end?.txPackets,
      txPackets: end?.rxPackets,
    });
    // Not for what has no host end (the macvlan), nor for loopbacks.
    expect(keyed.interfaces.has('container:nlc-mac1/eth0')).toBe(false);
    expect(keyed.interfaces.has('container:nlc-web/lo')).toBe(false);
  });

  it('keys every interface and rule of the real capture the output was recorded for', () => {
    const keyed = keyCounters(parseCountersOutput(root), recorded);
    expect([...keyed.interfaces.keys()].sort()).toEqual(recorded.interfaces.map((i) => i.id).sort());
    expect([...keyed.rules.keys()].sort()).toEqual(recorded.firewall.rules.map((r) => r.id).sort());
    // The host veth end sends what the container end receives (read a moment apart).
    const pairs = recorded.interfaces
      .filter((i) => i.namespace === 'host' && i.kind === 'veth' && i.peer)
      .map((i) => [
        keyed.interfaces.get(i.id)?.txBytes ?? -1,
        keyed.interfaces.get(i.peer ?? '')?.rxBytes ?? -1,
      ]);
    expect(pairs.some(([tx]) => (tx ?? 0) > 0)).toBe(true);
    for (const [tx = 0, rx = 0] of pairs)
      expect(Math.abs(tx - rx)).toBeLessThanOrEqual(Math.max(2000, tx * 0.05));
  });

  it('reads only namespaces the host devices do not cover, from validated snapshot data only', () => {
    const args = namespaceArgs(recorded);
    // Of the recorded lab, only the macvlan container: every other one is a veth pair with a host end.
    const macvlan = recorded.namespaces.find((n) => n.id === 'container:nlc-mac1');
    expect(args.filter((_, i) => i % 2 === 1)).toEqual([macvlan?.path]);
    for (let i = 0; i < args.length; i += 2) {
      expect(args[i]).toMatch(/^(\d+|-)$/);
      expect(args[i + 1]).toMatch(/^\/var\/run\/docker\/netns\/[0-9a-f]+$/);
    }
    const hostile = {
      ...recorded,
      namespaces: [
        ...recorded.namespaces,
        {
          id: 'netns:1',
          kind: 'netns' as const,
          path: '/var/run/netns/$(touch q)',
          inode: 1,
          containers: [],
          interfaces: [],
        },
      ],
    };
    expect(namespaceArgs(hostile)).toEqual(args);
    expect(countersArgv({ isRoot: true }, recorded).slice(0, 2)).toEqual(['sh', '-c']);
    const viaSudo = { ...recorded, host: { ...recorded.host, privilege: 'sudo' as const } };
    expect(countersArgv({ isRoot: false }, viaSudo).slice(0, 4)).toEqual(['sudo', '-n', 'sh', '-c']);
    expect(countersArgv({ isRoot: false }, recorded).slice(0, 2)).toEqual(['sh', '-c']);
  });

  const raw = parseCountersOutput(root);
  const nsPath = raw.namespaces[1]?.path ?? '';
  const forward = raw.rules.filter((r) => r.table === 'filter' && r.chain === 'FORWARD');
  const third = forward[2];

  it('keys interfaces by snapshot id and rules by position and text', () => {
    const snapshot = {
      ...buildSnapshot(),
      namespaces: [namespace('host'), namespace('container:web', { path: nsPath })],
      interfaces: [loopback('host'), iface('host', 'docker0'), loopback('container:web')],
      firewall: {
        backends: ['iptables-nft' as const],
        chains: [],
        rules: [
          rule('filter', 'FORWARD', 1, '-A FORWARD -j DOCKER-USER'),
          // Same text without the -A prefix and with odd spacing still matches.
          rule('filter', 'FORWARD', 2, '-j   DOCKER-ISOLATION-STAGE-1'),
          // A rule that moved: same text, other position.
          rule('filter', 'FORWARD', 9, third?.text ?? ''),
          // Text not on the host: no counters.
          rule('filter', 'FORWARD', 4, '-A FORWARD -j NOT-THERE'),
        ],
      },
    };
    const keyed = keyCounters(raw, snapshot);
    expect([...keyed.interfaces.keys()].sort()).toEqual(['container:web/lo', 'host/docker0', 'host/lo']);
    expect(keyed.interfaces.get('host/lo')).toEqual(raw.namespaces[0]?.links.get('lo'));
    const [user, spaced, moved] = snapshot.firewall.rules;
    expect([...keyed.rules.keys()].sort()).toEqual([user?.id, spaced?.id, moved?.id].sort());
  });

  it('ignores namespaces, interfaces and backends the snapshot does not have', () => {
    const snapshot = {
      ...buildSnapshot(),
      interfaces: [loopback('host')],
      firewall: {
        backends: ['iptables-legacy' as const],
        chains: [],
        rules: [rule('filter', 'FORWARD', 1, '-A FORWARD -j DOCKER-USER', { backend: 'iptables-legacy' })],
      },
    };
    const keyed = keyCounters(raw, snapshot);
    expect([...keyed.interfaces.keys()]).toEqual(['host/lo']);
    expect(keyed.rules.size).toBe(0);
  });

  it('picks the firewall commands of the backends holding Docker rules', () => {
    expect(counterCommandsFor(buildSnapshot())).toEqual(['iptables-nft-save', 'ip6tables-nft-save']);
    const none = { ...buildSnapshot(), firewall: { backends: [], chains: [], rules: [] } };
    none.host.firewallBackend = null;
    expect(counterCommandsFor(none)).toEqual([]);
    const nft = { ...buildSnapshot(), firewall: { backends: ['nftables' as const], chains: [], rules: [] } };
    nft.host.firewallBackend = 'nftables';
    expect(counterCommandsFor(nft)).toEqual(['nft']);
  });
});
