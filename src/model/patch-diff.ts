// The diff of one collection of two snapshots, as patch items. Both canonical (as the session's
// snapshots are): one walk over the two sorted lists that steps over the items the builder reused
// (`===`) and compares only the rest, so a small change to a big host costs a pass of pointer
// comparisons, not a map of every key on each side. Otherwise (a caller's own snapshots, in any
// order): by key through maps. Shared with the browser: no Node modules.
import { deepEqual } from './equal.js';

export interface CollectionOps<T> {
  key: (item: T) => string;
  /** The canonical order. */
  compare: (a: T, b: T) => number;
  /** Items by key, a group when keys collide (in canonical order). */
  byKey: (items: T[]) => Map<string, T[]>;
  /** Both lists are known to be in canonical order (the session's are): skip checking it. */
  canonical?: boolean;
}

export interface CollectionDiff<T> {
  upsert: T[];
  remove: string[];
}

function sortedBy<T>(items: readonly T[], compare: (a: T, b: T) => number): boolean {
  for (let i = 1; i < items.length; i++) if (compare(items[i - 1] as T, items[i] as T) > 0) return false;
  return true;
}

/** The run of items with key `k` from index `i` (keys that collide sit together in canonical order). */
function run<T>(items: readonly T[], i: number, k: string, key: (item: T) => string): T[] {
  const out: T[] = [];
  while (i < items.length && key(items[i] as T) === k) out.push(items[i++] as T);
  return out;
}

export function diffCollection<T>(
  before: readonly T[],
  after: readonly T[],
  ops: CollectionOps<T>,
): CollectionDiff<T> {
  const upsert: T[] = [];
  const remove: string[] = [];
  const { key, compare } = ops;
  if (!ops.canonical && (!sortedBy(before, compare) || !sortedBy(after, compare))) {
    const a = ops.byKey([...before]);
    const b = ops.byKey([...after]);
    for (const [k, group] of b) if (!deepEqual(a.get(k), group)) upsert.push(...group);
    for (const k of a.keys()) if (!b.has(k)) remove.push(k);
    return { upsert, remove };
  }
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    const x = before[i];
    const y = after[j];
    if (x !== undefined && y !== undefined && x === y) {
      i++;
      j++;
      continue;
    }
    const kx = x === undefined ? null : key(x);
    const ky = y === undefined ? null : key(y);
    if (kx !== null && ky !== null && kx === ky) {
      const gx = run(before, i, kx, key);
      const gy = run(after, j, ky, key);
      if (!deepEqual(gx, gy)) upsert.push(...gy);
      i += gx.length;
      j += gy.length;
    } else if (kx !== null && (ky === null || compare(x as T, y as T) < 0)) {
      remove.push(kx);
      i += run(before, i, kx, key).length;
    } else if (ky !== null) {
      const gy = run(after, j, ky, key);
      upsert.push(...gy);
      j += gy.length;
    }
  }
  return { upsert, remove };
}
