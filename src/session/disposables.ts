// Everything a session opens (streams, timers, listeners, the connection) is registered here, so
// dispose() can release it all and tests can check that nothing is left.
type DisposeFn = () => void | Promise<void>;

export class Disposables {
  private readonly items = new Map<number, { name: string; dispose: DisposeFn }>();
  private nextId = 0;

  /** Registers a resource; the returned function forgets it (for resources that ended by themselves). */
  add(name: string, dispose: DisposeFn): () => void {
    const id = this.nextId++;
    this.items.set(id, { name, dispose });
    return () => {
      this.items.delete(id);
    };
  }

  /** A tracked setTimeout: registered until it fires or is cancelled; returns cancel. */
  timeout(name: string, ms: number, fn: () => void): () => void {
    const timer = setTimeout(() => {
      forget();
      fn();
    }, ms);
    const forget = this.add(name, () => clearTimeout(timer));
    return () => {
      forget();
      clearTimeout(timer);
    };
  }

  get size(): number {
    return this.items.size;
  }

  names(): string[] {
    return [...this.items.values()].map((i) => i.name);
  }

  /** Releases everything, newest first; one failing release does not stop the others. */
  async disposeAll(): Promise<void> {
    const items = [...this.items.values()].reverse();
    this.items.clear();
    for (const item of items) {
      try {
        await item.dispose();
      } catch {
        // Releasing is best effort: the resource is gone from our books either way.
      }
    }
  }
}
