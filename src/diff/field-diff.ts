// Field-level comparison of two plain views: objects are walked key by key (dotted paths), anything
// else (strings, numbers, arrays) is compared whole. Views are built so arrays are already sorted sets.
import type { FieldChange } from '../model/diff-types.js';
import { cmp } from '../model/order.js';

export type View = { [key: string]: unknown };

// Keyed data (endpoints by network, ports, options) is held in Maps: as plain-object keys, names
// such as `__proto__` vanished (a change to them was dropped from the diff).
type Keyed = View | ReadonlyMap<string, unknown>;

const isObject = (v: unknown): v is View =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map);
const isKeyed = (v: unknown): v is Keyed => v instanceof Map || isObject(v);
const keysOf = (v: Keyed): string[] =>
  v instanceof Map ? [...(v.keys() as Iterable<string>)] : Object.keys(v);
const get = (v: Keyed, key: string): unknown =>
  v instanceof Map ? v.get(key) : Object.hasOwn(v, key) ? (v as View)[key] : undefined;

export function joinPath(path: string, segment: string): string {
  if (/^[A-Za-z0-9_/:@→-]+$/.test(segment)) return path ? `${path}.${segment}` : segment;
  return `${path}[${JSON.stringify(segment)}]`;
}

/** Equality of plain JSON values and Maps; key order does not matter. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isKeyed(a) && isKeyed(b)) {
    const keys = new Set([...keysOf(a), ...keysOf(b)]);
    for (const k of keys) if (!sameValue(get(a, k), get(b, k))) return false;
    return true;
  }
  return false;
}

/** Lists whose order means something (a packet's chain path, a chain's rule order): never set deltas. */
const ORDERED = new Set(['chainPath', 'order']);

/** Members only in `b` and only in `a`, each list in its own order (views keep sets sorted). */
export function setDelta(a: unknown[], b: unknown[]): { added: unknown[]; removed: unknown[] } {
  const key = (v: unknown) => JSON.stringify(v);
  const inA = new Set(a.map(key));
  const inB = new Set(b.map(key));
  return { added: b.filter((v) => !inA.has(key(v))), removed: a.filter((v) => !inB.has(key(v))) };
}

/** A value as it leaves the diff (JSON, the wire): Maps become objects without a prototype. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (!isKeyed(value)) return value;
  const out = Object.create(null) as View;
  for (const k of keysOf(value)) out[k] = plain(get(value, k));
  return out;
}

export function diffViews(a: unknown, b: unknown, path = '', out: FieldChange[] = []): FieldChange[] {
  if (isKeyed(a) && isKeyed(b)) {
    const keys = [...new Set([...keysOf(a), ...keysOf(b)])].sort(cmp);
    for (const k of keys) diffViews(get(a, k), get(b, k), joinPath(path, k), out);
  } else if (!sameValue(a, b)) {
    const change: FieldChange = { path: path || '(value)', before: plain(a), after: plain(b) };
    if (Array.isArray(a) && Array.isArray(b) && !ORDERED.has(path)) {
      const { added, removed } = setDelta(a, b);
      if (added.length + removed.length > 0)
        Object.assign(change, { added: plain(added), removed: plain(removed) });
    }
    out.push(change);
  }
  return out;
}
