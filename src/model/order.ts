// Code-point string order: deterministic whatever the locale, so equal states give equal JSON.
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortBy<T>(items: T[], key: (item: T) => string): T[] {
  return items.sort((a, b) => cmp(key(a), key(b)));
}
