import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  applyPatch,
  canonicalise,
  computePatch,
  deepEqual,
  PatchBaseError,
  PatchInvalidError,
} from '../../../src/model/patch.js';
import { SNAPSHOT_SCHEMA } from '../../../src/model/snapshot.js';
import type {
  Chain,
  Container,
  HostInfo,
  Interface,
  Namespace,
  NatFlow,
  Network,
  Route,
  Rule,
  Snapshot,
} from '../../../src/model/snapshot.js';

// Small value domains so that two random snapshots share keys (updates), and one snapshot repeats keys.
const name = fc.constantFrom('a', 'b', 'c', 'web', 'db');
const nsId = fc.constantFrom('host', 'container:a', 'container:b', 'netns:7');
const num = fc.integer({ min: 0, max: 3 });
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const family = fc.constantFrom('ipv4' as const, 'ipv6' as const);
const backend = fc.constantFrom('iptables-nft' as const, 'iptables-legacy' as const, 'nftables' as const);

const host: fc.Arbitrary<HostInfo> = fc.record({
  name,
  target: fc.constantFrom('local', 'me@box'),
  dockerVersion: nullable(fc.constantFrom('20.10', '28.0')),
  apiVersion: nullable(fc.constant('1.41')),
  kernel: nullable(fc.constant('6.1')),
  os: nullable(fc.constant('Debian')),
  firewallBackend: nullable(backend),
  privilege: fc.constantFrom('root' as const, 'sudo' as const, 'none' as const),
  rootless: fc.boolean(),
  collected: fc.record({ docker: fc.boolean(), kernel: fc.boolean(), firewall: fc.boolean() }),
});

const namespace: fc.Arbitrary<Namespace> = fc.record({
  id: nsId,
  kind: fc.constantFrom('host' as const, 'container' as const, 'netns' as const),
  path: nullable(fc.constant('/var/run/docker/netns/x')),
  inode: nullable(num),
  containers: fc.array(name, { maxLength: 2 }),
  interfaces: fc.array(name, { maxLength: 2 }),
});

const counters = fc.record({
  rxBytes: num,
  rxPackets: num,
  txBytes: num,
  txPackets: num,
  rxErrors: num,
  txErrors: num,
  rxDropped: num,
  txDropped: num,
});

const iface: fc.Arbitrary<Interface> = fc
  .record({
    namespace: nsId,
    name: fc.constantFrom('lo', 'eth0', 'docker0', 'veth1'),
    ifindex: num,
    kind: fc.constantFrom('loopback' as const, 'veth' as const, 'bridge' as const),
    driver: nullable(fc.constant('veth')),
    mac: nullable(fc.constant('02:42:ac:11:00:02')),
    mtu: fc.constantFrom(1500, 9000),
    state: fc.constantFrom('UP', 'DOWN'),
    flags: fc.array(fc.constantFrom('UP', 'LOWER_UP'), { maxLength: 2 }),
    addresses: fc.array(
      fc.record({
        family,
        address: fc.constantFrom('10.0.0.1', '::1'),
        prefixLen: num,
        scope: nullable(fc.constant('global')),
      }),
      { maxLength: 2 },
    ),
    master: nullable(fc.constant('host/docker0')),
    peer: nullable(fc.constant('host/veth1')),
    parent: fc.constant(null),
    linkIndex: nullable(num),
    linkNetnsId: nullable(num),
    counters: nullable(counters),
  })
  .map((i) => ({ ...i, id: `${i.namespace}/${i.name}` }));

const route: fc.Arbitrary<Route> = fc.record({
  namespace: nsId,
  family,
  table: fc.constantFrom('main', 'local'),
  type: fc.constantFrom('unicast', 'local'),
  dst: fc.constantFrom('default', '10.0.0.0/24'),
  // gateway is not part of the key, so equal keys with different routes happen: the group case.
  gateway: nullable(fc.constantFrom('10.0.0.1', '10.0.0.254')),
  dev: nullable(fc.constantFrom('eth0', 'docker0')),
  protocol: nullable(fc.constant('kernel')),
  scope: nullable(fc.constant('link')),
  prefsrc: nullable(fc.constant('10.0.0.2')),
  metric: nullable(num),
});

const network: fc.Arbitrary<Network> = fc.record({
  id: fc.constantFrom('n1', 'n2'),
  name,
  driver: fc.constantFrom('bridge', 'macvlan'),
  scope: fc.constant('local'),
  internal: fc.boolean(),
  ipv6: fc.boolean(),
  subnets: fc.array(
    fc.record({ subnet: fc.constant('10.0.0.0/24'), gateway: nullable(fc.constant('10.0.0.1')) }),
    { maxLength: 1 },
  ),
  bridge: nullable(fc.constant('host/docker0')),
  options: fc.dictionary(fc.constantFrom('mtu', 'name'), fc.constantFrom('1500', 'x')),
  endpoints: fc.array(
    fc.record({
      container: name,
      interface: nullable(fc.constant('container:a/eth0')),
      ipv4: nullable(fc.constant('10.0.0.2')),
      ipv6: fc.constant(null),
      mac: fc.constant(null),
    }),
    { maxLength: 2 },
  ),
});

const container: fc.Arbitrary<Container> = fc.record({
  id: fc.constantFrom('c1', 'c2'),
  name,
  image: fc.constant('busybox'),
  state: fc.constantFrom('running', 'exited'),
  networkMode: fc.constantFrom('bridge', 'host'),
  namespace: nullable(nsId),
  pid: nullable(num),
  endpoints: fc.array(
    fc.record({
      network: name,
      interface: nullable(fc.constant('container:a/eth0')),
      ipv4: nullable(fc.constant('10.0.0.2')),
      ipv4PrefixLen: nullable(fc.constant(24)),
      ipv6: fc.constant(null),
      mac: fc.constant(null),
      gateway: fc.constant(null),
      aliases: fc.array(name, { maxLength: 1 }),
    }),
    { maxLength: 1 },
  ),
  ports: fc.array(
    fc.record({
      protocol: fc.constant('tcp' as const),
      containerPort: fc.constant(80),
      hostIp: fc.constant('0.0.0.0'),
      hostPort: fc.constantFrom(8080, 8081),
    }),
    { maxLength: 1 },
  ),
  compose: nullable(fc.record({ project: name, service: name })),
});

const ruleCounters = nullable(fc.record({ packets: num, bytes: num }));
const chain: fc.Arbitrary<Chain> = fc.record({
  backend,
  family,
  table: fc.constantFrom('nat', 'filter'),
  name: fc.constantFrom('DOCKER', 'FORWARD'),
  policy: nullable(fc.constantFrom('ACCEPT', 'DROP')),
  counters: ruleCounters,
});
const rule: fc.Arbitrary<Rule> = fc
  .record({
    backend,
    family,
    table: fc.constantFrom('nat', 'filter'),
    chain: fc.constantFrom('DOCKER', 'FORWARD'),
    position: fc.integer({ min: 1, max: 3 }),
    text: fc.constantFrom('-j RETURN', '-j ACCEPT'),
    target: nullable(fc.constantFrom('RETURN', 'ACCEPT')),
    counters: ruleCounters,
  })
  .map((r) => ({ ...r, id: `${r.backend}:${r.family}:${r.table}:${r.chain}:${r.text}` }));

const natFlow: fc.Arbitrary<NatFlow> = fc.oneof(
  fc
    .record({
      hostPort: fc.constantFrom(8080, 8081),
      toPort: num,
      container: nullable(name),
      published: fc.boolean(),
    })
    .map((f): NatFlow => ({
      kind: 'dnat',
      id: `tcp/0.0.0.0:${f.hostPort}`,
      family: 'ipv4',
      protocol: 'tcp',
      hostIp: '0.0.0.0',
      hostPort: f.hostPort,
      toAddress: '10.0.0.2',
      toPort: f.toPort,
      excludeInterface: null,
      container: f.container,
      endpoint: null,
      network: null,
      rule: null,
      chainPath: ['PREROUTING', 'DOCKER'],
      published: f.published,
    })),
  fc
    .record({ source: fc.constantFrom('10.0.0.0/24', '172.17.0.0/16'), network: nullable(name) })
    .map((m): NatFlow => ({
      kind: 'masquerade',
      id: `masquerade/${m.source}`,
      family: 'ipv4',
      source: m.source,
      destination: null,
      excludeOutInterface: null,
      network: m.network,
      rule: 'r',
    })),
);

// Through JSON: plain objects, as a snapshot is after the transport (fast-check also makes null-prototype ones).
const snapshot: fc.Arbitrary<Snapshot> = fc
  .record({
    schema: fc.constant(SNAPSHOT_SCHEMA),
    capturedAt: fc.integer({ min: 0, max: 1e6 }).map((n) => new Date(1.7e12 + n).toISOString()),
    host,
    namespaces: fc.array(namespace, { maxLength: 4 }),
    interfaces: fc.array(iface, { maxLength: 5 }),
    routes: fc.array(route, { maxLength: 5 }),
    networks: fc.array(network, { maxLength: 3 }),
    containers: fc.array(container, { maxLength: 3 }),
    firewall: fc.record({
      backends: fc.array(backend, { maxLength: 2 }),
      chains: fc.array(chain, { maxLength: 3 }),
      rules: fc.array(rule, { maxLength: 5 }),
    }),
    natFlows: fc.array(natFlow, { maxLength: 3 }),
    findings: fc.array(
      fc.record({
        id: name,
        severity: fc.constantFrom('error' as const, 'info' as const),
        code: name,
        message: name,
        subjects: fc.array(name, { maxLength: 2 }),
      }),
      { maxLength: 2 },
    ),
    warnings: fc.array(
      fc.record({ part: fc.constantFrom('docker' as const, 'kernel' as const), code: name, message: name }),
      { maxLength: 2 },
    ),
  })
  .map((s) => JSON.parse(JSON.stringify(s)) as Snapshot);

describe('computePatch / applyPatch', () => {
  it('applyPatch(a, computePatch(a, b)) equals b in canonical order', () => {
    fc.assert(
      fc.property(snapshot, snapshot, (a, b) => {
        const base = canonicalise(a);
        const next = canonicalise({ ...b, capturedAt: `${b.capturedAt}-next` });
        const patch = computePatch(base, next);
        const result = patch ? applyPatch(base, patch) : { ...base, capturedAt: next.capturedAt };
        expect(result).toStrictEqual(next);
      }),
      { numRuns: 500 },
    );
  });

  it('survives a JSON round trip of the patch (what the transports do)', () => {
    fc.assert(
      fc.property(snapshot, snapshot, (a, b) => {
        const base = canonicalise(a);
        const next = canonicalise({ ...b, capturedAt: 'later' });
        const patch = computePatch(base, next);
        if (!patch) return;
        const wire = JSON.parse(JSON.stringify(patch)) as typeof patch;
        expect(applyPatch(JSON.parse(JSON.stringify(base)) as Snapshot, wire)).toStrictEqual(next);
      }),
      { numRuns: 200 },
    );
  });

  it('is null when only capturedAt changed, whatever the input order', () => {
    fc.assert(
      fc.property(snapshot, (a) => {
        const shuffled = {
          ...a,
          capturedAt: 'other',
          interfaces: [...a.interfaces].reverse(),
          routes: [...a.routes].reverse(),
        };
        expect(computePatch(a, shuffled)).toBeNull();
      }),
    );
  });

  it('sends only what changed', () => {
    const a = fc.sample(snapshot, { numRuns: 1, seed: 42 })[0] as Snapshot;
    const base = canonicalise({ ...a, containers: [], capturedAt: 't1' });
    const added: Container = {
      id: 'x',
      name: 'new',
      image: 'i',
      state: 'running',
      networkMode: 'bridge',
      namespace: null,
      pid: null,
      endpoints: [],
      ports: [],
      compose: null,
    };
    const patch = computePatch(base, { ...base, capturedAt: 't2', containers: [added] });
    expect(patch).toEqual({ base: 't1', capturedAt: 't2', upsert: { containers: [added] }, remove: {} });
    const back = computePatch(
      { ...base, capturedAt: 't2', containers: [added] },
      { ...base, capturedAt: 't3' },
    );
    expect(back).toEqual({ base: 't2', capturedAt: 't3', upsert: {}, remove: { containers: ['new'] } });
  });

  it('refuses a patch made against another snapshot with a typed error', () => {
    const a = canonicalise(fc.sample(snapshot, { numRuns: 1, seed: 7 })[0] as Snapshot);
    const patch = { base: 'not-this-one', capturedAt: 'x', upsert: {}, remove: {} };
    expect(() => applyPatch(a, patch)).toThrow(PatchBaseError);
  });

  it('refuses items that do not match the schema', () => {
    const a = canonicalise(fc.sample(snapshot, { numRuns: 1, seed: 9 })[0] as Snapshot);
    const patch = {
      base: a.capturedAt,
      capturedAt: 'x',
      upsert: { containers: [{ name: 'evil' }] },
      remove: {},
    };
    expect(() => applyPatch(a, patch)).toThrow(PatchInvalidError);
  });

  it('keeps rules in chain order and the host namespace first', () => {
    const a = fc.sample(snapshot, { numRuns: 1, seed: 3 })[0] as Snapshot;
    const r = (position: number, text: string): Rule => ({
      id: `iptables-nft:ipv4:nat:DOCKER:${text}`,
      backend: 'iptables-nft',
      family: 'ipv4',
      table: 'nat',
      chain: 'DOCKER',
      position,
      text,
      target: null,
      counters: null,
    });
    const ns = (id: string): Namespace => ({
      id,
      kind: 'netns',
      path: null,
      inode: null,
      containers: [],
      interfaces: [],
    });
    const s = canonicalise({
      ...a,
      namespaces: [ns('container:a'), ns('host'), ns('a')],
      firewall: { ...a.firewall, rules: [r(2, '-A'), r(1, '-Z')] },
    });
    expect(s.namespaces.map((n) => n.id)).toEqual(['host', 'a', 'container:a']);
    expect(s.firewall.rules.map((x) => x.position)).toEqual([1, 2]);
  });

  it('deepEqual ignores key order and undefined members', () => {
    expect(deepEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(deepEqual({ a: 1, x: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual({ a: null }, { a: 0 })).toBe(false);
  });
});
