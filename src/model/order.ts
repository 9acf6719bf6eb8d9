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

/** A key made once per object: items are never changed in place, and live updates reuse them. */
function once<T extends object>(make: (item: T) => string): (item: T) => string {
  const keys = new WeakMap<T, string>();
  return (item) => {
    let key = keys.get(item);
    if (key === undefined) {
      key = make(item);
      keys.set(item, key);
    }
    return key;
  };
}

/** The canonical order of a snapshot's listening sockets (also their key in a live patch). */
export const listenerKey = once(
  (l: { protocol: string; family: string; address: string; port: number }) =>
    `${l.protocol} ${l.family} ${l.address} ${num(l.port)}`,
);

/** The canonical order of a snapshot's docker-proxy processes (also their key in a live patch). */
export const proxyKey = once(
  (p: { protocol: string; hostIp: string; hostPort: number; pid: number }) =>
    `${p.protocol} ${p.hostIp} ${num(p.hostPort)} ${num(p.pid)}`,
);
