// Sizes of the drawing and text fitting. Labels use a monospace font, so their width is known
// without measuring (DejaVu Sans Mono and Liberation Mono advance 0.6em): the layout stays pure.

export const BOX_W = 240;
/** Lanes for cables run in the gutter left of each sub-column. */
export const GUTTER = 72;
export const SUB_W = GUTTER + BOX_W;
export const COL_GAP = 28;
export const EMPTY_COL_W = 272;
/** Boxes per sub-column before the column wraps. */
export const ROWS = 8;
export const BOX_GAP = 16;
export const LANE_GAP = 8;
export const LANE_PAD = 10;
export const PAD = 6;
export const NAME_H = 18;
export const DETAIL_H = 14;
export const PORT_H = 22;
export const PUBLISHED_H = 14;
export const MAX_PUBLISHED = 3;

export const BAR_H = 38;
/** Space between a bar's bottom edge and the first row of boxes. */
export const BAR_GAP = 18;
export const BADGE_W = 140;
export const BADGE_H = 30;
export const BADGE_GAP = 8;
/** Room under the badges where flows curve down to their lanes. */
export const FLOW_CURVE = 30;
export const BADGE_X0 = 24;
export const NIC_W = 196;
export const NIC_H = 40;
export const NIC_GAP = 16;
export const HOST_PAD = 16;
export const HOST_HEADER = 40;

export const CELL = 9;
export const COLLAPSE_THRESHOLD = 40;

const ADVANCE = 0.61;

/** Characters of a monospace font of `size` px that fit in `px`. */
export function charsIn(px: number, size: number): number {
  return Math.max(1, Math.floor(px / (size * ADVANCE)));
}

export function textWidth(text: string, size: number): number {
  return text.length * size * ADVANCE;
}

/** `text` shortened with an ellipsis to fit `px` at `size`. */
export function fit(text: string, px: number, size: number): string {
  const max = charsIn(px, size);
  if (text.length <= max) return text;
  return max <= 1 ? '…' : `${text.slice(0, max - 1)}…`;
}

/** Round to a tenth of a pixel so equal inputs give equal (and diff-friendly) numbers. */
export function r(n: number): number {
  return Math.round(n * 10) / 10;
}
