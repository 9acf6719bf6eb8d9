// Two hosts compared by role: containers matched by name, then compose project/service, then compose
// service across renamed projects; networks by name, project prefix or the containers they serve;
// interfaces by the network they serve; addresses and generated names side by side unless strict.
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../../src/diff/index.js';
import { matchRoles } from '../../../src/diff/roles.js';
import { redactSnapshot } from '../../../src/redact/index.js';
import {
  buildSnapshot,
  type ContainerSpec,
  type SnapshotSpec,
} from '../../support/snapshot-factory/index.js';

/** One compose project `project` (web published on 8080, db) on a network with this subnet prefix. */
function composeHost(host: string, project: string, net: string, sep = '_'): SnapshotSpec {
  const network = `${project}${sep}default`;
  const service = (name: string, ip: number, extra: Partial<ContainerSpec> = {}): ContainerSpec => ({
    name: `${project}${sep}${name}${sep}1`,
    compose: { project, service: name },
    networks: [{ network, ip: `${net}.${ip}` }],
    ...extra,
  });
  return {
    host: { name: host, target: `ssh://root@${host}` },
    networks: [{ name: network, subnet: `${net}.0/24` }],
    containers: [service('web', 2, { ports: [{ containerPort: 80, hostPort: 8080 }] }), service('db', 3)],
  };
}

const paths = (d: ReturnType<typeof diffSnapshots>) =>
  d.changes.flatMap((c) => c.fields.map((f) => `${c.collection} ${c.key} ${f.path}`));

describe('comparing two hosts by role', () => {
  it('finds one compose project on other addresses equal by role, and strict shows the addresses', () => {
    const a = buildSnapshot(composeHost('web1', 'shop', '10.231.1'));
    const b = buildSnapshot(composeHost('web2', 'shop', '10.231.2'));
    const d = diffSnapshots(a, b);
    expect(d.changes).toEqual([]);
    expect(d.equal).toBe(true);
    expect(d.byRole?.matched).toEqual([]);
    const expected = d.byRole!.expected.flatMap((c) =>
      c.fields.map((f) => [c.key, f.path, f.before, f.after]),
    );
    expect(expected).toContainEqual([
      'shop_web_1',
      'endpoints.shop_default.ipv4',
      '10.231.1.2',
      '10.231.2.2',
    ]);
    expect(expected).toContainEqual([
      'shop_default',
      'subnets',
      ['10.231.1.0/24 gateway 10.231.1.1'],
      ['10.231.2.0/24 gateway 10.231.2.1'],
    ]);

    const strict = diffSnapshots(a, b, {}, { strict: true });
    expect(strict.equal).toBe(false);
    expect(paths(strict)).toEqual(
      expect.arrayContaining([
        'container shop_web_1 endpoints.shop_default.ipv4',
        'network shop_default subnets',
        'natFlow tcp/0.0.0.0:8080 toAddress',
      ]),
    );
    expect(strict.byRole?.expected).toEqual([]);
    // The same pair on one host name is compared as one host: every address is a change.
    const same = diffSnapshots(a, { ...b, host: a.host });
    expect(same.crossHost).toBe(false);
    expect(same.equal).toBe(false);
    expect(diffSnapshots(a, { ...b, host: a.host }, {}, { byRole: true }).equal).toBe(true);
  });

  it('matches containers by compose service and networks by project prefix when the project was renamed', () => {
    const a = buildSnapshot(composeHost('web1', 'shopa', '10.231.1'));
    const b = buildSnapshot(composeHost('web2', 'shopb', '10.231.2', '-'));
    const roles = matchRoles(a, b);
    expect(roles.b.container('shopb-web-1')).toBe('shopa_web_1');
    expect(roles.b.network('shopb-default')).toBe('shopa_default');
    const d = diffSnapshots(a, b);
    expect(d.changes).toEqual([]);
    expect(d.byRole?.matched).toEqual([
      { kind: 'container', a: 'shopa_db_1', b: 'shopb-db-1', by: 'compose service' },
      { kind: 'container', a: 'shopa_web_1', b: 'shopb-web-1', by: 'compose service' },
      { kind: 'network', a: 'shopa_default', b: 'shopb-default', by: 'compose project' },
    ]);
    expect(d.byRole?.expected.find((c) => c.key === 'shopa_web_1')?.fields).toContainEqual({
      path: 'compose',
      before: 'shopa/web',
      after: 'shopb/web',
    });
  });

  it('matches a network by the containers it serves, and interfaces by the network they serve', () => {
    const web = (first: string, second: string): ContainerSpec => ({
      name: 'web',
      networks: [{ network: first }, { network: second }],
    });
    const a = buildSnapshot({
      host: { name: 'web1' },
      networks: [{ name: 'front' }, { name: 'back' }],
      containers: [web('front', 'back'), { name: 'db', networks: ['back'] }],
    });
    // On web2 the front network is called `public`, and web was attached to it second (eth1).
    const b = buildSnapshot({
      host: { name: 'web2' },
      networks: [{ name: 'public' }, { name: 'back' }],
      containers: [web('back', 'public'), { name: 'db', networks: ['back'] }],
    });
    const d = diffSnapshots(a, b);
    expect(d.byRole?.matched).toEqual([{ kind: 'network', a: 'front', b: 'public', by: 'containers' }]);
    // eth0 and eth1 swapped are expected; that web was created on, and routes out through, another
    // network is a real difference.
    const names = d.byRole!.expected.flatMap((c) =>
      c.fields.filter((f) => f.path === 'name').map((f) => [c.key, f.before, f.after]),
    );
    expect(names).toContainEqual(['container:web/@net(front)', 'eth0', 'eth1']);
    expect(names).toContainEqual(['container:web/@net(back)', 'eth1', 'eth0']);
    expect(d.changes.map((c) => `${c.kind} ${c.label}`)).toEqual([
      'changed container web',
      expect.stringMatching(/^added route container:web default via [\d.]+ dev eth0$/) as string,
      expect.stringMatching(/^removed route container:web default via [\d.]+ dev eth0$/) as string,
    ]);
    expect(d.changes[0]?.fields).toEqual([{ path: 'networkMode', before: 'front', after: 'back' }]);
    // Attached in the same order, the renamed network is the only difference, and an expected one.
    const same = buildSnapshot({
      host: { name: 'web2' },
      networks: [{ name: 'public' }, { name: 'back' }],
      containers: [web('public', 'back'), { name: 'db', networks: ['back'] }],
    });
    expect(diffSnapshots(a, same).changes).toEqual([]);
  });

  it('says what differs in what the hosts run, and keeps unmatched containers apart', () => {
    const a = buildSnapshot(composeHost('web1', 'shop', '10.231.1'));
    const spec = composeHost('web2', 'shop', '10.231.2');
    spec.containers = [...spec.containers!, { name: 'cache', networks: ['shop_default'] }];
    spec.host = { ...spec.host, kernel: '6.8.0-1-amd64' };
    spec.containers[0]!.image = 'nginx:1.27';
    const d = diffSnapshots(a, buildSnapshot(spec));
    expect(d.changes.filter((c) => c.collection === 'container').map((c) => `${c.kind} ${c.key}`)).toEqual([
      'added cache',
      'changed shop_web_1',
    ]);
    expect(paths(d)).toEqual(expect.arrayContaining(['host host kernel', 'container shop_web_1 image']));
  });

  it('compares redacted copies (one key) as it compares the originals', () => {
    const a = buildSnapshot(composeHost('web1', 'shopa', '10.231.1'));
    const spec = composeHost('web2', 'shopb', '10.231.2');
    spec.containers![0]!.image = 'nginx:1.27';
    const b = buildSnapshot(spec);
    const key = 'k'.repeat(64);
    const plain = diffSnapshots(a, b);
    const redacted = diffSnapshots(redactSnapshot(a, key), redactSnapshot(b, key));
    const shape = (d: typeof plain) => ({
      changes: d.changes.map((c) => [c.kind, c.collection, c.fields.map((f) => f.path)]),
      expected: d.byRole?.expected.length,
      // Redacted network names lose the project prefix: matched by the containers they serve instead.
      matched: d.byRole?.matched.map((p) => p.kind),
      hidden: d.hidden,
    });
    expect(shape(redacted)).toEqual(shape(plain));
    expect(plain.changes.length).toBeGreaterThan(0);
  });
});
