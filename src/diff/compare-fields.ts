// The field changes of one item both sides have: what changed, what is expected to differ between two
// hosts compared by role (addresses, generated names: same meaning, other values), and what is hidden.
import type { FieldChange, HiddenCounts } from '../model/diff-types.js';
import { cmp } from '../model/order.js';
import { diffViews, type View } from './field-diff.js';
import type { Identity } from './identity.js';
import type { Item } from './project-objects.js';

/** The top-level field of a path (`endpoints` of `endpoints.appnet.ipv4`, `x` of `x["a.b"]`). */
const topField = (path: string) => /^[^.[]*/.exec(path)?.[0] ?? path;

function subjectOf(item: Item, path: string): string | undefined {
  for (const [prefix, subject] of Object.entries(item.subjects ?? {}))
    if (path === prefix || path.startsWith(`${prefix}.`)) return subject;
  return undefined;
}

/** Strings by their meaning (addresses, generated and renamed names), sets re-sorted after. */
function meaningOf(value: unknown, id: Identity, key: string): unknown {
  if (typeof value === 'string') return id.meaning(value);
  if (Array.isArray(value)) {
    const out = value.map((v) => meaningOf(v, id, key));
    return key === 'chainPath' || !out.every((v) => typeof v === 'string') ? out : out.sort(cmp);
  }
  // Keyed data (endpoints, ports, options) is in Maps, so a name like `__proto__` stays a key; as an
  // object here a Map had no entries, and by role every endpoint change read as "expected".
  if (value instanceof Map)
    return new Map([...(value as Map<string, unknown>)].map(([k, v]) => [k, meaningOf(v, id, k)]));
  if (typeof value === 'object' && value !== null) {
    const out: View = {};
    for (const [k, v] of Object.entries(value)) out[k] = meaningOf(v, id, k);
    return out;
  }
  return value;
}

function meaningView(item: Item, id: Identity): View {
  const view = meaningOf(item.view, id, '') as View;
  for (const path of item.expected ?? []) if (Object.hasOwn(view, path)) view[path] = '@expected';
  return view;
}

export interface FieldContext {
  idA: Identity;
  idB: Identity;
  /** Compare by meaning (two hosts by role, not strict): raw differences of equal meaning are expected. */
  byMeaning: boolean;
  all: boolean;
  hidden: HiddenCounts;
}

/** Fields that changed and fields expected to differ, as written (rule text shown raw), hidden ones counted. */
export function compareFields(
  x: Item,
  y: Item,
  ctx: FieldContext,
): { fields: FieldChange[]; expected: FieldChange[] } {
  const raw = diffViews(x.view, y.view);
  let changed = raw;
  let expected: FieldChange[] = [];
  if (ctx.byMeaning) {
    // Meaning only excuses a difference; values written the same are never a change.
    const meant = new Set(diffViews(meaningView(x, ctx.idA), meaningView(y, ctx.idB)).map((f) => f.path));
    changed = raw.filter((f) => meant.has(f.path));
    expected = raw.filter((f) => !meant.has(f.path));
  }
  const shown = (list: FieldChange[], count: boolean) => {
    const out: FieldChange[] = [];
    for (const f of list) {
      const why = ctx.all ? undefined : y.hidden?.[topField(f.path)];
      if (why) {
        if (count) ctx.hidden[why] += 1;
        continue;
      }
      const display =
        x.display && y.display && Object.hasOwn(y.display, f.path)
          ? { ...f, before: x.display[f.path], after: y.display[f.path] }
          : f;
      const subject = subjectOf(y, f.path) ?? subjectOf(x, f.path);
      out.push(subject === undefined ? display : { ...display, subject });
    }
    return out;
  };
  return { fields: shown(changed, true), expected: shown(expected, false) };
}
