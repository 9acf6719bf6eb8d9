// What the user has in focus: the selected item and the subjects drawn selected with it (a finding's,
// a change's), the hovered item, the packet path asked for, the details tab, the picked change, and the
// columns the user opened or closed. App.svelte wires it to the drawing and the panels.
import { tick } from 'svelte';
import type { Finding, Snapshot } from '../../../../src/model/snapshot.js';
import { drawnIdsOf, type ChangeTarget } from '../compare/marks.js';
import { drawnIdOf } from '../highlight.js';
import type { Layout } from '../layout/types.js';
import type { PathSpec } from '../path-spec.js';
import type { SearchHit } from '../search.js';
import type { PanelTab } from './view.svelte.js';

// Id sets are replaced, never changed in place: a new set is what tells the layout to run again.
type Ids = ReadonlySet<string>;
const NONE: Ids = new Set();
const plus = (set: Ids, more: readonly string[]): Ids => new Set([...set, ...more]);
const minus = (set: Ids, gone: readonly string[]): Ids => new Set([...set].filter((c) => !gone.includes(c)));

export class Selection {
  selected = $state<string | null>(null);
  /** Drawn selected beside `selected`: the other subjects of a finding or a change. */
  subjects = $state.raw<string[]>([]);
  hover = $state<string | null>(null);
  tab = $state<PanelTab>('inspect');
  /** Index of the change picked in the compare list. */
  picked = $state<number | null>(null);
  pathSpec = $state<PathSpec | null>(null);
  /** Columns the user closed or opened (a big network starts closed). */
  collapsed = $state.raw<Ids>(NONE);
  expanded = $state.raw<Ids>(NONE);

  /** Every id drawn selected. */
  get highlighted(): Ids {
    return plus(NONE, [...(this.selected ? [this.selected] : []), ...this.subjects]);
  }

  /** A click, Enter or Space on the drawing: `id` empty for the background. */
  choose(id: string, kind: string, snapshot: Snapshot | null, layout: Layout | null): void {
    this.subjects = [];
    if (kind === 'summary') return this.toggle(id.slice('summary:'.length), layout);
    if (!id) {
      this.selected = null;
      return;
    }
    this.selected = id;
    if (kind === 'nat-flow' && snapshot?.natFlows.some((f) => f.id === id && f.kind === 'dnat')) {
      this.pathSpec = { kind: 'flow', id };
      this.tab = 'path';
    } else this.tab = 'inspect';
  }

  /** Collapse an open column, or open a collapsed one. */
  toggle(column: string, layout: Layout | null): void {
    const col = layout?.columns.find((c) => c.key === column);
    if (!col) return;
    if (col.collapsed) {
      this.expanded = plus(this.expanded, [column]);
      this.collapsed = minus(this.collapsed, [column]);
    } else {
      this.collapsed = plus(this.collapsed, [column]);
      this.expanded = minus(this.expanded, [column]);
    }
  }

  /** Select an item named in a panel (inspector link, path hop) and inspect it. */
  show(id: string): void {
    this.selected = id;
    this.subjects = [];
    this.tab = 'inspect';
  }

  pickHit(hit: SearchHit, layout: Layout | null): void {
    this.selected = hit.kind === 'network' && layout ? drawnIdOf(layout, hit.id) : hit.id;
    this.tab = 'inspect';
  }

  pickFinding(f: Finding): void {
    this.subjects = f.subjects;
    this.selected = f.subjects[0] ?? null;
  }

  /** Select the drawn items of a change of the comparison; returns them (the first is the selection). */
  pickChange(index: number, target: ChangeTarget | undefined, layout: Layout | null): string[] {
    this.picked = index;
    if (!target || !layout) return [];
    const ids = drawnIdsOf(target, layout);
    this.selected = ids[0] ?? null;
    this.subjects = ids.slice(1);
    return ids;
  }

  showFlowPath(id: string): void {
    this.pathSpec = { kind: 'flow', id };
    this.tab = 'path';
  }

  /** Escape: nothing selected, no packet path. */
  clear(): void {
    this.selected = null;
    this.subjects = [];
    this.pathSpec = null;
  }

  /** The drawing shows something else: what was selected or picked there means nothing now. */
  forget(): void {
    this.picked = null;
    this.selected = null;
  }

  /** A comparison is asked for: its tab shows, nothing of the old picture stays selected. */
  startCompare(): void {
    this.tab = 'compare';
    this.forget();
  }

  /**
   * Make sure items are drawn (open their collapsed columns), then bring them into view. `layout` is read
   * again after the columns opened, since the items only then have a place.
   */
  async reveal(ids: string[], layout: () => Layout | null, zoomTo: (drawn: string[]) => void): Promise<void> {
    const current = layout();
    if (!current) return;
    const columns = ids
      .map((id) => current.placeOf.get(id) ?? current.placeOf.get(id.split('/')[0] ?? ''))
      .filter((c) => c !== undefined);
    const closed = columns.filter((c) => current.columns.find((col) => col.key === c)?.collapsed);
    if (closed.length > 0) {
      this.expanded = plus(this.expanded, closed);
      this.collapsed = minus(this.collapsed, closed);
    }
    // Also lets a panel that just opened take its room before the view is measured.
    await tick();
    const now = layout();
    if (now) zoomTo(ids.map((id) => drawnIdOf(now, id)));
  }
}
