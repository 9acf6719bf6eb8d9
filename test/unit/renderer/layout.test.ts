// The layout is pure, deterministic, and stable when a container starts or stops.
import { describe, expect, it } from 'vitest';
import { computeLayout } from '../../../renderer/src/lib/layout/compute.js';
import type { Layout, Rect } from '../../../renderer/src/lib/layout/types.js';
import { applyPatch, computePatch } from '../../../src/model/patch.js';
import { Snapshot } from '../../../src/model/snapshot.js';
import { syntheticSnapshot } from '../../support/snapshot-factory/index.js';
import { withContainer } from '../../support/snapshot-edit.js';

const positions = (l: Layout) => new Map(l.boxes.map((b) => [b.id, { x: b.x, y: b.y, column: b.column }]));

function overlap(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

describe('computeLayout', () => {
  const s = syntheticSnapshot({ containers: 30, networks: 4, problems: true });

  it('is deterministic: equal snapshots give equal layouts', () => {
    const a = computeLayout(s);
    const b = computeLayout(structuredClone(s));
    expect(JSON.stringify({ ...b, index: [...b.index], placeOf: [...b.placeOf] })).toBe(
      JSON.stringify({ ...a, index: [...a.index], placeOf: [...a.placeOf] }),
    );
  });

  it('draws every running namespace and every veth pair as a cable between the right interfaces', () => {
    const l = computeLayout(s);
    const drawn = new Set(l.boxes.map((b) => b.id));
    for (const ns of s.namespaces) if (ns.kind !== 'host') expect(drawn.has(ns.id), ns.id).toBe(true);
    for (const i of s.interfaces) {
      if (i.namespace === 'host' || i.kind !== 'veth' || !i.peer) continue;
      const cable = l.cables.find((c) => c.from === i.id);
      expect(cable, i.id).toBeDefined();
      expect(cable?.to).toBe(i.peer);
    }
    const macvlan = s.interfaces.find((i) => i.kind === 'macvlan')!;
    expect(l.cables.find((c) => c.from === macvlan.id)).toMatchObject({ kind: 'parent', to: macvlan.parent });
  });

  it('puts shared namespaces in one box, host-mode containers in the host region, none-mode boxes with only lo', () => {
    const l = computeLayout(s);
    const shared = l.boxes.find((b) => b.shared)!;
    expect(shared.containers.map((c) => c.name)).toEqual(
      s.namespaces.find((n) => n.id === shared.id)?.containers,
    );
    expect(l.hostMode?.containers.map((c) => c.name)).toEqual(['node-exporter']);
    const none = l.boxes.find((b) => b.column === 'none')!;
    expect(none.ports.map((p) => p.id)).toEqual([`${none.id}/lo`]);
    expect(l.boxes.find((b) => b.kind === 'stopped')?.id).toBe('stopped:old-job-1');
  });

  it('draws each published port as a DNAT flow from a badge to the container interface', () => {
    const l = computeLayout(s);
    for (const f of s.natFlows) {
      if (f.kind !== 'dnat') continue;
      const flow = l.flows.find((x) => x.id === f.id);
      expect(flow, f.id).toBeDefined();
      expect(flow?.to).toBe(f.endpoint);
      expect(flow?.badge?.line1).toContain(`:${f.hostPort}/tcp`);
    }
    expect(l.flows.filter((f) => f.kind === 'masquerade').length).toBe(
      s.natFlows.filter((f) => f.kind === 'masquerade').length,
    );
  });

  it('never overlaps boxes, bars or badges', () => {
    const big = computeLayout(syntheticSnapshot({ containers: 120, networks: 5 }), {
      collapseThreshold: 1000,
    });
    const rects: [string, Rect][] = [
      ...big.boxes.map((b) => [b.id, b] as [string, Rect]),
      ...big.bars.map((b) => [b.id, b] as [string, Rect]),
      ...big.flows.flatMap((f) => (f.badge ? [[f.id, f.badge] as [string, Rect]] : [])),
      ...big.nics.map((n) => [n.id, n] as [string, Rect]),
    ];
    for (let i = 0; i < rects.length; i++)
      for (let j = i + 1; j < rects.length; j++)
        expect(overlap(rects[i]![1], rects[j]![1]), `${rects[i]![0]} × ${rects[j]![0]}`).toBe(false);
    // Each band's bars sit above its own boxes and below everything of the bands before it.
    for (const band of big.bands) {
      const bars = big.bars.filter((b) => band.columns.includes(b.column));
      const inBand = big.boxes.filter((b) => band.columns.includes(b.column));
      const above = big.boxes.filter(
        (b) => big.bands.findIndex((x) => x.columns.includes(b.column)) < band.index,
      );
      for (const bar of bars) {
        for (const b of inBand) expect(b.y, b.id).toBeGreaterThan(bar.y + bar.h);
        for (const b of above) expect(b.y + b.h, b.id).toBeLessThan(bar.y);
      }
    }
    expect(big.bands.length).toBeGreaterThan(1);
  });

  it('keeps every box in place when a container starts, given the previous plan; a fresh layout sorts it in', () => {
    const before = computeLayout(s, { view: { w: 1600, h: 1000 } });
    const next = withContainer(s, 'api-00a', 'appnet', '172.18.9.9');
    const after = computeLayout(next, { view: { w: 1600, h: 1000 }, plan: before.plan });
    const a = positions(before);
    const b = positions(after);
    expect(b.get('container:api-00a')?.column).toBe('net:appnet');
    for (const [id, p] of a) expect(b.get(id), id).toEqual(p);
    // Kept: the newcomer goes after the boxes already there. Fresh: in name order.
    const order = (l: Layout) => l.boxes.filter((x) => x.column === 'net:appnet').map((x) => x.id);
    expect(order(after).at(-1)).toBe('container:api-00a');
    const fresh = order(computeLayout(next, { view: { w: 1600, h: 1000 } }));
    expect(fresh.indexOf('container:api-00a')).toBeLessThan(fresh.indexOf(order(before)[0]!) + 1);
  });

  it('applies live patches to the same picture as a fresh snapshot', () => {
    const next = withContainer(s, 'zz-new', 'backend', '172.20.9.9');
    const patch = computePatch(s, next)!;
    const patched = applyPatch(s, patch);
    expect(positions(computeLayout(patched))).toEqual(positions(computeLayout(next)));
  });

  it('leaves other columns untouched when a container stops (removed)', () => {
    const victim = s.namespaces.find((n) => n.kind === 'container' && n.containers.length === 1)!;
    const next = structuredClone(s);
    next.namespaces = next.namespaces.filter((n) => n.id !== victim.id);
    next.interfaces = next.interfaces.filter(
      (i) => i.namespace !== victim.id && i.peer?.startsWith(`${victim.id}/`) !== true,
    );
    const first = computeLayout(s);
    const before = positions(first);
    const after = positions(computeLayout(next, { plan: first.plan }));
    const column = before.get(victim.id)!.column;
    for (const [id, p] of after)
      if (p.column !== column && before.get(id)?.column === p.column) expect(p.y, id).toBe(before.get(id)!.y);
    expect(after.has(victim.id)).toBe(false);
  });

  it('collapses big networks into summaries, and expands them on request', () => {
    const big = syntheticSnapshot({ containers: 1000, networks: 10 });
    const l = computeLayout(big);
    expect(l.summaries.length).toBeGreaterThan(5);
    expect(l.boxes.length).toBeLessThan(50);
    const col = l.summaries[0]!.column;
    const open = computeLayout(big, { expanded: new Set([col]) });
    expect(open.summaries.some((x) => x.column === col)).toBe(false);
    expect(open.boxes.some((b) => b.column === col)).toBe(true);
    expect(l.flows.some((f) => f.kind === 'group')).toBe(true);
    // Every container still has a place (for search and findings).
    for (const c of big.containers) expect(l.placeOf.has(c.name), c.name).toBe(true);
  });

  it('honours a user collapse and a filter', () => {
    const l = computeLayout(s, { collapsed: new Set(['net:bridge']) });
    expect(l.summaries.map((x) => x.column)).toEqual(['net:bridge']);
    const hidden = new Set(
      s.namespaces.filter((n) => n.id !== 'host' && !n.id.includes('web')).map((n) => n.id),
    );
    const f = computeLayout(s, { hidden });
    expect(f.boxes.every((b) => b.id.includes('web') || b.kind === 'stopped')).toBe(true);
  });

  it('draws a veth pair between two other namespaces as one cable joining both ends', () => {
    const next = structuredClone(s);
    const base = next.interfaces.find((i) => i.kind === 'veth' && i.namespace !== 'host')!;
    for (const [ns, name, peer] of [
      ['netns:1', 'va', 'netns:2/vb'],
      ['netns:2', 'vb', 'netns:1/va'],
    ] as const) {
      next.interfaces.push({
        ...base,
        id: `${ns}/${name}`,
        namespace: ns,
        name,
        peer,
        master: null,
        addresses: [],
      });
      next.namespaces.push({
        id: ns,
        kind: 'netns',
        path: null,
        inode: 1,
        containers: [],
        interfaces: [`${ns}/${name}`],
      });
    }
    const l = computeLayout(Snapshot.parse(next));
    const pair = l.cables.filter((c) => c.kind === 'pair');
    expect(pair).toHaveLength(1);
    expect([pair[0]!.from, pair[0]!.to].sort()).toEqual(['netns:1/va', 'netns:2/vb']);
    expect(l.boxes.filter((b) => b.kind === 'netns').map((b) => b.column)).toEqual(['other', 'other']);
  });

  it('fits labels inside their boxes (monospace estimate)', () => {
    const l = computeLayout(syntheticSnapshot({ containers: 40, networks: 3 }));
    for (const b of l.boxes) {
      for (const p of b.ports)
        expect((p.name.length + 1 + p.address.length) * 11 * 0.61, p.id).toBeLessThanOrEqual(b.w - 12);
      for (const c of b.containers) expect(c.label.length * 12 * 0.61, c.name).toBeLessThanOrEqual(b.w - 12);
    }
    for (const f of l.flows)
      if (f.badge) expect(f.badge.line2.length * 10 * 0.61).toBeLessThanOrEqual(f.badge.w - 6);
  });
});
