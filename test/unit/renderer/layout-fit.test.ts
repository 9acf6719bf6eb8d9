// The picture fills its view: networks wrap into bands to match the view's shape, a host of about 30
// containers opens with every name legible at 1600×1000, bigger hosts open on summaries, and a kept
// plan keeps every place when containers, networks or published ports are added.
import { describe, expect, it } from 'vitest';
import { computeLayout } from '../../../renderer/src/lib/layout/compute.js';
import { LayoutKeeper } from '../../../renderer/src/lib/layout/keeper.js';
import { NAME_SIZE } from '../../../renderer/src/lib/layout/boxes.js';
import { wrapColumns } from '../../../renderer/src/lib/layout/wrap.js';
import type { Layout } from '../../../renderer/src/lib/layout/types.js';
import { naturalCompare } from '../../../renderer/src/lib/natural.js';
import { syntheticSnapshot } from '../../support/snapshot-factory/index.js';
import { withContainer } from '../../support/snapshot-edit.js';

/** The drawing's frame in a 1600×1000 window with both side panels folded (rails of 40 px, toolbar and status bar). */
const FRAME = { w: 1520, h: 937 };
const MARGIN = 24;
const MAX_FIT = 1.3;
const fitScale = (l: Layout, f = FRAME) =>
  Math.min(MAX_FIT, (f.w - MARGIN) / l.bounds.w, (f.h - MARGIN) / l.bounds.h);
const places = (l: Layout) => new Map(l.boxes.map((b) => [b.id, `${b.x},${b.y}`]));

describe('natural order', () => {
  it('orders digits as numbers and ignores case first', () => {
    const names = ['c11', 'c2', 'C1', 'web-10', 'web-9', 'db', 'c2a', 'c02'];
    expect([...names].sort(naturalCompare)).toEqual([
      'C1',
      'c02',
      'c2',
      'c2a',
      'c11',
      'db',
      'web-9',
      'web-10',
    ]);
    expect(naturalCompare('a', 'A')).not.toBe(0);
  });
});

describe('wrapping networks into bands', () => {
  const cols = Array.from({ length: 8 }, (_, i) => ({ key: `c${i}`, w: 280, head: 90, body: 400 }));
  const input = { columns: cols, gap: 28, bandGap: 28, top: 150, minWidth: 0, pad: 16 };

  it('keeps the columns in order and matches the view: a wide view one band, a square one several', () => {
    const wide = wrapColumns({ ...input, aspect: 8 });
    const square = wrapColumns({ ...input, aspect: 1 });
    expect(wide.bands).toHaveLength(1);
    expect(square.bands.length).toBeGreaterThan(1);
    expect(square.bands.flat()).toEqual(cols.map((c) => c.key));
    expect(square.scale).toBeGreaterThan(
      wrapColumns({ ...input, aspect: 1, columns: cols.slice(0, 1) }).scale * 0,
    );
  });

  it('lays a wide host out in bands whose bars sit over their own boxes', () => {
    const l = computeLayout(syntheticSnapshot({ containers: 30, networks: 8 }), {
      view: { w: 1000, h: 1000 },
    });
    expect(l.bands.length).toBeGreaterThan(1);
    expect(l.bounds.w / l.bounds.h).toBeLessThan(2);
    expect(l.strips).toHaveLength(l.bands.length - 1);
  });
});

describe('opening fitted', () => {
  it('shows every container of a 30-container host with names of 11 px or more at 1600×1000', () => {
    const s = syntheticSnapshot({ containers: 30, networks: 4, problems: true });
    const l = computeLayout(s, { view: FRAME });
    expect(l.summaries).toEqual([]);
    const drawn = new Set(l.boxes.flatMap((b) => b.containers.map((c) => c.name)));
    for (const c of s.containers) if (c.namespace !== 'host') expect(drawn.has(c.name), c.name).toBe(true);
    expect(NAME_SIZE * fitScale(l)).toBeGreaterThanOrEqual(11);
  });

  it('opens bigger hosts on network summaries that stay legible, and expands one on request', () => {
    for (const n of [60, 200, 1000]) {
      const l = computeLayout(syntheticSnapshot({ containers: n, networks: 10 }), { view: FRAME });
      expect(l.summaries.length, `${n}`).toBeGreaterThan(0);
      // What stays drawn is legible: names of 11 px or more (summary titles are 12 px in layout units).
      expect(NAME_SIZE * fitScale(l), `${n}`).toBeGreaterThanOrEqual(11);
      expect(12 * fitScale(l), `${n}`).toBeGreaterThanOrEqual(9.5);
      const col = l.summaries[0]!.column;
      const open = computeLayout(syntheticSnapshot({ containers: n, networks: 10 }), {
        plan: l.plan,
        expanded: new Set([col]),
      });
      expect(open.boxes.some((b) => b.column === col)).toBe(true);
    }
  });
});

describe('a kept picture', () => {
  const s = syntheticSnapshot({ containers: 30, networks: 6, problems: true });

  /** Height of a column's boxes, and the network columns of a band by how much room they leave. */
  const heightOf = (l: Layout, key: string) =>
    Math.max(0, ...l.boxes.filter((b) => b.column === key).map((b) => b.y + b.h)) - l.bands[0]!.boxTop;
  const nets = (l: Layout, band: number) =>
    l.bands[band]!.columns.filter((k) => k.startsWith('net:')).sort(
      (a, b) => heightOf(l, a) - heightOf(l, b),
    );

  it('keeps every box in place when containers (with and without a published port) and a network are added', () => {
    const keeper = new LayoutKeeper();
    const view = { w: 1500, h: 1500 };
    const first = keeper.compute(s, {}, view);
    expect(first.bands.length).toBeGreaterThan(1);
    expect(first.summaries).toEqual([]);
    const lower = nets(first, 1)[0]!.slice(4);
    const roomy = nets(first, 0)[0]!.slice(4);
    let next = withContainer(s, 'aa-new', lower, '172.30.9.9');
    next = withContainer(next, 'ab-new', roomy, '172.30.9.10', 18080);
    next = structuredClone(next);
    next.networks.push({
      ...next.networks.find((n) => n.name === roomy)!,
      name: 'zz-net',
      id: 'z'.repeat(64),
      endpoints: [],
    });
    const after = keeper.compute(next, {}, view);
    const a = places(first);
    const b = places(after);
    for (const [id, p] of a) expect(b.get(id), id).toBe(p);
    expect(b.has('container:aa-new') && b.has('container:ab-new')).toBe(true);
    expect(after.columns.some((c) => c.key === 'net:zz-net')).toBe(true);

    // Fit again: a new plan, in name order.
    keeper.refit();
    const fresh = keeper.compute(next, {}, view);
    const col = fresh.boxes.filter((x) => x.column === `net:${roomy}`).map((x) => x.containers[0]!.name);
    expect(col).toEqual([...col].sort(naturalCompare));
  });

  it('moves only the bands below, all together, when a column outgrows its band', () => {
    const keeper = new LayoutKeeper();
    const view = { w: 1500, h: 1500 };
    const first = keeper.compute(s, {}, view);
    const tallest = nets(first, 0).at(-1)!;
    // Enough newcomers that the column must grow past its band's height.
    let next = s;
    for (let i = 0; i < 6; i++)
      next = withContainer(next, `zz-new-${i}`, tallest.slice(4), `172.30.9.${11 + i}`);
    const after = keeper.compute(next, {}, view);
    const band0 = new Set(first.bands[0]!.columns);
    const shifts = new Set<number>();
    for (const box of first.boxes) {
      const now = after.boxes.find((b) => b.id === box.id)!;
      expect(now.x, box.id).toBe(box.x);
      if (band0.has(box.column)) expect(now.y, box.id).toBe(box.y);
      else shifts.add(now.y - box.y);
    }
    expect(shifts.size).toBe(1);
    expect([...shifts][0]).toBeGreaterThan(0);
  });

  it('orders boxes naturally (c2 before c11)', () => {
    const l = computeLayout(syntheticSnapshot({ containers: 24, networks: 1 }), {
      view: { w: 1600, h: 1000 },
    });
    const names = l.boxes.filter((b) => b.column === 'net:bridge').map((b) => b.containers[0]!.name);
    expect(names.length).toBeGreaterThan(10);
    expect(names).toEqual([...names].sort(naturalCompare));
  });
});
