// How a fresh picture is shaped for its view: how many boxes a sub-column holds and which networks
// share a band. Every choice of sub-column length (3 to 10) is wrapped for the view's aspect; the one
// drawn largest wins. Box heights are known already, so this costs arithmetic only.
import { rowsFor, stack, subColumns } from './body.js';
import * as M from './metrics.js';
import { wrapColumns, type ColumnSize } from './wrap.js';

export interface ColumnShape {
  key: string;
  /** Boxes in the column. */
  n: number;
  /** Heights of its boxes in order, or null when it shows as a summary. */
  heights: number[] | null;
  summaryH: number;
  /** Published-port badges over its bar. */
  badges: number;
}

export interface Shaped {
  rows: Map<string, number>;
  /** Sub-columns of each column. */
  subs: Map<string, number>;
  sizes: ColumnSize[];
}

export function badgeRowsFor(w: number, badges: number): number {
  return Math.ceil(badges / Math.max(1, Math.floor((w - M.BADGE_X0) / M.BADGE_STEP)));
}

/**
 * Widths and heights of the columns when sub-columns hold `rows(key)` boxes; `kept(key)` gives the
 * sub-columns a kept plan holds a column to (null: as many as its boxes need).
 */
export function shapeColumns(
  shapes: ColumnShape[],
  rows: (s: ColumnShape) => number,
  kept: (s: ColumnShape) => number | null = () => null,
): Shaped {
  const out = new Map<string, number>();
  const subsOf = new Map<string, number>();
  const sizes = shapes.map((s) => {
    const r = rows(s);
    const subs = kept(s) ?? subColumns(s.n, r);
    out.set(s.key, r);
    subsOf.set(s.key, subs);
    const w = s.n === 0 ? M.EMPTY_COL_W : s.heights ? subs * M.SUB_W : M.SUB_W;
    const body = s.heights ? stack(s.heights, r, subs).height : s.n > 0 ? s.summaryH : 0;
    const rowsOfBadges = badgeRowsFor(w, s.badges);
    // Flows curve down from badges to lanes: that room is needed only under badges.
    const head = rowsOfBadges * M.BADGE_ROW + (rowsOfBadges > 0 ? M.FLOW_CURVE : 8) + M.BAR_H + M.BAR_GAP;
    return { key: s.key, w, head, body };
  });
  return { rows: out, subs: subsOf, sizes };
}

export interface FreshPlan extends Shaped {
  most: number;
  bands: string[][];
  /** Scale that fits it in a view of height 1 (and the given aspect). */
  scale: number;
}

export function freshPlan(shapes: ColumnShape[], aspect: number, host: { w: number; h: number }): FreshPlan {
  let best: FreshPlan | null = null;
  let bestScale = -1;
  for (let most = M.ROWS_MIN; most <= M.ROWS_MAX; most++) {
    const shaped = shapeColumns(shapes, (s) => rowsFor(s.n, most));
    const { bands, scale } = wrapColumns({
      columns: shaped.sizes,
      aspect,
      gap: M.COL_GAP,
      bandGap: M.BAND_GAP,
      top: host.h,
      minWidth: host.w,
      pad: M.HOST_PAD,
    });
    if (scale > bestScale * 1.0001) {
      best = { ...shaped, most, bands, scale };
      bestScale = scale;
    }
  }
  return best!;
}
