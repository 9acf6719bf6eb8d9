// What a capturer remembers about containers whose namespace the kernel view lacks: since when, so
// that one still so in a reconcile that began after it was first seen is warned about (and stays
// warned about until its namespace is read), while the others are shown starting or stopping (see
// topology/transient.ts). Kept per incarnation (id and pid): a container that started or stopped
// again since is a new race, not the same one lasting (under a constant churn, captures seconds apart
// catch one container between states again and again, each time another run of it).
// Bounded: one entry per container whose namespace is missing right now.
import type { Snapshot } from '../model/snapshot.js';
import { incarnation, type TransientInput } from '../topology/transient.js';

export class TransientMemory {
  /** Since when each incarnation has lacked its namespace. */
  private since = new Map<string, number>();
  /** Found overdue by a reconcile: warned about while they last. */
  private late = new Set<string>();

  /**
   * The builder's input for a capture beginning now. `reconcile`: this capture ends a reconcile, and
   * these are the ones lacking their namespace when it began (a full capture: `pending()` now).
   */
  input(seen: ReadonlySet<string>, reconcile?: ReadonlySet<string>): TransientInput {
    return { seen, overdue: new Set([...this.late, ...(reconcile ?? [])]) };
  }

  /** The incarnations lacking their namespace now. */
  pending(): Set<string> {
    return new Set(this.since.keys());
  }

  /**
   * Notes what `snapshot` (built with `input`) lacks; returns the ids of the containers it shows
   * starting or stopping.
   */
  note(snapshot: Snapshot, input: TransientInput | undefined, startedAt: number): string[] {
    const unread = new Set(
      snapshot.namespaces.filter((ns) => ns.kind === 'container' && ns.inode === null).map((ns) => ns.id),
    );
    const since = new Map<string, number>();
    const shown: string[] = [];
    for (const c of snapshot.containers) {
      if (!c.namespace || !unread.has(c.namespace)) continue;
      const run = incarnation(c);
      since.set(run, this.since.get(run) ?? startedAt);
      if (c.state === 'starting' || c.state === 'stopping') shown.push(c.id);
    }
    this.since = since;
    this.late = new Set([...(input?.overdue ?? [])].filter((id) => since.has(id)));
    return shown;
  }

  get size(): number {
    return this.since.size;
  }
}
