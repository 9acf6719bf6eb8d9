// Containers caught between states. Docker and the kernel are read side by side, so a container Docker
// calls running may have no namespace yet (starting) or no more (stopping): that is a state to show,
// not a problem. Only when it lasts (still so in a reconcile after it was first seen) is it a warning.
// Pure.
import type { DockerContainerFact } from '../collect/docker/docker-facts.js';
import type { KernelFacts } from '../collect/facts.js';
import type { Namespace } from '../model/snapshot.js';

export type TransientState = 'starting' | 'stopping';

/** What a live capture knows from before (a one-off capture has nothing, and warns as it always did). */
export interface TransientInput {
  /** Netns paths the previous capture read: a container whose namespace was there and is not is stopping. */
  seen: ReadonlySet<string>;
  /**
   * Containers (as incarnation()) already caught between states before this reconcile began: warn
   * about them. A container restarted since (another pid) is a new race, not the same one lasting.
   */
  overdue: ReadonlySet<string>;
}

/** One run of a container: its id and pid (a container started and stopped every second is many). */
export const incarnation = (c: { id: string; pid: number | null }) => `${c.id}@${c.pid ?? '-'}`;

/**
 * Splits the container namespaces the kernel view lacks into those whose containers are starting or
 * stopping (state by namespace id) and those worth a warning.
 */
export function settleUnread(
  unread: Namespace[],
  containers: DockerContainerFact[],
  kernel: KernelFacts,
  input: TransientInput | undefined,
): { states: Map<string, TransientState>; unread: Namespace[] } {
  const states = new Map<string, TransientState>();
  // Without privilege no namespace can be read: that is the reason, not a race.
  if (!input || kernel.privilege === 'none') return { states, unread };
  const byName = new Map(containers.map((c) => [c.name, c]));
  const gone = new Set(kernel.gone ?? []);
  const left: Namespace[] = [];
  for (const ns of unread) {
    const owner = byName.get(ns.containers[0] ?? '');
    const key = owner?.sandboxKey ?? null;
    if (!owner || !key || input.overdue.has(incarnation(owner))) left.push(ns);
    else states.set(ns.id, gone.has(key) || input.seen.has(key) ? 'stopping' : 'starting');
  }
  return { states, unread: left };
}
