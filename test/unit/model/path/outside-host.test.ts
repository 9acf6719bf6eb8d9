// The path engine from outside and from the host: published ports in both families and on loopback,
// docker-proxy, nat OUTPUT, martian 127.0.0.0/8, and snapshots that do not record listeners.
import { describe, expect, it } from 'vitest';
import { publishedPortPath } from '../../../../src/model/path/engine.js';
import { dockerSysctls } from '../../../support/path-snapshot.js';
import { bridgeOf, hops, ipOf, lab, trace } from './lab.js';

const s = lab();
const app = bridgeOf(s, 'app');
const web = ipOf(s, 'web');
const dns = ipOf(s, 'dns');

describe('outside → a published port', () => {
  it('0.0.0.0:8080: DNAT in nat DOCKER, routed to the bridge, accepted by filter DOCKER, into web', () => {
    const r = trace(s, 'outside', 'host', 8080);
    expect(r.verdict).toBe('delivered');
    expect(hops(r)).toEqual([
      'endpoint outside',
      'interface eth0 192.168.1.10',
      'chain nat PREROUTING',
      'rule PREROUTING #1: jump',
      'chain nat DOCKER',
      `nat DNAT → ${web}:80`,
      `route route 10.11.0.0/24 dev ${app}`,
      'chain filter FORWARD',
      'rule FORWARD #1: jump',
      'chain filter DOCKER-USER',
      'rule DOCKER-USER #1: return',
      'rule FORWARD #2: jump',
      'chain filter DOCKER-ISOLATION-STAGE-1',
      'rule DOCKER-ISOLATION-STAGE-1 #7: return',
      'rule FORWARD #8: jump',
      'chain filter DOCKER',
      'rule DOCKER #1: accept',
      `bridge bridge ${app}`,
      expect.stringMatching(/^veth veth\w+ \(ifindex \d+\)$/) as string,
      expect.stringMatching(/^cable veth pair veth\w+ ↔ eth0$/) as string,
      `interface eth0 ${web}`,
      'endpoint web:80/tcp',
    ]);
    const dnat = r.hops.find((h) => h.kind === 'nat');
    expect(dnat?.rule).toMatchObject({ table: 'nat', chain: 'DOCKER', position: 5 });
    expect(dnat?.item).toBe('tcp/0.0.0.0:8080');
    expect(r.hops.find((h) => h.kind === 'route')?.route).toMatchObject({
      namespace: 'host',
      dst: '10.11.0.0/24',
      dev: app,
    });
    expect(r.delivered).toMatchObject({
      namespace: 'container:web',
      containers: ['web', 'side'],
      address: web,
      port: 80,
    });
    expect(new Set(r.items).size).toBe(r.items.length);
  });

  it('[::]:8080 (no IPv6 NAT on this engine): taken by docker-proxy, which dials web over IPv4', () => {
    const r = trace(s, 'outside', '2001:db8:1::10', 8080);
    expect(r.title).toBe('outside → 2001:db8:1::10 ([2001:db8:1::10]:8080/tcp)');
    expect(r.verdict).toBe('delivered');
    expect(hops(r).slice(0, 5)).toEqual([
      'endpoint outside',
      'interface eth0 2001:db8:1::10',
      'socket tcp [::]:8080',
      expect.stringMatching(/^process docker-proxy pid \d+$/) as string,
      `route route 10.11.0.0/24 dev ${app}`,
    ]);
    expect(r.delivered?.containers).toContain('web');
  });

  it('a port bound to 127.0.0.1 is not reachable on the host address: no DNAT matches, no socket listens', () => {
    const r = trace(s, 'outside', 'host', 5353, 'udp');
    expect(r.verdict).toBe('blocked');
    expect(r.reason).toBe('nothing on the host listens on 192.168.1.10:5353/udp');
    expect(r.hops.some((h) => h.kind === 'nat')).toBe(false);
  });

  it('127.0.0.1 itself cannot arrive from outside (martian, route_localnet=0)', () => {
    const r = trace(s, 'outside', '127.0.0.1', 5353, 'udp');
    expect(r).toMatchObject({
      verdict: 'blocked',
      blockedBy: { kind: 'other', text: 'route_localnet=0 on eth0' },
    });
  });

  it("a container's address routed from outside: an unpublished port falls to FORWARD's DROP policy", () => {
    const r = trace(s, 'outside', web, 22);
    expect(r).toMatchObject({ verdict: 'blocked', blockedBy: { kind: 'policy', chain: 'filter FORWARD' } });
    expect(r.hops.at(-1)).toMatchObject({ label: 'filter FORWARD policy DROP', blocked: true });
  });

  it('the app asks published ports from outside, and loopback bindings from the host', () => {
    expect(publishedPortPath(s, 'tcp/0.0.0.0:8080').from).toBe('outside');
    const lo = publishedPortPath(s, 'udp/127.0.0.1:5353');
    expect(lo).toMatchObject({ from: 'host', verdict: 'delivered' });
    expect(hops(lo)).not.toContain('chain nat PREROUTING');
    expect(hops(lo)).toContain(`interface eth0 ${dns}`);
  });
});

describe('host → ', () => {
  it('127.0.0.1:5353/udp (bound to loopback): nat OUTPUT skips 127/8, docker-proxy carries it to dns', () => {
    const r = trace(s, 'host', '127.0.0.1', 5353, 'udp');
    expect(r.verdict).toBe('delivered');
    expect(hops(r)).toEqual([
      'endpoint host',
      'route local 127.0.0.1',
      'chain filter OUTPUT',
      'chain filter OUTPUT policy ACCEPT',
      'chain filter INPUT',
      'chain filter INPUT policy ACCEPT',
      'socket udp 127.0.0.1:5353',
      expect.stringMatching(/^process docker-proxy pid \d+$/) as string,
      'route route 172.17.0.0/16 dev docker0',
      'chain filter OUTPUT',
      'chain filter OUTPUT policy ACCEPT',
      'bridge bridge docker0',
      expect.stringMatching(/^veth /) as string,
      expect.stringMatching(/^cable /) as string,
      `interface eth0 ${dns}`,
      'endpoint dns:53/udp',
    ]);
    const proxy = r.hops.find((h) => h.kind === 'process');
    expect(proxy?.detail).toContain(`-proto udp -host-ip 127.0.0.1 -host-port 5353 → ${dns}:53`);
  });

  it('the host address:8080 is DNATed in nat OUTPUT and re-routed to the bridge (no proxy)', () => {
    const r = trace(s, 'host', '192.168.1.10', 8080);
    expect(r.verdict).toBe('delivered');
    const nat = r.hops.find((h) => h.kind === 'nat');
    expect(nat?.rule).toMatchObject({ chain: 'DOCKER', table: 'nat' });
    expect(hops(r)).toContain('chain nat OUTPUT');
    expect(hops(r)).toContain(`route route 10.11.0.0/24 dev ${app}`);
    expect(r.hops.some((h) => h.kind === 'process')).toBe(false);
  });

  it('a container address: OUTPUT, the bridge, the veth (no FORWARD for what the host sends)', () => {
    const r = trace(s, 'host', 'pg', 5432);
    expect(r.verdict).toBe('delivered');
    expect(hops(r)).not.toContain('chain filter FORWARD');
    expect(hops(r)).toContain('chain filter OUTPUT');
  });

  it('with the userland proxy off, 127.0.0.1 DNATed to a bridge needs route_localnet on that bridge', () => {
    const rules = [
      { table: 'nat' as const, chain: 'OUTPUT', rule: '-m addrtype --dst-type LOCAL -j DOCKER' },
      {
        table: 'nat' as const,
        chain: 'POSTROUTING',
        rule: '-o docker0 -m addrtype --src-type LOCAL -j MASQUERADE',
      },
    ];
    const noProxy = (routeLocalnet: number) => {
      const x = lab({
        rules,
        sysctls: dockerSysctls({
          routeLocalnet: { all: 0, default: 0, interfaces: [{ name: 'docker0', value: routeLocalnet }] },
        }),
      });
      x.listeners = [];
      x.proxies = [];
      return x;
    };
    const on = trace(noProxy(1), 'host', '127.0.0.1', 5353, 'udp');
    expect(on.verdict).toBe('delivered');
    expect(hops(on)).toContain('nat MASQUERADE → source 172.17.0.1');
    const off = trace(noProxy(0), 'host', '127.0.0.1', 5353, 'udp');
    expect(off).toMatchObject({ verdict: 'blocked', blockedBy: { text: 'route_localnet=0 on docker0' } });
  });

  it('a snapshot that does not record listening sockets is uncertain, and says which fact is missing', () => {
    const old = lab();
    delete old.listeners;
    delete old.proxies;
    const r = trace(old, 'host', '127.0.0.1', 8080);
    expect(r.verdict).toBe('uncertain');
    expect(r.missing).toEqual(["the host's listening sockets (this snapshot does not record them)"]);
  });
});

describe('a namespace behind a plain veth (no bridge)', () => {
  it('is reached when it holds the next hop; an address nobody behind the veth holds gets no answer', () => {
    const x = lab();
    const veth = (ns: string, name: string, peer: string, address: string | null) => ({
      ...x.interfaces.find((i) => i.id === 'host/eth0')!,
      id: `${ns}/${name}`,
      namespace: ns,
      name,
      kind: 'veth' as const,
      driver: 'veth',
      peer,
      addresses: address ? [{ family: 'ipv4' as const, address, prefixLen: 24, scope: 'global' }] : [],
    });
    x.interfaces.push(
      veth('host', 'vx0', 'netns:7/vx1', '10.250.0.1'),
      veth('netns:7', 'vx1', 'host/vx0', '10.250.0.2'),
    );
    x.namespaces.push({
      id: 'netns:7',
      kind: 'netns',
      path: '/var/run/netns/x',
      inode: 7,
      containers: [],
      interfaces: ['netns:7/vx1'],
    });
    x.routes.push({
      ...x.routes.find((r) => r.namespace === 'host' && r.dst === '192.168.1.0/24')!,
      dst: '10.250.0.0/24',
      dev: 'vx0',
      prefsrc: '10.250.0.1',
    });
    expect(trace(x, 'host', '10.250.0.2', 80)).toMatchObject({
      verdict: 'delivered',
      delivered: { namespace: 'netns:7' },
    });
    expect(trace(x, 'host', '10.250.0.9', 80)).toMatchObject({
      verdict: 'blocked',
      reason: 'nothing behind vx0 holds 10.250.0.9: the neighbour lookup gets no answer',
    });
  });
});
