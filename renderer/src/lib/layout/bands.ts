// Which columns a picture collapses on its own, in which band each column sits, and where bands and
// columns go. A fresh plan wraps for the view's shape; a kept plan keeps bands, order and places, puts
// new columns at the end of the last band, and moves a band or column only when what it holds grew.
import type { ColumnDef } from './columns.js';
import * as M from './metrics.js';
import type { BandInfo, ColumnInfo, LayoutPlan } from './types.js';
import type { ColumnSize } from './wrap.js';

/**
 * Column definitions in plan order (bands in order), then those the plan does not know. A fresh plan
 * puts networks without boxes last: they say little and would otherwise spread the picture.
 */
export function orderDefs(
  defs: ColumnDef[],
  plan: LayoutPlan | null,
  count: (key: string) => number,
): ColumnDef[] {
  if (!plan) return [...defs.filter((d) => count(d.key) > 0), ...defs.filter((d) => count(d.key) === 0)];
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const known = plan.bands.flat().filter((k) => byKey.has(k));
  const seen = new Set(known);
  return [...known.map((k) => byKey.get(k)!), ...defs.filter((d) => !seen.has(d.key))];
}

/** A kept plan's bands over the columns there are now: gone ones dropped, new ones ending the last band. */
export function keptBands(plan: LayoutPlan, columns: ColumnInfo[]): string[][] {
  const present = new Set(columns.map((c) => c.key));
  const keys = plan.bands.map((b) => b.filter((k) => present.has(k))).filter((b) => b.length > 0);
  const placed = new Set(keys.flat());
  const fresh = columns.filter((c) => !placed.has(c.key)).map((c) => c.key);
  if (fresh.length > 0) {
    if (keys.length === 0) keys.push([]);
    keys[keys.length - 1]!.push(...fresh);
  }
  return keys;
}

export interface BandInput {
  columns: ColumnInfo[];
  sizes: ColumnSize[];
  keys: string[][];
  plan: LayoutPlan | null;
}

/** Sets each column's band and x; returns the bands with their vertical places. */
export function placeBands(input: BandInput): BandInfo[] {
  const { columns, sizes, plan, keys } = input;
  const size = new Map(sizes.map((s) => [s.key, s]));
  const byKey = new Map(columns.map((c) => [c.key, c]));
  const bands: BandInfo[] = [];
  let bottom = 0;
  for (const [index, list] of keys.entries()) {
    let x = 0;
    for (const [i, key] of list.entries()) {
      const col = byKey.get(key)!;
      const want = i === 0 ? 0 : x + M.COL_GAP;
      col.x = Math.max(want, plan?.x.get(key) ?? 0);
      col.band = index;
      x = col.x + col.w;
    }
    const head = Math.max(0, ...list.map((k) => size.get(k)?.head ?? 0));
    const body = Math.max(0, ...list.map((k) => size.get(k)?.body ?? 0));
    let boxTop = 0;
    if (index > 0) {
      // A band moves down only when its own badges need more room than it had.
      boxTop = Math.max(bottom + M.BAND_GAP + head, plan?.tops[index] ?? -Infinity);
    }
    const barTop = boxTop - M.BAR_GAP - M.BAR_H;
    bands.push({
      index,
      columns: list,
      top: index === 0 ? barTop - (head - M.BAR_GAP - M.BAR_H) : bottom + M.BAND_GAP / 2,
      barTop,
      boxTop,
      bottom: boxTop + body,
      w: x,
    });
    bottom = boxTop + body;
  }
  return bands;
}
