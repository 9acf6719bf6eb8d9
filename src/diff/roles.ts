// Which container and network of one host plays the part of which on another: containers by name,
// then by compose project/service (replicas in name order), then by compose service when whole projects
// were renamed; networks by name, then by compose project prefix, then by the containers they serve.
// B's matched items take A's names as their role, so the diff's keys line up.
import type { RolePair } from '../model/diff-types.js';
import type { RoleNames } from '../model/item-keys.js';
import { cmp } from '../model/order.js';
import type { Container, Snapshot } from '../model/snapshot.js';

export type { RolePair } from '../model/diff-types.js';

export interface RoleMatch {
  a: RoleNames;
  b: RoleNames;
  /** B's names that stand for something else (renamed compose projects, containers, networks) → A's. */
  words: Map<string, string>;
  pairs: RolePair[];
}

const byName = <T extends { name: string }>(list: T[]) => [...list].sort((x, y) => cmp(x.name, y.name));

/** Pairs the lists in order within each group (`project/service`, or `service` under a project pair). */
function pairGroups(
  a: Container[],
  b: Container[],
  group: (c: Container, side: 'a' | 'b') => string | null,
  out: Map<string, string>,
): void {
  const groups = new Map<string, { a: Container[]; b: Container[] }>();
  for (const [side, list] of [
    ['a', a],
    ['b', b],
  ] as const) {
    for (const c of byName(list)) {
      const key = group(c, side);
      if (key === null) continue;
      const g = groups.get(key) ?? { a: [], b: [] };
      groups.set(key, g);
      g[side].push(c);
    }
  }
  for (const g of groups.values())
    g.a.forEach((x, i) => {
      const y = g.b[i];
      if (y) out.set(y.name, x.name);
    });
}

/** Compose projects of B that were renamed: the A project most of an unmatched B project's services fit. */
function projectPairs(a: Container[], b: Container[]): Map<string, string> {
  const votes = new Map<string, Map<string, number>>();
  for (const y of b) {
    if (!y.compose) continue;
    for (const x of a) {
      if (x.compose?.service !== y.compose.service) continue;
      const v = votes.get(y.compose.project) ?? new Map<string, number>();
      votes.set(y.compose.project, v);
      v.set(x.compose.project, (v.get(x.compose.project) ?? 0) + 1);
    }
  }
  const out = new Map<string, string>();
  const taken = new Set<string>();
  for (const [pb, v] of [...votes].sort(([x], [y]) => cmp(x, y))) {
    const best = [...v].sort(([p, n], [q, m]) => m - n || cmp(p, q)).find(([p]) => !taken.has(p));
    if (best) {
      out.set(pb, best[0]);
      taken.add(best[0]);
    }
  }
  return out;
}

export function matchRoles(a: Snapshot, b: Snapshot): RoleMatch {
  const pairs: RolePair[] = [];
  const containers = new Map<string, string>(); // B name → A name
  const namesA = new Set(a.containers.map((c) => c.name));
  for (const c of b.containers) if (namesA.has(c.name)) containers.set(c.name, c.name);
  const restA = () => a.containers.filter((c) => ![...containers.values()].includes(c.name));
  const restB = () => b.containers.filter((c) => !containers.has(c.name));

  const viaProject = new Map<string, string>();
  pairGroups(
    restA(),
    restB(),
    (c) => (c.compose ? `${c.compose.project}/${c.compose.service}` : null),
    viaProject,
  );
  for (const [y, x] of viaProject) {
    containers.set(y, x);
    pairs.push({ kind: 'container', a: x, b: y, by: 'compose project' });
  }
  const projects = projectPairs(restA(), restB());
  const viaService = new Map<string, string>();
  pairGroups(
    restA(),
    restB(),
    (c, side) => {
      if (!c.compose) return null;
      const project = side === 'b' ? projects.get(c.compose.project) : c.compose.project;
      return project === undefined ? null : `${project}/${c.compose.service}`;
    },
    viaService,
  );
  for (const [y, x] of viaService) {
    containers.set(y, x);
    pairs.push({ kind: 'container', a: x, b: y, by: 'compose service' });
  }

  const networks = new Map<string, string>();
  const netsA = new Set(a.networks.map((n) => n.name));
  for (const n of b.networks) if (netsA.has(n.name)) networks.set(n.name, n.name);
  const freeA = () => a.networks.filter((n) => ![...networks.values()].includes(n.name));
  for (const n of b.networks) {
    if (networks.has(n.name)) continue;
    // Compose names networks `<project>_<name>` (v1) or `<project>-<name>` (v2).
    for (const [pb, pa] of projects) {
      if (networks.has(n.name) || !/^[_-]$/.test(n.name.charAt(pb.length)) || !n.name.startsWith(pb))
        continue;
      const rest = n.name.slice(pb.length + 1);
      const twin = freeA().find((x) => x.name === `${pa}_${rest}` || x.name === `${pa}-${rest}`);
      if (twin) {
        networks.set(n.name, twin.name);
        pairs.push({ kind: 'network', a: twin.name, b: n.name, by: 'compose project' });
      }
    }
  }
  // Networks serving the same containers (by role) play the same part.
  const served = (names: string[], role: (n: string) => string) => [...names.map(role)].sort(cmp).join(',');
  for (const n of byName(b.networks)) {
    if (networks.has(n.name) || n.endpoints.length === 0) continue;
    const mine = served(
      n.endpoints.map((e) => e.container),
      (c) => containers.get(c) ?? c,
    );
    const twins = freeA().filter(
      (x) =>
        served(
          x.endpoints.map((e) => e.container),
          (c) => c,
        ) === mine,
    );
    if (twins.length === 1 && twins[0]) {
      networks.set(n.name, twins[0].name);
      pairs.push({ kind: 'network', a: twins[0].name, b: n.name, by: 'containers' });
    }
  }

  const words = new Map<string, string>();
  for (const [pb, pa] of projects) if (pb !== pa) words.set(pb, pa);
  for (const map of [containers, networks]) for (const [y, x] of map) if (y !== x) words.set(y, x);
  const own: RoleNames = { container: (n) => n, network: (n) => n };
  return {
    a: own,
    b: { container: (n) => containers.get(n) ?? n, network: (n) => networks.get(n) ?? n },
    words,
    pairs: pairs.sort((x, y) => cmp(x.kind, y.kind) || cmp(x.a, y.a)),
  };
}
