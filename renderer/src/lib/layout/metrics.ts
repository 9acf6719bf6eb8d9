// Sizes of the drawing and text fitting. Labels use a monospace font, so their width is known
// without measuring (DejaVu Sans Mono and Liberation Mono advance 0.6em; Hangul about 1em): the
// layout stays pure.

export const BOX_W = 220;
/** Lanes for cables run in the gutter left of each sub-column. */
export const GUTTER = 60;
export const SUB_W = GUTTER + BOX_W;
export const COL_GAP = 28;
export const EMPTY_COL_W = 240;
/** Boxes per sub-column before the column wraps: chosen per picture between these to fit its view. */
export const ROWS_MIN = 3;
export const ROWS_MAX = 10;
export const BOX_GAP = 10;
export const LANE_GAP = 6;
export const LANE_PAD = 10;
export const PAD = 6;
export const NAME_H = 19;
export const DETAIL_H = 14;
export const PORT_H = 20;
export const PUBLISHED_H = 14;
export const MAX_PUBLISHED = 3;

export const BAR_H = 38;
/** Space between a bar's bottom edge and the first row of boxes. */
export const BAR_GAP = 14;
export const BADGE_W = 140;
export const BADGE_H = 30;
export const BADGE_GAP = 8;
/** Room under the badges where flows curve down to their lanes. */
export const FLOW_CURVE = 26;
export const BADGE_X0 = 16;
export const NIC_W = 196;
export const NIC_H = 36;
export const NIC_GAP = 16;
export const HOST_PAD = 16;
export const HOST_HEADER = 38;

export const CELL = 9;
export const COLLAPSE_THRESHOLD = 40;

const ADVANCE = 0.61;
/** Hangul and other East Asian glyphs come from a fallback font, about 1 em wide. */
const WIDE = 1;
const isWide = (code: number) =>
  (code >= 0x1100 && code <= 0x11ff) ||
  (code >= 0x2e80 && code <= 0xa4cf) ||
  (code >= 0xac00 && code <= 0xd7af) ||
  (code >= 0xf900 && code <= 0xfaff) ||
  (code >= 0xff00 && code <= 0xff60);

/** Width of `text` in ems. */
function ems(text: string): number {
  let w = 0;
  for (const ch of text) w += isWide(ch.codePointAt(0) ?? 0) ? WIDE : ADVANCE;
  return w;
}

/** Characters of a monospace font of `size` px that fit in `px` (narrow ones). */
export function charsIn(px: number, size: number): number {
  return Math.max(1, Math.floor(px / (size * ADVANCE)));
}

export function textWidth(text: string, size: number): number {
  return ems(text) * size;
}

/** `text` shortened with an ellipsis to fit `px` at `size`. */
export function fit(text: string, px: number, size: number): string {
  if (textWidth(text, size) <= px) return text;
  const room = px / size - ADVANCE;
  let w = 0;
  let out = '';
  for (const ch of text) {
    const cw = isWide(ch.codePointAt(0) ?? 0) ? WIDE : ADVANCE;
    if (w + cw > room) break;
    w += cw;
    out += ch;
  }
  return `${out}…`;
}

/**
 * `parts` joined with ` · ` to fit `px` at `size`: whole parts are left out first, in `dropOrder`
 * (indexes), so an address is not cut for a device name; only the last one left is shortened.
 */
export function fitParts(parts: string[], dropOrder: number[], px: number, size: number): string {
  const kept = parts.map((p) => p !== '');
  const joined = () => parts.filter((_, i) => kept[i]).join(' · ');
  for (const i of dropOrder) {
    if (textWidth(joined(), size) <= px || kept.filter(Boolean).length <= 1) break;
    kept[i] = false;
  }
  return fit(joined(), px, size);
}

/** Round to a tenth of a pixel so equal inputs give equal (and diff-friendly) numbers. */
export function r(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Rows of networks: the space between one band's boxes and the next band's badges. */
export const BAND_GAP = 28;
export const BADGE_ROW = BADGE_H + BADGE_GAP;
export const BADGE_STEP = BADGE_W + BADGE_GAP;
/** A column with fewer boxes never becomes a summary by itself. */
export const MIN_SUMMARY = 4;
/** Container names: the text a person looks for first, so the largest in a box. */
export const NAME_SIZE = 14;
/** A fresh picture folds networks into summaries until names are at least this big when fitted. */
export const LEGIBLE_PX = 11;
/** Room the view keeps around a fitted picture (px, both sides together). */
export const FIT_MARGIN = 24;
/** The view a picture is shaped for when the caller does not say (a 1600×1000 window, panels folded). */
export const DEFAULT_VIEW = { w: 1520, h: 937 };
