// How each drawn item is decorated (selected, on the packet path, hovered peer, dimmed by a search,
// compare marks): one object the layers query by id, so the drawing stays a pure function of props.
import type { Rate, RateIndex } from '../rates.js';
import { cableRate, flowRate } from '../rates.js';
import { itemMoved } from '../path-activity.js';
import type { CableItem, FlowItem } from '../layout/types.js';

export type Mark = 'added' | 'removed' | 'changed';

/** What the drawing component exposes to its parent (bind:this). */
export interface TopologyApi {
  fit(animated?: boolean): void;
  zoomBy(factor: number): void;
  zoomTo(ids: string[]): void;
}

export interface DecorInput {
  selected: ReadonlySet<string>;
  /** Items of the packet path, in hop order. */
  path: readonly string[];
  /** Hovered item and its peer(s). */
  hover: ReadonlySet<string>;
  /** Search matches; null when no search is active. */
  matched: ReadonlySet<string> | null;
  marks: ReadonlyMap<string, Mark> | null;
  rates: RateIndex;
  ruleOf: (flowId: string) => string | null;
  /** Duration of enter/leave transitions in ms (0: none). */
  motion: number;
}

export interface Decor {
  motion: number;
  cls(id: string): string;
  mark(id: string): Mark | undefined;
  /** 1-based hop number of an item on the packet path. */
  hop(id: string): number | undefined;
  cableRate(c: CableItem): Rate | null;
  flowRate(f: FlowItem): Rate | null;
}

export const MARK_GLYPH: Record<Mark, string> = { added: '+', removed: '−', changed: '~' };

export function makeDecor(input: DecorInput): Decor {
  const hops = new Map<string, number>();
  input.path.forEach((id, i) => {
    if (!hops.has(id)) hops.set(id, i + 1);
  });
  const pathActive = hops.size > 0;
  return {
    motion: input.motion,
    cls(id) {
      let c = '';
      if (input.selected.has(id)) c += ' sel';
      if (input.hover.has(id)) c += ' hl';
      if (hops.has(id)) c += itemMoved(id, input.rates, input.ruleOf) ? ' on-path path-live' : ' on-path';
      else if (pathActive) c += ' off-path';
      if (input.matched) c += input.matched.has(id) ? ' match' : ' dim';
      const m = input.marks?.get(id);
      if (m) c += ` mark-${m}`;
      return c;
    },
    mark: (id) => input.marks?.get(id),
    hop: (id) => hops.get(id),
    cableRate: (c) => cableRate(c, input.rates),
    flowRate: (f) => flowRate(f, input.ruleOf, input.rates),
  };
}
