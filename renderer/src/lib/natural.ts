// Natural order for names people read: digits compare as numbers (c2 before c11), letters without
// case first; ties fall back to plain code-unit order so the order is total and the same everywhere
// (no locale data: Intl.Collator would order differently per machine and costs a first-call load).

const PARTS = /(\d+)/;
const cache = new Map<string, (string | number)[]>();

function partsOf(s: string): (string | number)[] {
  let parts = cache.get(s);
  if (!parts) {
    parts = s
      .toLowerCase()
      .split(PARTS)
      .map((p, i) => (i % 2 === 1 ? Number(p) : p));
    // Names repeat across live updates; the cache is bounded so a long session cannot grow it forever.
    if (cache.size > 20_000) cache.clear();
    cache.set(s, parts);
  }
  return parts;
}

export function naturalCompare(a: string, b: string): number {
  if (a === b) return 0;
  const x = partsOf(a);
  const y = partsOf(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const p = x[i]!;
    const q = y[i]!;
    if (p === q) continue;
    if (typeof p === 'number' && typeof q === 'number') return p - q;
    return p < q ? -1 : 1;
  }
  if (x.length !== y.length) return x.length - y.length;
  return a < b ? -1 : 1;
}

/** A copy of `items` in natural order of `key`. */
export function naturalSort<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => naturalCompare(key(a), key(b)));
}
