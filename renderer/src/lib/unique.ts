// One item per key, the first one kept. Svelte's keyed `{#each}` throws on a repeated key, and a valid
// snapshot may still repeat an id (a hand-edited or foreign file): every keyed list drawn from
// snapshot data goes through this. A list without repeats comes back as it is (no copy).
export function uniqueBy<T>(list: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  let repeats = false;
  for (const item of list) {
    const k = key(item);
    if (seen.has(k)) {
      repeats = true;
      break;
    }
    seen.add(k);
  }
  if (!repeats) return list as T[];
  seen.clear();
  return list.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
