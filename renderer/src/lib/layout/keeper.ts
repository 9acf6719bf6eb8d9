// Keeps one picture's places across live updates: the first layout makes a plan for the view's shape
// (networks wrapped into bands); every later one follows it, so boxes stay where the user saw them,
// until `refit()` (the Fit button) makes a new plan. The user's own changes (expand, collapse, filter)
// may pack columns tighter again; live changes only ever push things out of the way.
import type { Snapshot } from '../../../../src/model/snapshot.js';
import { computeLayout } from './compute.js';
import type { Layout, LayoutOptions, LayoutPlan } from './types.js';

type Choices = Pick<
  LayoutOptions,
  'collapsed' | 'expanded' | 'hidden' | 'collapseThreshold' | 'groupByProject'
>;

export class LayoutKeeper {
  #plan: LayoutPlan | null = null;
  #choices: Choices | null = null;

  compute(snapshot: Snapshot, choices: Choices, view?: { w: number; h: number }): Layout {
    // A filter shows a passing subset: lay it out afresh and keep the plan for when it is cleared.
    if (choices.hidden && choices.hidden.size > 0)
      return computeLayout(snapshot, { ...choices, view, plan: this.#plan && loose(this.#plan) });
    const before = this.#choices;
    // Grouping by project orders every column anew: a new plan.
    if (before && before.groupByProject !== choices.groupByProject) this.#plan = null;
    let plan = this.#plan;
    if (plan && before && (before.collapsed !== choices.collapsed || before.expanded !== choices.expanded))
      plan = loose(plan);
    const layout = computeLayout(snapshot, { ...choices, view, plan });
    this.#plan = layout.plan;
    this.#choices = choices;
    return layout;
  }

  /** Forget the plan: the next layout wraps for the view again and orders boxes by name. */
  refit(): void {
    this.#plan = null;
  }
}

/** The plan without its places: bands, order and auto-collapsed columns stay, columns pack again. */
function loose(plan: LayoutPlan): LayoutPlan {
  return { ...plan, subs: new Map(), x: new Map(), tops: [] };
}

/** One keeper per thing shown (a host live, a saved snapshot, a comparison). */
export class LayoutKeepers {
  readonly #keepers = new Map<string, LayoutKeeper>();

  for(key: string): LayoutKeeper {
    let k = this.#keepers.get(key);
    if (!k) this.#keepers.set(key, (k = new LayoutKeeper()));
    return k;
  }
}
