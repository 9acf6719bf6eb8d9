// How a namespace box glides to its new place when the layout moves it. Boxes are placed by x/y
// attributes, not by a transform each: a transform per item is a paint chunk per item, and Chromium
// re-layerizes every chunk at each zoom frame (bench:render). The transform exists only while gliding.
import { cubicOut } from 'svelte/easing';
import type { AnimationConfig } from 'svelte/animate';

export interface ShiftParams {
  /** Milliseconds (0: jump). */
  duration: number;
  /** The view's zoom: the rectangles are on screen, the translation is in drawing units. */
  scale: () => number;
}

/** A Svelte `animate:` function for items of a keyed each that keep their identity but move. */
export function shift(
  _node: Element,
  { from, to }: { from: DOMRect; to: DOMRect },
  { duration, scale }: ShiftParams,
): AnimationConfig {
  const k = scale() || 1;
  const dx = (from.left - to.left) / k;
  const dy = (from.top - to.top) / k;
  if (duration === 0 || (dx === 0 && dy === 0)) return { duration: 0 };
  return {
    duration,
    easing: cubicOut,
    css: (_t, u) => `transform: translate(${u * dx}px, ${u * dy}px)`,
  };
}
