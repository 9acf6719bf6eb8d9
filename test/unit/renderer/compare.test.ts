// The compare picture: the merged snapshot keeps what B lost, and every change key lands on the items
// drawn for it, on the right side (B for added/changed, A for removed). Diffs come from the real src/diff.
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../../src/diff/index.js';
import type { Change } from '../../../src/model/diff-types.js';
import { Snapshot } from '../../../src/model/snapshot.js';
import type { Snapshot as SnapshotT } from '../../../src/model/snapshot.js';
import { mergeForCompare } from '../../../renderer/src/lib/compare/merge.js';
import { changeTargets, drawnIdsOf, drawnMarks } from '../../../renderer/src/lib/compare/marks.js';
import { computeLayout } from '../../../renderer/src/lib/layout/compute.js';
import { syntheticSnapshot } from '../../support/snapshot-factory/index.js';

const base = syntheticSnapshot({ containers: 12, networks: 3 });

/** Every occurrence of a name or address (not a longer one it begins) replaced, as a new capture would show. */
function renamed(s: SnapshotT, from: string, to: string): SnapshotT {
  const pattern = new RegExp(`${from.replaceAll('.', '\\.')}(?![\\w.])`, 'g');
  return {
    ...(JSON.parse(JSON.stringify(s).replace(pattern, to)) as SnapshotT),
    capturedAt: '2025-01-01T13:00:00Z',
  };
}

/** As after `docker restart`: the container's host veth has a new name and its address changed. */
const restarted = (s: SnapshotT, oldVeth: string, newVeth: string, oldIp: string, newIp: string) =>
  renamed(renamed(s, oldVeth, newVeth), oldIp, newIp);

/** The snapshot without a container: its box, interfaces, host veth, flows and endpoints gone. */
function without(s: SnapshotT, name: string): SnapshotT {
  const ns = `container:${name}`;
  const gone = new Set(s.interfaces.filter((i) => i.namespace === ns).map((i) => i.id));
  for (const i of s.interfaces) if (i.peer && gone.has(i.peer)) gone.add(i.id);
  return {
    ...s,
    containers: s.containers.filter((c) => c.name !== name),
    namespaces: s.namespaces
      .filter((n) => n.id !== ns)
      .map((n) => ({ ...n, interfaces: n.interfaces.filter((i) => !gone.has(i)) })),
    interfaces: s.interfaces.filter((i) => !gone.has(i.id)),
    routes: s.routes.filter((r) => r.namespace !== ns),
    networks: s.networks.map((n) => ({ ...n, endpoints: n.endpoints.filter((e) => e.container !== name) })),
    natFlows: s.natFlows.filter((f) => f.kind !== 'dnat' || f.container !== name),
  };
}

/** With a named network namespace (`ip netns add lab`) joined to the host by a veth pair. */
function withNetns(s: SnapshotT): SnapshotT {
  const next = structuredClone(s);
  const template = next.interfaces.find((i) => i.kind === 'veth' && i.namespace === 'host')!;
  const id = 'netns:4026532999';
  next.namespaces.push({
    id,
    kind: 'netns',
    path: '/run/netns/lab',
    inode: 4026532999,
    containers: [],
    interfaces: [`${id}/veth0`],
  });
  next.interfaces.push(
    { ...template, id: `${id}/veth0`, namespace: id, name: 'veth0', peer: 'host/lab-h', master: null },
    { ...template, id: 'host/lab-h', name: 'lab-h', peer: `${id}/veth0`, master: null },
  );
  return next;
}

function picture(a: SnapshotT, b: SnapshotT) {
  const diff = diffSnapshots(a, b, { a: 'A', b: 'B' });
  const merged = mergeForCompare(a, b, diff);
  const layout = computeLayout(merged);
  const targets = changeTargets(diff, a, b);
  return { diff, merged, layout, targets, marks: drawnMarks(targets, layout) };
}

const hostEndOf = (s: SnapshotT, iface: string) =>
  s.interfaces.find((i) => i.namespace === 'host' && i.peer === iface)!;

/** Whether `s` has an item with this id in the collection a change is about. */
function has(s: SnapshotT, collection: Change['collection'], id: string): boolean {
  switch (collection) {
    case 'host':
      return id === 'host';
    case 'container':
      return s.containers.some((c) => c.name === id);
    case 'network':
      return s.networks.some((n) => n.name === id);
    case 'namespace':
      return s.namespaces.some((n) => n.id === id);
    case 'interface':
      return s.interfaces.some((i) => i.id === id);
    case 'natFlow':
      return s.natFlows.some((f) => f.id === id);
    case 'route':
      return s.routes.some((r) => r.namespace === id);
    case 'chain':
      return s.firewall.chains.some((c) => `${c.backend}:${c.family}:${c.table}:${c.name}` === id);
    case 'rule':
      return s.firewall.rules.some((r) => r.id === id);
    case 'finding':
      return s.findings.some((f) => f.id === id);
    case 'sysctl':
    case 'proxy':
    case 'listener':
      return s.namespaces.some((n) => n.kind === 'host' && n.id === id);
  }
}

describe('change ids from the diff', () => {
  it('name the item on each side that has it, and only there', () => {
    const other = syntheticSnapshot({ containers: 30, problems: true, seed: 7 });
    const web = base.containers.find((c) => c.name === 'web-01')!;
    const pairs: [SnapshotT, SnapshotT][] = [
      [base, withNetns(base)],
      [withNetns(base), base],
      [base, without(base, web.name)],
      [base, other],
    ];
    for (const [a, b] of pairs) {
      const diff = diffSnapshots(a, b);
      expect(diff.changes.length).toBeGreaterThan(0);
      for (const c of diff.changes) {
        const where = `${c.kind} ${c.collection} ${c.key}`;
        expect(c.ids.a === null, where).toBe(c.kind === 'added');
        expect(c.ids.b === null, where).toBe(c.kind === 'removed');
        if (c.ids.a !== null) expect(has(a, c.collection, c.ids.a), `${where} in a`).toBe(true);
        if (c.ids.b !== null) expect(has(b, c.collection, c.ids.b), `${where} in b`).toBe(true);
      }
      for (const [x, y] of diff.renamed.interfaces) {
        expect(x).not.toBe(y);
        expect(has(a, 'interface', x) && has(b, 'interface', y), `${x} → ${y}`).toBe(true);
      }
    }
  });

  it('find a named netns by its file name, and its host veth by what it connects to', () => {
    const b = withNetns(base);
    const { diff, targets } = picture(b, base);
    const ns = diff.changes.findIndex((c) => c.collection === 'namespace' && c.key === 'netns:lab');
    expect(targets[ns]?.ids).toEqual(['netns:4026532999']);
    const veth = diff.changes.findIndex((c) => c.key === 'host/veth→netns:lab/veth0');
    expect(targets[veth]).toMatchObject({ mark: 'removed', ids: ['host/lab-h'] });
  });
});

describe('mergeForCompare and the marks of the merged picture', () => {
  it('marks a restarted container (new veth name, new address) changed, never removed + added', () => {
    const web = base.containers.find((c) => c.name === 'web-01')!;
    const eth0 = web.endpoints[0]!.interface!;
    const oldVeth = hostEndOf(base, eth0);
    const b = restarted(base, oldVeth.name, 'vethfeed001', web.endpoints[0]!.ipv4!, '172.18.0.77');
    Snapshot.parse(b);
    const { diff, merged, layout, targets, marks } = picture(base, b);

    expect(diff.changes.filter((c) => c.kind !== 'changed')).toEqual([]);
    expect(marks.get('web-01')).toBe('changed');
    expect(marks.get('container:web-01')).toBe('changed');
    expect(marks.get(eth0)).toBe('changed');
    expect(marks.get('host/vethfeed001')).toBe('changed');
    expect(marks.has(oldVeth.id)).toBe(false);
    expect(merged.interfaces.some((i) => i.id === oldVeth.id)).toBe(false);
    expect([...marks.values()].every((m) => m === 'changed')).toBe(true);
    // The change list's entries lead to drawn items: the container's line first.
    const ctr = diff.changes.findIndex((c) => c.collection === 'container' && c.key === 'web-01');
    expect(drawnIdsOf(targets[ctr]!, layout)[0]).toBe('web-01');
    const veth = diff.changes.find((c) => c.key === `host/veth→${eth0}`)!;
    expect(veth.fields).toContainEqual({ path: 'name', before: oldVeth.name, after: 'vethfeed001' });
    const flow = base.natFlows.find((f) => f.kind === 'dnat' && f.container === 'web-01');
    if (flow) expect(marks.get(flow.id)).toBe('changed');
    // The network itself did not change: its endpoint's new address is the container's change.
    const appnet = layout.bars.find((bar) => bar.network === 'appnet')!;
    expect(marks.has(appnet.id)).toBe(false);
    expect(diff.hidden.repeated).toBeGreaterThan(0);
  });

  it('keeps a removed container in the picture, with its box, ports, host veth and cable marked removed', () => {
    const gone = base.containers.find((c) => c.name === 'api-01')!;
    const eth0 = gone.endpoints[0]!.interface!;
    const veth = hostEndOf(base, eth0);
    const b = without(base, 'api-01');
    const { merged, layout, marks } = picture(base, b);

    expect(merged.containers.map((c) => c.name)).toContain('api-01');
    expect(layout.boxes.map((x) => x.id)).toContain('container:api-01');
    const bar = layout.bars.find((x) => x.id === veth.master)!;
    expect(bar.ports.map((p) => p.id)).toContain(veth.id);
    for (const id of ['api-01', 'container:api-01', eth0, veth.id, `cable:${eth0}|${veth.id}`])
      expect(marks.get(id), id).toBe('removed');
    // Nothing B still has is marked removed.
    for (const [id, mark] of marks)
      if (mark === 'removed')
        expect(b.interfaces.some((i) => i.id === id) || id === 'web-01', id).toBe(false);
  });

  it('marks an added container and its parts added (the same pair, compared the other way)', () => {
    const a = without(base, 'api-01');
    const { merged, marks } = picture(a, base);
    expect(merged.containers).toHaveLength(base.containers.length);
    const eth0 = 'container:api-01/eth0';
    const veth = hostEndOf(base, eth0);
    for (const id of ['api-01', 'container:api-01', eth0, veth.id, `cable:${eth0}|${veth.id}`])
      expect(marks.get(id), id).toBe('added');
  });

  it('merges removed networks, NAT flows and their rules, with references rewritten to B', () => {
    const a = base;
    const dropped = 'backend';
    const b: SnapshotT = {
      ...without(base, 'search-01'),
      networks: base.networks.filter((n) => n.name !== dropped),
    };
    const bridge = base.networks.find((n) => n.name === dropped)!.bridge!;
    b.interfaces = b.interfaces.filter((i) => i.id !== bridge);
    const flow = base.natFlows.find((f) => f.kind === 'dnat')!;
    b.natFlows = b.natFlows.filter((f) => f.id !== flow.id);
    const { merged, layout, marks } = picture(a, b);
    expect(merged.networks.map((n) => n.name)).toContain(dropped);
    expect(merged.natFlows.map((f) => f.id)).toContain(flow.id);
    expect(marks.get(flow.id)).toBe('removed');
    const bar = layout.bars.find((x) => x.network === dropped)!;
    expect(marks.get(bar.id)).toBe('removed');
    expect(layout.boxes.find((x) => x.id === 'container:search-01')?.column).toBe(`net:${dropped}`);
    expect(() => Snapshot.parse(merged)).not.toThrow();
  });

  it('hangs a removed host veth on the bridge B has for its network, when the network was recreated', () => {
    const appnet = base.networks.find((n) => n.name === 'appnet')!;
    const oldBridge = appnet.bridge!.slice('host/'.length);
    const b = renamed(without(base, 'api-01'), oldBridge, 'br-0123456789ab');
    const veth = hostEndOf(base, 'container:api-01/eth0');
    const { merged, layout, marks } = picture(base, b);
    expect(merged.interfaces.find((i) => i.id === veth.id)?.master).toBe('host/br-0123456789ab');
    const bar = layout.bars.find((x) => x.network === 'appnet')!;
    expect(bar.id).toBe('host/br-0123456789ab');
    expect(bar.ports.map((p) => p.id)).toContain(veth.id);
    expect(marks.get(bar.id)).toBe('changed');
    expect(layout.cables.find((c) => c.from === 'container:api-01/eth0')?.column).toBe('net:appnet');
  });

  it('leaves both snapshots untouched', () => {
    const a = structuredClone(base);
    const b = without(base, 'db-01');
    const before = JSON.stringify([a, b]);
    picture(a, b);
    expect(JSON.stringify([a, b])).toBe(before);
  });
});
