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

/** The canonical order of a snapshot's listening sockets (also their key in a live patch). */
export const listenerKey = (l: { protocol: string; family: string; address: string; port: number }): string =>
  `${l.protocol} ${l.family} ${l.address} ${num(l.port)}`;

/** The canonical order of a snapshot's docker-proxy processes (also their key in a live patch). */
export const proxyKey = (p: { protocol: string; hostIp: string; hostPort: number; pid: number }): string =>
  `${p.protocol} ${p.hostIp} ${num(p.hostPort)} ${num(p.pid)}`;
