// SVG path strings for cables and flows (orthogonal lanes with rounded corners, or curves).
import { r } from './metrics.js';

const RAD = 6;

/** Down a lane from (x, top) to the row of a port, then across into it. */
export function lanePath(x: number, top: number, px: number, py: number): string {
  const dir = px >= x ? 1 : -1;
  const rad = Math.min(RAD, Math.abs(py - top), Math.abs(px - x));
  return `M${r(x)},${r(top)}V${r(py - rad)}Q${r(x)},${r(py)} ${r(x + dir * rad)},${r(py)}H${r(px)}`;
}

/**
 * From a port out sideways, then a smooth curve to (fx, edge) on a bar: up into its bottom edge when
 * the port is below the bar, down onto its top edge when the port is above it (a lower band).
 */
export function crossPath(
  px: number,
  py: number,
  side: 'left' | 'right',
  fx: number,
  edge: number,
  below = true,
): string {
  const out = side === 'right' ? px + 16 : px - 16;
  const midY = below ? edge + 28 : edge - 28;
  const bend = below ? midY + 40 : midY - 40;
  return `M${r(px)},${r(py)}H${r(out)}C${r(out + (side === 'right' ? 40 : -40))},${r(py)} ${r(fx)},${r(bend)} ${r(fx)},${r(midY)}V${r(edge)}`;
}

/** A smooth vertical S-curve from (x1, y1) to (x2, y2). */
export function curve(x1: number, y1: number, x2: number, y2: number): string {
  const d = y2 - y1;
  const k = (d < 0 ? -1 : 1) * Math.max(12, Math.abs(d) / 2);
  return `M${r(x1)},${r(y1)}C${r(x1)},${r(y1 + k)} ${r(x2)},${r(y2 - k)} ${r(x2)},${r(y2)}`;
}

/** A curve between two side ports (a veth pair joining two namespaces). */
export function pairPath(x1: number, y1: number, x2: number, y2: number): string {
  const k = Math.max(30, Math.abs(x2 - x1) / 3);
  const d1 = x2 >= x1 ? k : -k;
  return `M${r(x1)},${r(y1)}C${r(x1 - d1 / 2)},${r(y1 + 40)} ${r(x2 + d1 / 2)},${r(y2 + 40)} ${r(x2)},${r(y2)}`;
}

/** A flow: from a badge's bottom curving to a lane at `top`, down the lane and into the port. */
export function flowPath(bx: number, by: number, lx: number, top: number, px: number, py: number): string {
  return `${curve(bx, by, lx, top)}${lanePath(lx, top, px, py).replace(/^M[^V]+/, '')}`;
}
