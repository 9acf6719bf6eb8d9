// Compose projects as the picture shows them: each container's project and service (from its labels),
// a network's Compose name (`shop_app` is `app` in project `shop`), and a colour per project so its
// boxes read as one group across networks.
import type { Network, Snapshot } from '../../../src/model/snapshot.js';
import { naturalCompare } from './natural.js';

/** How many distinct project colours the theme defines (--project-0 … --project-7). */
export const PROJECT_COLOURS = 8;

/** A stable colour slot for a project name. */
export function projectSlot(project: string): number {
  let h = 0;
  for (const ch of project) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return h % PROJECT_COLOURS;
}

/** Projects with the names of their containers, in natural order. */
export function projects(snapshot: Snapshot): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of snapshot.containers)
    if (c.compose) out.set(c.compose.project, [...(out.get(c.compose.project) ?? []), c.name]);
  for (const list of out.values()) list.sort(naturalCompare);
  return new Map([...out].sort((a, b) => naturalCompare(a[0], b[0])));
}

/**
 * A network's name inside its Compose project: Compose names networks `<project>_<name>`; the project
 * is one of those of the containers attached to it (or any known project, for an empty one).
 */
export function composeName(
  network: Network,
  known: ReadonlySet<string>,
): { project: string; name: string } | null {
  for (const project of known) {
    const prefix = `${project}_`;
    if (network.name.startsWith(prefix) && network.name.length > prefix.length)
      return { project, name: network.name.slice(prefix.length) };
  }
  return null;
}
