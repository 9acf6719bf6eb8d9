// iproute2 JSON parsers on output recorded from this host's lab (test/fixtures/kernel/record.ts).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LinkFact } from '../../../src/collect/facts.js';
import { parseLinks, parseRoutes, splitJsonValues } from '../../../src/collect/kernel/parse-ip.js';
import { kindOf } from '../../../src/topology/interfaces.js';

const raw = (name: string) => readFileSync(`test/fixtures/ip/${name}.json`, 'utf8');

function only(name: string): LinkFact {
  const problems: string[] = [];
  const links = parseLinks(raw(name), problems);
  expect(problems).toEqual([]);
  expect(links).toHaveLength(1);
  return links[0] as LinkFact;
}

describe('parseLinks (ip -json -details -stats addr show)', () => {
  it('reads loopback with both address families and its counters', () => {
    const lo = only('loopback');
    expect(lo).toMatchObject({ ifindex: 1, name: 'lo', infoKind: null, linkType: 'loopback', mtu: 65536 });
    expect(lo.addresses).toEqual([
      { family: 'ipv4', address: '127.0.0.1', prefixLen: 8, scope: 'host' },
      { family: 'ipv6', address: '::1', prefixLen: 128, scope: 'host' },
    ]);
    expect(kindOf(lo)).toBe('loopback');
  });

  it('reads a physical NIC: no driver kind, a MAC, global and link-local addresses, moving counters', () => {
    const eth0 = only('physical');
    expect(eth0).toMatchObject({ name: 'eth0', infoKind: null, linkType: 'ether', mac: '02:fc:00:00:00:01' });
    expect(eth0.operstate).toBe('UP');
    expect(eth0.flags).toEqual(expect.arrayContaining(['UP', 'LOWER_UP']));
    expect(eth0.addresses.map((a) => `${a.family} ${a.address}/${a.prefixLen} ${a.scope}`)).toEqual([
      'ipv4 192.0.2.2/24 global',
      'ipv6 fd00::2/64 global',
      'ipv6 fe80::fc:ff:fe00:1/64 link',
    ]);
    expect(eth0.counters?.rxBytes).toBeGreaterThan(0);
    expect(eth0.counters?.rxPackets).toBeGreaterThan(0);
    expect(kindOf(eth0)).toBe('physical');
  });

  it('reads bridges: docker0, a user network (IPv4 + IPv6) and a custom bridge name', () => {
    const docker0 = only('bridge-docker0');
    expect(docker0).toMatchObject({ name: 'docker0', infoKind: 'bridge', slaveKind: null, master: null });
    expect(docker0.addresses[0]).toEqual({
      family: 'ipv4',
      address: '172.17.0.1',
      prefixLen: 16,
      scope: 'global',
    });
    const user = only('bridge-user');
    expect(user.name).toMatch(/^br-[0-9a-f]{12}$/);
    expect(
      user.addresses.filter((a) => a.scope === 'global').map((a) => `${a.address}/${a.prefixLen}`),
    ).toEqual(['10.232.1.1/24', 'fd00:232:1::1/64']);
    expect(only('bridge-custom')).toMatchObject({ name: 'nlk-custom0', infoKind: 'bridge' });
    expect(kindOf(user)).toBe('bridge');
  });

  it('pairs a veth across namespaces by link_index and mirrors its counters', () => {
    const host = only('veth-host');
    const ctr = only('veth-container');
    expect(host).toMatchObject({ infoKind: 'veth', slaveKind: 'bridge', linkIndex: ctr.ifindex, link: null });
    expect(host.master).toMatch(/^br-[0-9a-f]{12}$/);
    expect(host.linkNetnsId).toEqual(expect.any(Number));
    expect(host.name).toMatch(/^veth/);
    expect(ctr).toMatchObject({
      name: 'eth0',
      infoKind: 'veth',
      slaveKind: null,
      master: null,
      linkIndex: host.ifindex,
    });
    expect(ctr.linkNetnsId).toBe(0);
    expect(ctr.mac).toBe('02:42:0a:e8:01:02');
    expect(ctr.addresses.map((a) => `${a.address}/${a.prefixLen}`)).toEqual([
      '10.232.1.2/24',
      'fd00:232:1::2/64',
      'fe80::42:aff:fee8:102/64',
    ]);
    // What one end sends, the other receives.
    expect(ctr.counters?.rxBytes).toBe(host.counters?.txBytes);
    expect(ctr.counters?.txPackets).toBe(host.counters?.rxPackets);
    expect(ctr.counters?.rxPackets).toBeGreaterThan(0);
  });

  it('reads a same-namespace veth pair by name (link) instead of link_index', () => {
    const vp1 = only('veth-same-ns');
    expect(vp1).toMatchObject({
      name: 'nlk-vp1',
      infoKind: 'veth',
      link: 'nlk-vp0',
      linkIndex: null,
      linkNetnsId: null,
    });
  });

  it('reads a macvlan whose parent is a host veth end', () => {
    const parent = only('macvlan-parent');
    const mv = only('macvlan-container');
    expect(mv).toMatchObject({
      name: 'eth0',
      infoKind: 'macvlan',
      linkIndex: parent.ifindex,
      linkNetnsId: 0,
    });
    expect(mv.addresses[0]).toMatchObject({ address: '10.232.3.2', prefixLen: 24 });
    expect(kindOf(mv)).toBe('macvlan');
  });

  it('reads tun (no MAC, link type none), tap and vxlan devices', () => {
    const tun = only('tun');
    expect(tun).toMatchObject({
      name: 'nlk-tun0',
      infoKind: 'tun',
      linkType: 'none',
      mac: null,
      operstate: 'DOWN',
    });
    expect(tun.counters).toEqual({
      rxBytes: 0,
      rxPackets: 0,
      txBytes: 0,
      txPackets: 0,
      rxErrors: 0,
      txErrors: 0,
      rxDropped: 0,
      txDropped: 0,
    });
    expect(only('tap')).toMatchObject({ name: 'nlk-tap0', infoKind: 'tun', linkType: 'ether' });
    expect(kindOf(only('tap'))).toBe('tun');
    const vx = only('vxlan');
    expect(vx).toMatchObject({ name: 'nlk-vx0', infoKind: 'vxlan' });
    expect(kindOf(vx)).toBe('vxlan');
  });

  it('reads a --network none namespace: loopback only', () => {
    expect(parseLinks(raw('none-namespace')).map((l) => l.name)).toEqual(['lo']);
  });

  it('skips a malformed interface and reports it, keeping the others', () => {
    const good = JSON.parse(raw('loopback')) as unknown[];
    const problems: string[] = [];
    const links = parseLinks(
      JSON.stringify([{ ifindex: 'x', ifname: 'bad0' }, ...good, { mtu: 1500 }, 7, null]),
      problems,
    );
    expect(links.map((l) => l.name)).toEqual(['lo']);
    expect(problems).toHaveLength(4);
    expect(problems[0]).toContain('"bad0"');
  });

  it('reports a bad address entry without losing the interface', () => {
    const [lo] = JSON.parse(raw('loopback')) as Record<string, unknown>[];
    const problems: string[] = [];
    const bad = {
      ...lo,
      addr_info: [
        { family: 'inet', local: '10.0.0.1', prefixlen: 300 },
        { family: 'inet' },
        { family: 'mpls' },
      ],
    };
    const [link] = parseLinks(JSON.stringify([bad]), problems);
    expect(link?.addresses).toEqual([]);
    expect(problems).toHaveLength(2);
  });

  it('reports text that is not a JSON array', () => {
    const problems: string[] = [];
    expect(parseLinks('RTNETLINK answers: Operation not permitted', problems)).toEqual([]);
    expect(parseLinks('{"ifindex":1}', problems)).toEqual([]);
    expect(problems).toHaveLength(2);
  });

  it('never throws, whatever JSON it is given', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const problems: string[] = [];
        parseLinks(JSON.stringify(value), problems);
        parseRoutes(JSON.stringify(value), 'ipv4', problems);
      }),
    );
  });
});

describe('parseRoutes (ip -json -details route show table all)', () => {
  it('reads IPv4 routes of every table of the host', () => {
    const routes = parseRoutes(raw('routes-host-v4'), 'ipv4');
    expect(new Set(routes.map((r) => r.table))).toEqual(new Set(['main', 'local']));
    expect(new Set(routes.map((r) => r.type))).toEqual(new Set(['unicast', 'local', 'broadcast']));
    expect(routes.every((r) => r.family === 'ipv4' && !r.dst.includes(':'))).toBe(true);
    expect(routes).toContainEqual({
      family: 'ipv4',
      table: 'main',
      type: 'unicast',
      dst: 'default',
      gateway: '192.0.2.1',
      dev: 'eth0',
      protocol: 'boot',
      scope: 'global',
      prefsrc: null,
      metric: null,
    });
    expect(routes).toContainEqual(
      expect.objectContaining({
        dst: '10.232.1.0/24',
        protocol: 'kernel',
        scope: 'link',
        prefsrc: '10.232.1.1',
      }),
    );
  });

  it('reads IPv6 routes with metrics, multicast and local entries', () => {
    const routes = parseRoutes(raw('routes-host-v6'), 'ipv6');
    expect(routes.every((r) => r.family === 'ipv6')).toBe(true);
    expect(routes).toContainEqual(
      expect.objectContaining({ dst: 'default', gateway: 'fd00::1', metric: 1024 }),
    );
    expect(routes).toContainEqual(
      expect.objectContaining({ type: 'multicast', dst: 'ff00::/8', table: 'local' }),
    );
    expect(routes).toContainEqual(
      expect.objectContaining({ dst: 'fd00:232:1::/64', metric: 256, table: 'main' }),
    );
  });

  it('reads a numbered table in both families', () => {
    const v4 = parseRoutes(raw('routes-lab-v4'), 'ipv4');
    const v6 = parseRoutes(raw('routes-lab-v6'), 'ipv6');
    expect(v4.find((r) => r.table === '100')).toMatchObject({
      dst: '10.232.8.0/24',
      gateway: '10.232.9.2',
      dev: 'nlk-pa',
    });
    expect(v6.find((r) => r.table === '100')).toMatchObject({
      dst: 'fd00:232:8::/64',
      gateway: 'fd00:232:9::2',
    });
  });

  it("reads a container's routes: default via its gateway", () => {
    const v4 = parseRoutes(raw('routes-container-v4'), 'ipv4');
    expect(v4).toContainEqual(
      expect.objectContaining({ dst: 'default', gateway: '10.232.1.1', dev: 'eth0' }),
    );
    const v6 = parseRoutes(raw('routes-container-v6'), 'ipv6');
    expect(v6).toContainEqual(
      expect.objectContaining({ dst: 'default', gateway: 'fd00:232:1::1', dev: 'eth0' }),
    );
  });

  it('fills the defaults iproute2 leaves out without -details', () => {
    const plain = parseRoutes(raw('routes-host-v4-plain'), 'ipv4');
    const detailed = parseRoutes(raw('routes-host-v4'), 'ipv4');
    const key = (r: { table: string; type: string; dst: string; dev: string | null }) =>
      `${r.table} ${r.type} ${r.dst} ${r.dev}`;
    expect(plain.map(key).sort()).toEqual(detailed.map(key).sort());
  });

  it('keeps the first hop of a multipath route and a gateway of the other family', () => {
    const json = JSON.stringify([
      {
        dst: '10.9.0.0/16',
        nexthops: [
          { gateway: '10.0.0.1', dev: 'eth0', weight: 1 },
          { gateway: '10.0.0.2', dev: 'eth1' },
        ],
      },
      { dst: '10.8.0.0/16', via: { family: 'inet6', host: 'fe80::1' }, dev: 'eth0' },
      { dst: 7 },
    ]);
    const problems: string[] = [];
    const routes = parseRoutes(json, 'ipv4', problems);
    expect(routes.map((r) => [r.gateway, r.dev])).toEqual([
      ['10.0.0.1', 'eth0'],
      ['fe80::1', 'eth0'],
    ]);
    expect(problems).toEqual([expect.stringContaining('skipped route 7')]);
  });
});

describe('splitJsonValues (ip -json -batch output)', () => {
  it('splits the three values of the batch, brackets inside strings included', () => {
    expect(splitJsonValues('[{"a":"]["}]\n[]\n[{"b":"\\"]"}]\n')).toEqual([
      '[{"a":"]["}]',
      '[]',
      '[{"b":"\\"]"}]',
    ]);
    expect(splitJsonValues('[1][2]')).toEqual(['[1]', '[2]']);
  });

  it('returns a value cut short as is, so its parser reports it', () => {
    const problems: string[] = [];
    const [cut] = splitJsonValues('[{"ifindex":1,"ifn');
    expect(cut).toBe('[{"ifindex":1,"ifn');
    expect(parseLinks(cut ?? '', problems)).toEqual([]);
    expect(problems).toHaveLength(1);
  });
});
