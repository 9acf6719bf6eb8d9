// Code-point string order: deterministic whatever the locale, so equal states give equal JSON.
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A sorted copy, each item's key made once (a comparator that builds keys makes them n log n times). */
export function sortedBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return items
    .map((item) => ({ item, key: key(item) }))
    .sort((a, b) => cmp(a.key, b.key))
    .map((k) => k.item);
}

const num = (n: number) => String(n).padStart(10, '0');

/**
 * A string of each item, remembered per item object: items are plain data never changed in place,
 * and the builder and live updates hand back the same objects for what did not change, so sorting
 * and diffing a snapshot of thousands of items costs lookups instead of building every key again.
 */
export function remembered<T extends object>(fn: (item: T) => string): (item: T) => string {
  const cache = new WeakMap<T, string>();
  return (item) => {
    let value = cache.get(item);
    if (value === undefined) {
      value = fn(item);
      cache.set(item, value);
    }
    return value;
  };
}

/** The canonical order of a snapshot's listening sockets (also their key in a live patch). */
export const listenerKey = remembered(
  (l: { protocol: string; family: string; address: string; port: number }) =>
    `${l.protocol} ${l.family} ${l.address} ${num(l.port)}`,
);

/** The canonical order of a snapshot's docker-proxy processes (also their key in a live patch). */
export const proxyKey = remembered(
  (p: { protocol: string; hostIp: string; hostPort: number; pid: number }) =>
    `${p.protocol} ${p.hostIp} ${num(p.hostPort)} ${num(p.pid)}`,
);

/** Items by key, in their order; a group has more than one item only when keys collide. */
export function groupByKey<T>(key: (item: T) => string, items: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = out.get(k);
    if (group) group.push(item);
    else out.set(k, [item]);
  }
  return out;
}
