// What changed between two live snapshots of one host, in words a person scans: containers started,
// stopped or removed, networks created or removed. Feeds the recent-changes list and the edge markers
// that point at changes outside the view.
import type { Snapshot } from '../../../src/model/snapshot.js';

export type ChangeVerb = 'started' | 'stopped' | 'removed' | 'created';

export interface LiveChange {
  /** Item to focus: a container's name, or `net:<name>`. */
  id: string;
  name: string;
  kind: 'container' | 'network';
  verb: ChangeVerb;
  /** When it was seen (ms since the epoch). */
  at: number;
}

const running = (state: string) => state === 'running' || state === 'restarting' || state === 'paused';

export function changesBetween(prev: Snapshot, next: Snapshot, at: number): LiveChange[] {
  const out: LiveChange[] = [];
  const before = new Map(prev.containers.map((c) => [c.name, c]));
  const after = new Map(next.containers.map((c) => [c.name, c]));
  for (const c of next.containers) {
    const old = before.get(c.name);
    const was = old ? running(old.state) : false;
    const is = running(c.state);
    if (!old) out.push({ id: c.name, name: c.name, kind: 'container', verb: is ? 'started' : 'created', at });
    else if (is && !was) out.push({ id: c.name, name: c.name, kind: 'container', verb: 'started', at });
    else if (!is && was) out.push({ id: c.name, name: c.name, kind: 'container', verb: 'stopped', at });
  }
  for (const c of prev.containers)
    if (!after.has(c.name)) out.push({ id: c.name, name: c.name, kind: 'container', verb: 'removed', at });
  const nets = new Set(prev.networks.map((n) => n.name));
  const nextNets = new Set(next.networks.map((n) => n.name));
  for (const n of next.networks)
    if (!nets.has(n.name))
      out.push({ id: `net:${n.name}`, name: n.name, kind: 'network', verb: 'created', at });
  for (const n of prev.networks)
    if (!nextNets.has(n.name))
      out.push({ id: `net:${n.name}`, name: n.name, kind: 'network', verb: 'removed', at });
  return out;
}

/** The newest changes first, one per item (its latest), at most `max`. */
export function mergeChanges(list: LiveChange[], fresh: LiveChange[], max = 8): LiveChange[] {
  const out: LiveChange[] = [];
  const seen = new Set<string>();
  for (const c of [...fresh].reverse().concat(list)) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    out.push(c);
    if (out.length >= max) break;
  }
  return out;
}
