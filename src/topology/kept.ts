// A live update's parse hands back the very fact object for what did not change, so what the builder
// makes of a fact is kept by it (a WeakMap: it goes with the fact) and made again only when the other
// inputs, folded into `key`, differ. Then the session's diff of thousands of items stops at `===`.

export type Kept<O extends object, V> = (owner: O, key: string, make: () => V) => V;

export function keptPer<O extends object, V>(): Kept<O, V> {
  const cache = new WeakMap<O, { key: string; value: V }>();
  return (owner, key, make) => {
    const last = cache.get(owner);
    if (last !== undefined && last.key === key) return last.value;
    const value = make();
    cache.set(owner, { key, value });
    return value;
  };
}
