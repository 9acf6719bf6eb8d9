// A column's content at its own origin: its boxes stacked in sub-columns of `rows` (or a summary),
// and how tall and wide that makes it: what choosing the wrap needs before anything is placed.
import type { SnapshotIndex } from '../snapshot-index.js';
import { buildBox, moveBox } from './boxes.js';
import type { PortLink } from './columns.js';
import type { Entry } from './entries.js';
import * as M from './metrics.js';
import { summaryBox } from './summary.js';
import type { ColumnInfo, NamespaceBox, SummaryBox } from './types.js';

/** Whether a box's link is drawn in the box's own column (down its lane to its own bar). */
export const ownLink = (link: PortLink, column: string): boolean =>
  link.column === column && (link.kind === 'veth' || link.kind === 'parent' || link.kind === 'logical');

/** Boxes per sub-column for n boxes when at most `most` fit: sub-columns of equal length. */
export function rowsFor(n: number, most: number): number {
  if (n <= most) return Math.max(1, n);
  return Math.ceil(n / Math.ceil(n / most));
}

export const subColumns = (n: number, rows: number): number => Math.max(1, Math.ceil(n / Math.max(1, rows)));

/** The column's boxes built at the origin (their heights do not depend on where they go). */
export function columnBoxes(
  ix: SnapshotIndex,
  col: ColumnInfo,
  list: Entry[],
  published: Map<string, string[]>,
  side: (link: PortLink) => 'left' | 'right',
): NamespaceBox[] {
  return list.map((e) => {
    const containers = e.names.map((n) => ix.container.get(n)).filter((c) => c !== undefined);
    return buildBox({
      ix,
      id: e.id,
      kind: e.kind,
      column: col.key,
      containers,
      links: e.links,
      published,
      side,
    });
  });
}

/**
 * Where boxes of these heights go: `rows` to a sub-column in order. With `subs` (a kept plan) the
 * column keeps that many sub-columns and each box beyond them goes under the shortest one, so a new
 * box never pushes a neighbouring column aside.
 */
export function stack(
  heights: number[],
  rows: number,
  subs: number | null,
): { at: { sub: number; y: number }[]; height: number } {
  const tops: number[] = [];
  const at = heights.map((h, i) => {
    let sub = Math.floor(i / rows);
    if (subs !== null && sub >= subs) {
      sub = 0;
      for (let k = 1; k < subs; k++) if ((tops[k] ?? 0) < (tops[sub] ?? 0)) sub = k;
    }
    const y = tops[sub] ?? 0;
    tops[sub] = y + h + M.BOX_GAP;
    return { sub, y };
  });
  return { at, height: Math.max(0, ...tops.map((t) => t - M.BOX_GAP)) };
}

/** The boxes moved to their place inside the column (x from the column's left edge, y from its top). */
export function stackBoxes(
  boxes: NamespaceBox[],
  rows: number,
  subs: number | null,
): { box: NamespaceBox; sub: number }[] {
  const { at } = stack(
    boxes.map((b) => b.h),
    rows,
    subs,
  );
  return boxes.map((b, i) => {
    const { sub, y } = at[i]!;
    return { box: moveBox(b, sub * M.SUB_W + M.GUTTER, y), sub };
  });
}

/** A collapsed column's summary at the column's origin. */
export function columnSummary(ix: SnapshotIndex, col: ColumnInfo, list: Entry[]): SummaryBox {
  return summaryBox(
    ix,
    { ...col, x: 0 },
    list.map((e) => ({ id: e.id, names: e.names })),
  );
}

/** A summary moved to its column's place. */
export function moveSummary(s: SummaryBox, dx: number, dy: number): SummaryBox {
  const cells = s.cells.map((c) => ({ ...c, x: M.r(c.x + dx), y: M.r(c.y + dy) }));
  return {
    ...s,
    x: M.r(s.x + dx),
    y: M.r(s.y + dy),
    cells,
    cellsPath: cells.map((c) => `M${c.x},${c.y}h7v7h-7z`).join(''),
  };
}
