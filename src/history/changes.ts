// What a recorded point changed, in a few words for the timeline list (`web removed`, `api running →
// exited`, `network shop_default created`), worked out from the patch alone. It remembers only the
// state of each container and the names of the networks, so its memory follows the host's size, not
// the length of the session.
import type { Snapshot } from '../model/snapshot.js';
import type { SnapshotPatch } from '../model/wire.js';

const OTHER: [string, string, string][] = [
  ['interfaces', 'interface', 'interfaces'],
  ['routes', 'route', 'routes'],
  ['firewall.rules', 'firewall rule', 'firewall rules'],
  ['natFlows', 'NAT flow', 'NAT flows'],
  ['namespaces', 'namespace', 'namespaces'],
  ['findings', 'finding', 'findings'],
];

const shape = (network: unknown) => JSON.stringify({ ...(network as object), endpoints: undefined });

export class ChangeWords {
  readonly #states = new Map<string, string>();
  /** Each network without its endpoints (those come and go with the containers, said already). */
  readonly #networks = new Map<string, string>();

  /** A full snapshot: what it holds, and from now on what patches are compared with. */
  full(s: Snapshot): string[] {
    this.#states.clear();
    this.#networks.clear();
    for (const c of s.containers) this.#states.set(c.name, c.state);
    for (const n of s.networks) this.#networks.set(n.name, shape(n));
    const running = s.containers.filter((c) => c.state === 'running').length;
    const n = (count: number, one: string) => `${count} ${one}${count === 1 ? '' : 's'}`;
    return [
      `${n(s.containers.length, 'container')} (${running} running), ${n(s.networks.length, 'network')}`,
    ];
  }

  patch(p: SnapshotPatch): string[] {
    const out: string[] = [];
    for (const name of p.remove.containers ?? []) {
      this.#states.delete(name);
      out.push(`${name} removed`);
    }
    for (const item of p.upsert.containers ?? []) {
      const c = item as { name?: unknown; state?: unknown };
      if (typeof c.name !== 'string' || typeof c.state !== 'string') continue;
      const before = this.#states.get(c.name);
      this.#states.set(c.name, c.state);
      out.push(
        before === undefined
          ? `${c.name} added (${c.state})`
          : before === c.state
            ? `${c.name} changed`
            : `${c.name} ${before} → ${c.state}`,
      );
    }
    for (const name of p.remove.networks ?? []) {
      this.#networks.delete(name);
      out.push(`network ${name} removed`);
    }
    for (const item of p.upsert.networks ?? []) {
      const name = (item as { name?: unknown }).name;
      if (typeof name !== 'string') continue;
      const before = this.#networks.get(name);
      const now = shape(item);
      this.#networks.set(name, now);
      if (before === undefined) out.push(`network ${name} created`);
      else if (before !== now) out.push(`network ${name} changed`);
    }
    if (out.length > 0) return out;
    // Nothing a person names: say how much of the plumbing moved.
    const counts = OTHER.flatMap(([key, one, many]) => {
      const c = key as keyof SnapshotPatch['upsert'];
      const n = (p.upsert[c]?.length ?? 0) + (p.remove[c]?.length ?? 0);
      return n === 0 ? [] : [`${n} ${n === 1 ? one : many}`];
    });
    return [counts.length > 0 ? `${counts.join(', ')} changed` : 'host details changed'];
  }
}
