// Where to point at items outside the view: a marker on the view's edge, on the line from the view's
// centre to the item, with the direction to it. Pure, so it is tested without a browser.
import type { Rect } from '../layout/types.js';

export interface ViewTransform {
  x: number;
  y: number;
  k: number;
}

export interface EdgeMarker {
  id: string;
  label: string;
  /** Position in the view (px) and the angle towards the item (degrees, 0 = right, 90 = down). */
  left: number;
  top: number;
  angle: number;
  /** The edge it sits on: the marker hangs inward from it. */
  edge: 'left' | 'right' | 'top' | 'bottom';
}

export function edgeMarkers(
  items: { id: string; label: string; rect: Rect }[],
  t: ViewTransform,
  view: { w: number; h: number },
  inset = 18,
): EdgeMarker[] {
  const out: EdgeMarker[] = [];
  const cx = view.w / 2;
  const cy = view.h / 2;
  const seen = new Set<string>();
  for (const { id, label, rect } of items) {
    // Changes folded into one drawn item (a network summary) point at it once, with the newest label.
    if (seen.has(id)) continue;
    seen.add(id);
    const x0 = t.x + t.k * rect.x;
    const y0 = t.y + t.k * rect.y;
    const x1 = x0 + t.k * rect.w;
    const y1 = y0 + t.k * rect.h;
    // Any part of it on screen: no marker.
    if (x1 > 0 && x0 < view.w && y1 > 0 && y0 < view.h) continue;
    const dx = (x0 + x1) / 2 - cx;
    const dy = (y0 + y1) / 2 - cy;
    const sx = dx === 0 ? Infinity : (cx - inset) / Math.abs(dx);
    const sy = dy === 0 ? Infinity : (cy - inset) / Math.abs(dy);
    const s = Math.min(sx, sy);
    const edge = sx <= sy ? (dx < 0 ? 'left' : 'right') : dy < 0 ? 'top' : 'bottom';
    out.push({
      id,
      label,
      left: cx + dx * s,
      top: cy + dy * s,
      angle: (Math.atan2(dy, dx) * 180) / Math.PI,
      edge,
    });
  }
  return out;
}
