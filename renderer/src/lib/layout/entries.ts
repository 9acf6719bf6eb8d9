// What each column holds: one entry per namespace box (or stopped container), in the order they are
// drawn. A fresh picture orders them naturally by name (c2 before c11); a kept plan keeps its order
// and adds newcomers after the boxes already there, so nothing already drawn moves.
import type { SnapshotIndex } from '../snapshot-index.js';
import { naturalCompare } from '../natural.js';
import { columnDefs, columnOf, portLinks, resolver, STOPPED, type PortLink } from './columns.js';
import type { NamespaceBox } from './types.js';

export interface Entry {
  id: string;
  kind: NamespaceBox['kind'];
  sortKey: string;
  links: PortLink[];
  names: string[];
}

export function entriesByColumn(
  ix: SnapshotIndex,
  hidden: ReadonlySet<string>,
  placeOf: Map<string, string>,
  order: ReadonlyMap<string, readonly string[]> | null,
  groupByProject = false,
): Map<string, Entry[]> {
  // Grouped, a project's boxes sort together (projects first, by name; then boxes of no project).
  const keyOf = (names: string[], fallback: string) => {
    const project = names.map((n) => ix.container.get(n)?.compose?.project).find((p) => p);
    const name = names[0] ?? fallback;
    return groupByProject ? `${project ? `0 ${project}` : '1'} ${name}` : name;
  };
  const res = resolver(columnDefs(ix));
  const out = new Map<string, Entry[]>();
  const push = (col: string, e: Entry) => {
    const list = out.get(col);
    if (list) list.push(e);
    else out.set(col, [e]);
  };
  for (const ns of ix.snapshot.namespaces) {
    if (ns.kind === 'host') {
      for (const name of ns.containers) placeOf.set(name, 'host');
      continue;
    }
    const links = portLinks(ix, ns.id, res);
    const col = columnOf(ix, ns.id, links, res);
    placeOf.set(ns.id, col);
    for (const name of ns.containers) placeOf.set(name, col);
    if (hidden.has(ns.id)) continue;
    push(col, {
      id: ns.id,
      kind: ns.kind === 'container' ? 'container' : 'netns',
      sortKey: keyOf(ns.containers, ns.id),
      links,
      names: ns.containers,
    });
  }
  for (const c of ix.snapshot.containers) {
    if (c.namespace !== null) continue;
    const id = `stopped:${c.name}`;
    placeOf.set(id, STOPPED);
    placeOf.set(c.name, STOPPED);
    if (!hidden.has(id))
      push(STOPPED, { id, kind: 'stopped', sortKey: keyOf([c.name], c.name), links: [], names: [c.name] });
  }
  for (const [col, list] of out) {
    const kept = order?.get(col);
    const rank = new Map(kept?.map((id, i) => [id, i]));
    list.sort((a, b) => {
      const ra = rank.get(a.id) ?? Infinity;
      const rb = rank.get(b.id) ?? Infinity;
      if (ra !== rb) return ra - rb;
      return naturalCompare(a.sortKey, b.sortKey) || naturalCompare(a.id, b.id);
    });
  }
  return out;
}

/** The order a plan keeps: what it kept before (boxes that went away keep their slot), then newcomers. */
export function keptOrder(
  entries: Map<string, Entry[]>,
  before: ReadonlyMap<string, readonly string[]> | null,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [col, list] of entries) {
    const old = before?.get(col) ?? [];
    const seen = new Set(old);
    out.set(col, [...old, ...list.map((e) => e.id).filter((id) => !seen.has(id))]);
  }
  for (const [col, old] of before ?? []) if (!out.has(col)) out.set(col, [...old]);
  return out;
}
