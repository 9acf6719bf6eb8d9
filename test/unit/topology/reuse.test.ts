// The builder remembers what it made from each fact object: the same facts give the same items (so the
// session's diff stops at `===`), in exactly the order a plain sort of everything gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LinkFact, NamespaceFacts, RouteFact } from '../../../src/collect/facts.js';
import { cmp } from '../../../src/model/order.js';
import type { Route } from '../../../src/model/snapshot.js';
import { buildInterfaces, buildRoutes } from '../../../src/topology/interfaces.js';

const routeFact = fc.record<RouteFact>({
  family: fc.constantFrom('ipv4', 'ipv6'),
  table: fc.constantFrom('main', 'local', '10'),
  type: fc.constantFrom('unicast', 'local', 'broadcast'),
  dst: fc.constantFrom('default', '10.0.0.0/24', '10.0.0.1', 'fe80::/64', 'ff00::/8'),
  gateway: fc.constant(null),
  dev: fc.constantFrom('eth0', 'lo', null),
  protocol: fc.constant('kernel'),
  scope: fc.constant(null),
  prefsrc: fc.constant(null),
  metric: fc.constantFrom(null, 0, 256),
});
// Ids where one is a prefix of another ('container:a', 'container:a-b'): the order must still hold.
const nsIds = fc.uniqueArray(
  fc.constantFrom('host', 'container:a', 'container:a-b', 'container:b', 'netns:7'),
  {
    minLength: 1,
  },
);

const facts = (routes: RouteFact[]): NamespaceFacts => ({
  path: null,
  inode: null,
  links: [],
  routes,
  error: null,
});
const key = (r: Route) =>
  `${r.namespace}|${r.family}|${r.table}|${r.dst}|${r.type}|${r.dev ?? ''}|${r.metric ?? 0}`;

describe('buildRoutes', () => {
  it('gives the order of one sort over every route, and the same objects for the same facts', () => {
    fc.assert(
      fc.property(
        nsIds,
        fc.array(fc.array(routeFact, { maxLength: 8 }), { minLength: 5, maxLength: 5 }),
        (ids, lists) => {
          const map = new Map(ids.map((id, i) => [id, facts(lists[i] ?? [])]));
          const built = buildRoutes(map);
          const plain = [...map].flatMap(([ns, f]) => f.routes.map((r) => ({ namespace: ns, ...r })));
          expect(built).toEqual(plain.sort((a, b) => cmp(key(a), key(b))));
          const again = buildRoutes(new Map(map));
          again.forEach((r, i) => expect(r).toBe(built[i]));
        },
      ),
    );
  });
});

describe('buildInterfaces', () => {
  const link = (ifindex: number, name: string, extra: Partial<LinkFact> = {}): LinkFact => ({
    ifindex,
    name,
    infoKind: 'veth',
    slaveKind: null,
    linkType: 'ether',
    mac: null,
    mtu: 1500,
    operstate: 'UP',
    flags: ['UP', 'BROADCAST'],
    master: null,
    linkIndex: null,
    linkNetnsId: null,
    link: null,
    addresses: [],
    counters: null,
    ...extra,
  });

  it('reuses an interface only while its joins are the same', () => {
    const hostEnd = link(9, 'veth9', { linkIndex: 2, linkNetnsId: 0 });
    const inside = link(2, 'eth0', { linkIndex: 9, linkNetnsId: 0 });
    const host: NamespaceFacts = { path: null, inode: 1, links: [hostEnd], routes: [], error: null };
    const ns: NamespaceFacts = {
      path: '/var/run/docker/netns/a',
      inode: 2,
      links: [inside],
      routes: [],
      error: null,
    };
    const first = buildInterfaces(
      new Map([
        ['host', host],
        ['container:a', ns],
      ]),
    );
    const second = buildInterfaces(
      new Map([
        ['host', host],
        ['container:a', ns],
      ]),
    );
    expect(second[1]).toBe(first[1]);
    expect(first.find((i) => i.id === 'host/veth9')?.peer).toBe('container:a/eth0');
    // The container side is gone: the host end is the same fact, but its peer is not, so a new item.
    const alone = buildInterfaces(new Map([['host', host]]));
    expect(alone[0]?.peer).toBeNull();
    expect(alone[0]).not.toBe(first.find((i) => i.id === 'host/veth9'));
  });
});
