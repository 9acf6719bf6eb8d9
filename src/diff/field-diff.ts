// Field-level comparison of two plain views: objects are walked key by key (dotted paths), anything
// else (strings, numbers, arrays) is compared whole. Views are built so arrays are already sorted sets.
import type { FieldChange } from '../model/diff-types.js';
import { cmp } from '../model/order.js';

export type View = { [key: string]: unknown };

const isObject = (v: unknown): v is View => typeof v === 'object' && v !== null && !Array.isArray(v);

export function joinPath(path: string, segment: string): string {
  if (/^[A-Za-z0-9_/:@→-]+$/.test(segment)) return path ? `${path}.${segment}` : segment;
  return `${path}[${JSON.stringify(segment)}]`;
}

/** Equality of plain JSON values; object key order does not matter. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!sameValue(a[k], b[k])) return false;
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

export function diffViews(a: unknown, b: unknown, path = '', out: FieldChange[] = []): FieldChange[] {
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(cmp);
    for (const k of keys) diffViews(a[k], b[k], joinPath(path, k), out);
  } else if (!sameValue(a, b)) {
    const change: FieldChange = { path: path || '(value)', before: a, after: b };
    if (Array.isArray(a) && Array.isArray(b) && !ORDERED.has(path)) {
      const { added, removed } = setDelta(a, b);
      if (added.length + removed.length > 0) Object.assign(change, { added, removed });
    }
    out.push(change);
  }
  return out;
}
