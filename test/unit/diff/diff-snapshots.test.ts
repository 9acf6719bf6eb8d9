import { describe, expect, it } from 'vitest';
import { diffSnapshots, COLLECTION_ORDER } from '../../../src/diff/index.js';
import type { Change, SnapshotDiff } from '../../../src/model/diff-types.js';
import {
  buildSnapshot,
  cloneSnapshot,
  type ContainerSpec,
  type SnapshotSpec,
} from '../../support/snapshot-factory/index.js';

const only = (d: SnapshotDiff, kind: Change['kind']) => d.changes.filter((c) => c.kind === kind);
const find = (d: SnapshotDiff, collection: Change['collection'], key: string) =>
  d.changes.find((c) => c.collection === collection && c.key === key);
const field = (c: Change | undefined, path: string) => c?.fields.find((f) => f.path === path);

function lab(web: Partial<ContainerSpec> = {}, extra: Partial<SnapshotSpec> = {}): SnapshotSpec {
  return {
    networks: [
      { name: 'front', subnet: '10.10.0.0/24' },
      { name: 'back', subnet: '10.20.0.0/24' },
    ],
    containers: [
      {
        name: 'web',
        networks: [{ network: 'front', ip: '10.10.0.3', hostVeth: 'veth6a5fad2' }],
        ports: [{ containerPort: 80, hostPort: 8080 }],
        ...web,
      },
      { name: 'db', networks: [{ network: 'back', ip: '10.20.0.2', hostVeth: 'veth1b2c3d4' }] },
    ],
    ...extra,
  };
}

describe('diffSnapshots', () => {
  it('finds nothing between a snapshot and itself', () => {
    const a = buildSnapshot(lab());
    const d = diffSnapshots(a, cloneSnapshot(a), { a: 'before', b: 'after' });
    expect(d.equal).toBe(true);
    expect(d.changes).toEqual([]);
    expect(d.a).toEqual({ label: 'before', host: 'lab-01', capturedAt: a.capturedAt });
    expect(d.crossHost).toBe(false);
  });

  it('reads a restart (new host veth name, new address) as changed, never removed + added', () => {
    const a = buildSnapshot(lab());
    const b = buildSnapshot(
      lab(
        { networks: [{ network: 'front', ip: '10.10.0.7', hostVeth: 'vethd2c4b1e' }] },
        { capturedAt: '2025-01-02T09:00:00.000Z' },
      ),
    );
    const d = diffSnapshots(a, b);
    expect(only(d, 'added')).toEqual([]);
    expect(only(d, 'removed')).toEqual([]);
    const containers = d.changes.filter((c) => c.collection === 'container');
    expect(containers.map((c) => c.key)).toEqual(['web']);
    expect(field(containers[0], 'endpoints.front.ipv4')).toEqual({
      path: 'endpoints.front.ipv4',
      before: '10.10.0.3',
      after: '10.10.0.7',
      subject: 'eth0',
    });
    const veth = find(d, 'interface', 'host/veth→container:web/eth0');
    expect(veth?.kind).toBe('changed');
    expect(field(veth, 'name')).toMatchObject({ before: 'veth6a5fad2', after: 'vethd2c4b1e' });
    expect(veth?.label).toContain('host/vethd2c4b1e');
    const eth0 = find(d, 'interface', 'container:web/eth0');
    expect(field(eth0, 'addresses')).toMatchObject({ before: ['10.10.0.3/24'], after: ['10.10.0.7/24'] });
    // The peer is named by what it connects, so the rename shows once (on the veth), not on eth0's peer.
    expect(field(eth0, 'peer')).toBeUndefined();
    expect(field(find(d, 'natFlow', 'tcp/0.0.0.0:8080'), 'toAddress')).toMatchObject({ after: '10.10.0.7' });
    // The DNAT rule keeps its identity (it still sends 8080 to web) and shows its new text.
    const dnat = d.changes.find((c) => c.collection === 'rule' && c.key.includes('DNAT'));
    expect(dnat?.kind).toBe('changed');
    expect(field(dnat, 'text')?.after).toContain('--to-destination 10.10.0.7:80');
    expect(d.changes.some((c) => c.collection === 'container' && c.key === 'db')).toBe(false);
  });

  it('shows a container moved between networks on the container, both networks and its veth', () => {
    const a = buildSnapshot(lab());
    const b = buildSnapshot(
      lab({ networks: [{ network: 'back', ip: '10.20.0.3', hostVeth: 'veth6a5fad2' }] }),
    );
    // The networks' endpoint lists repeat the container's endpoints: shown only when all is asked for.
    expect(field(find(diffSnapshots(a, b), 'network', 'front'), 'endpoints.web')).toBeUndefined();
    const d = diffSnapshots(a, b, {}, { all: true });
    expect(only(d, 'added').filter((c) => c.collection !== 'route' && c.collection !== 'rule')).toEqual([]);
    const web = find(d, 'container', 'web');
    expect(field(web, 'endpoints.front')).toMatchObject({ after: undefined });
    expect(field(web, 'endpoints.front')?.before).toMatchObject({ ipv4: '10.10.0.3' });
    expect(field(web, 'endpoints.back')).toMatchObject({ before: undefined, after: { ipv4: '10.20.0.3' } });
    expect(field(find(d, 'network', 'front'), 'endpoints.web')).toMatchObject({ after: undefined });
    expect(field(find(d, 'network', 'back'), 'endpoints.web')).toMatchObject({ before: undefined });
    const veth = find(d, 'interface', 'host/veth→container:web/eth0');
    expect(field(veth, 'master')).toEqual({
      path: 'master',
      before: 'host/bridge→network:front',
      after: 'host/bridge→network:back',
    });
    expect(d.changes.filter((c) => c.collection === 'container' && c.kind !== 'changed')).toEqual([]);
  });

  it('shows a port re-published on another host port as one flow removed and one added', () => {
    const a = buildSnapshot(lab());
    const b = buildSnapshot(lab({ ports: [{ containerPort: 80, hostPort: 8081 }] }));
    const d = diffSnapshots(a, b);
    expect(find(d, 'natFlow', 'tcp/0.0.0.0:8080')?.kind).toBe('removed');
    expect(find(d, 'natFlow', 'tcp/0.0.0.0:8081')?.kind).toBe('added');
    expect(find(d, 'natFlow', 'tcp/0.0.0.0:8081')?.label).toBe('tcp 0.0.0.0:8081 → 10.10.0.3:80 (web)');
    expect(field(find(d, 'container', 'web'), 'ports.tcp/80')).toMatchObject({
      before: ['0.0.0.0:8080'],
      after: ['0.0.0.0:8081'],
    });
    const rules = d.changes.filter((c) => c.collection === 'rule');
    expect(rules.map((c) => c.kind).sort()).toEqual(['added', 'removed']);
    expect(d.changes.filter((c) => c.collection === 'interface')).toEqual([]);
  });

  it('shows a rule inserted into DOCKER-USER as one added rule, not a reordering', () => {
    const a = buildSnapshot(lab());
    const b = buildSnapshot(
      lab({}, { rules: [{ table: 'filter', chain: 'DOCKER-USER', rule: '-s 203.0.113.0/24 -j DROP' }] }),
    );
    const d = diffSnapshots(a, b);
    expect(d.changes).toHaveLength(1);
    expect(d.changes[0]).toMatchObject({
      kind: 'added',
      collection: 'rule',
      key: 'iptables-nft:ipv4:filter:DOCKER-USER:-A DOCKER-USER -s 203.0.113.0/24 -j DROP',
      label: 'rule ipv4 filter DOCKER-USER: -A DOCKER-USER -s 203.0.113.0/24 -j DROP',
    });
  });

  it('reports rules that swapped places as a change of the chain order', () => {
    const rules = [
      {
        table: 'filter' as const,
        chain: 'DOCKER-USER',
        rule: '-s 203.0.113.0/24 -j DROP',
        at: 'top' as const,
      },
      {
        table: 'filter' as const,
        chain: 'DOCKER-USER',
        rule: '-s 198.51.100.0/24 -j ACCEPT',
        at: 'top' as const,
      },
    ];
    const a = buildSnapshot(lab({}, { rules }));
    const b = buildSnapshot(lab({}, { rules: [...rules].reverse() }));
    const d = diffSnapshots(a, b);
    expect(d.changes).toHaveLength(1);
    const chain = d.changes[0];
    expect(chain).toMatchObject({
      kind: 'changed',
      collection: 'chain',
      key: 'iptables-nft:ipv4:filter:DOCKER-USER',
    });
    expect(field(chain, 'order')?.before).toEqual([
      '-A DOCKER-USER -s 198.51.100.0/24 -j ACCEPT',
      '-A DOCKER-USER -s 203.0.113.0/24 -j DROP',
      '-A DOCKER-USER -j RETURN',
    ]);
  });

  it('reports a chain policy change', () => {
    const a = buildSnapshot(lab());
    const b = cloneSnapshot(a);
    const forward = b.firewall.chains.find((c) => c.table === 'filter' && c.name === 'FORWARD');
    if (forward) forward.policy = 'ACCEPT';
    const d = diffSnapshots(a, b);
    expect(d.changes).toEqual([
      {
        kind: 'changed',
        collection: 'chain',
        key: 'iptables-nft:ipv4:filter:FORWARD',
        label: 'chain ipv4 filter FORWARD (iptables-nft)',
        fields: [{ path: 'policy', before: 'DROP', after: 'ACCEPT' }],
        ids: { a: 'iptables-nft:ipv4:filter:FORWARD', b: 'iptables-nft:ipv4:filter:FORWARD' },
        owner: { kind: 'firewall', name: 'firewall' },
      },
    ]);
  });

  it('compares two hosts without noise from ids, MACs and generated names', () => {
    const a = buildSnapshot(lab());
    const b = buildSnapshot(
      lab(
        {
          id: 'c'.repeat(64),
          networks: [
            { network: 'front', ip: '10.10.0.3', hostVeth: 'veth0000001', mac: '02:42:aa:bb:cc:dd' },
          ],
        },
        {
          host: { name: 'lab-02', target: 'ssh://root@lab-02' },
          networks: [
            { name: 'front', subnet: '10.10.0.0/24', id: 'f'.repeat(64) },
            { name: 'back', subnet: '10.20.0.0/24', id: 'e'.repeat(64) },
          ],
        },
      ),
    );
    const d = diffSnapshots(a, b);
    expect(d.crossHost).toBe(true);
    // Equal by role: the host's name, bridge and veth names differ as expected, side by side.
    expect(d.equal).toBe(true);
    expect(d.changes).toEqual([]);
    const expected = new Map(d.byRole?.expected.map((c) => [c.key, c.fields]));
    expect(expected.get('host')).toEqual([
      { path: 'name', before: 'lab-01', after: 'lab-02' },
      { path: 'target', before: 'local', after: 'ssh://root@lab-02' },
    ]);
    expect(expected.get('host/veth→container:web/@net(front)')).toEqual([
      { path: 'name', before: 'veth6a5fad2', after: 'veth0000001' },
    ]);
    expect(expected.get('host/bridge→network:front')).toEqual([
      { path: 'name', before: 'br-351f9f7b5e83', after: 'br-ffffffffffff' },
    ]);
    expect([...expected.keys()].filter((k) => k.includes(':DOCKER-ISOLATION-STAGE-2:'))).toHaveLength(2);
    // Strict: what differs is a change, even when it means the same.
    const strict = diffSnapshots(a, b, {}, { strict: true });
    expect(strict.byRole?.expected).toEqual([]);
    expect(strict.changes.map((c) => c.key)).toEqual([...expected.keys()]);
    // The same pair compared as one host shows the per-instance differences.
    const same = diffSnapshots(a, b, {}, { crossHost: false });
    expect(field(find(same, 'container', 'web'), 'id')).toBeDefined();
    expect(field(find(same, 'interface', 'host/bridge→network:front'), 'name')).toMatchObject({
      after: 'br-ffffffffffff',
    });
  });

  it('shows what differs between two hosts as added, removed and changed items', () => {
    const a = buildSnapshot(lab());
    const b = buildSnapshot({
      ...lab(),
      host: { name: 'lab-02', kernel: '6.8.0-1-amd64' },
      containers: [...(lab().containers ?? []), { name: 'cache', networks: ['back'] }],
    });
    const d = diffSnapshots(a, b);
    expect(find(d, 'container', 'cache')?.kind).toBe('added');
    expect(field(find(d, 'host', 'host'), 'kernel')).toMatchObject({
      before: '6.1.0-18-amd64',
      after: '6.8.0-1-amd64',
    });
    expect(d.changes.filter((c) => c.collection === 'container' && c.kind === 'changed')).toEqual([]);
  });

  it('ignores volatile fields unless asked', () => {
    const a = buildSnapshot(lab());
    const b = cloneSnapshot(a);
    b.capturedAt = '2025-01-03T00:00:00.000Z';
    for (const i of b.interfaces) {
      i.ifindex += 100;
      if (i.counters) i.counters.rxBytes += 5000;
    }
    for (const r of b.firewall.rules) r.counters = { packets: 9, bytes: 900 };
    for (const c of b.containers) c.pid = (c.pid ?? 0) + 1;
    for (const n of b.namespaces) n.inode = (n.inode ?? 0) + 7;
    expect(diffSnapshots(a, b).equal).toBe(true);
    const full = diffSnapshots(a, b, {}, { volatile: true });
    expect(full.equal).toBe(false);
    expect(field(find(full, 'interface', 'host/eth0'), 'ifindex')).toMatchObject({ before: 2, after: 102 });
    expect(field(find(full, 'host', 'host'), 'capturedAt')).toBeDefined();
  });

  it('does not depend on the order of items in the snapshots', () => {
    const a = buildSnapshot(lab());
    const b = buildSnapshot(
      lab(
        { ports: [{ containerPort: 80, hostPort: 9090 }] },
        { rules: [{ table: 'filter', chain: 'DOCKER-USER', rule: '-j LOG' }] },
      ),
    );
    const shuffled = cloneSnapshot(b);
    shuffled.interfaces.reverse();
    shuffled.containers.reverse();
    shuffled.routes.reverse();
    shuffled.natFlows.reverse();
    shuffled.firewall.rules.reverse();
    expect(diffSnapshots(a, shuffled)).toEqual(diffSnapshots(a, b));
    const d = diffSnapshots(a, b);
    const order = d.changes.map((c) => COLLECTION_ORDER.indexOf(c.collection));
    expect(order).toEqual([...order].sort((x, y) => x - y));
  });

  it('reports findings by id, with their message', () => {
    const finding = {
      id: 'mtu-mismatch:container:web/eth0',
      severity: 'warning' as const,
      code: 'mtu-mismatch',
      message: 'MTU 1400 vs 1500',
      subjects: ['container:web/eth0'],
    };
    const a = buildSnapshot(lab());
    const b = buildSnapshot(lab({}, { findings: [finding] }));
    expect(diffSnapshots(a, b).changes).toEqual([
      {
        kind: 'added',
        collection: 'finding',
        key: finding.id,
        label: 'warning mtu-mismatch: MTU 1400 vs 1500',
        fields: [],
        ids: { a: null, b: finding.id },
        owner: { kind: 'container', name: 'web' },
      },
    ]);
  });

  it('hides routes and addresses the kernel makes by itself, and repeated details, unless all', () => {
    const a = buildSnapshot(lab());
    const b = cloneSnapshot(a);
    const veth = b.interfaces.find((i) => i.namespace === 'host' && i.peer === 'container:web/eth0')!;
    veth.addresses.push({
      family: 'ipv6',
      address: 'fe80::1c2d:3eff:fe4f:5a6b',
      prefixLen: 64,
      scope: 'link',
    });
    veth.mac = '1e:2d:3e:4f:5a:6b';
    const route = (dst: string, table: string, type = 'unicast') => ({
      namespace: 'host',
      family: dst.includes(':') ? ('ipv6' as const) : ('ipv4' as const),
      table,
      type,
      dst,
      gateway: null,
      dev: veth.name,
      protocol: 'kernel',
      scope: 'link',
      prefsrc: null,
      metric: null,
    });
    b.routes.push(
      route('fe80::/64', 'main'),
      route('fe80::1c2d:3eff:fe4f:5a6b', 'local', 'local'),
      route('ff00::/8', 'local', 'multicast'),
      route('10.10.0.255', 'local', 'broadcast'),
    );
    const d = diffSnapshots(a, b);
    expect(d.equal).toBe(true);
    expect(d.changes).toEqual([]);
    expect(d.hidden).toEqual({ kernel: 6, repeated: 0 });
    const all = diffSnapshots(a, b, {}, { all: true });
    expect(all.equal).toBe(false);
    expect(all.hidden).toEqual({ kernel: 0, repeated: 0 });
    expect(all.changes.filter((c) => c.collection === 'route')).toHaveLength(4);
    expect(field(find(all, 'interface', `host/veth→container:web/eth0`), 'linkLocal')).toMatchObject({
      added: ['fe80::1c2d:3eff:fe4f:5a6b/64'],
      removed: [],
    });
    // A route the kernel did not make is a change.
    b.routes.push({ ...route('192.0.2.0/24', 'main'), protocol: 'static' });
    expect(diffSnapshots(a, b).changes.map((c) => c.label)).toEqual([
      `route host 192.0.2.0/24 dev ${veth.name}`,
    ]);
  });

  it('groups every change of a removed container under it', () => {
    const a = buildSnapshot(lab());
    const b = buildSnapshot({ ...lab(), containers: lab().containers!.filter((c) => c.name !== 'web') });
    const d = diffSnapshots(a, b);
    expect(d.changes.length).toBeGreaterThan(5);
    const owners = new Set(d.changes.map((c) => `${c.owner.kind}:${c.owner.name}`));
    expect([...owners]).toEqual(['container:web']);
    expect(new Set(d.changes.map((c) => c.collection))).toEqual(
      new Set(['container', 'namespace', 'interface', 'route', 'natFlow', 'rule']),
    );
  });
});
