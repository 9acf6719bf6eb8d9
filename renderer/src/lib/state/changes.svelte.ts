// The recent live changes of the host on screen: compared snapshot to snapshot as they arrive (a new
// host, or the first snapshot of one, starts a fresh list), newest first.
import type { Snapshot } from '../../../../src/model/snapshot.js';
import { changesBetween, mergeChanges, type LiveChange } from '../live-changes.js';

export class RecentChanges {
  list = $state.raw<LiveChange[]>([]);
  #host: string | null = null;
  #last: Snapshot | null = null;

  /** A snapshot of `host` arrived (full or patched). */
  see(host: string | null, snapshot: Snapshot | null, now = Date.now()): void {
    if (host !== this.#host) {
      this.#host = host;
      this.#last = snapshot;
      this.list = [];
      return;
    }
    const prev = this.#last;
    this.#last = snapshot;
    if (!prev || !snapshot || prev === snapshot) return;
    const fresh = changesBetween(prev, snapshot, now);
    if (fresh.length > 0) this.list = mergeChanges(this.list, fresh);
  }

  dismiss(): void {
    this.list = [];
  }
}
