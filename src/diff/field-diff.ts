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

export function diffViews(a: unknown, b: unknown, path = '', out: FieldChange[] = []): FieldChange[] {
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(cmp);
    for (const k of keys) diffViews(a[k], b[k], joinPath(path, k), out);
  } else if (!sameValue(a, b)) {
    out.push({ path: path || '(value)', before: a, after: b });
  }
  return out;
}
