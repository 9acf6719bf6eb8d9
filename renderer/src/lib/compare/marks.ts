// From changes to drawn items: which ids of the merged picture each change stands for, and the
// added/removed/changed marks of the whole drawing. Added and changed items are drawn with B's ids,
// removed ones with A's (the merged picture keeps A's ids for them), so a restarted container's new
// host veth is marked changed while its old name is drawn nowhere.
import type { Change, SnapshotDiff } from '../../../../src/model/diff-types.js';
import type { Snapshot } from '../../../../src/model/snapshot.js';
import type { Mark } from '../draw/decor.js';
import type { Layout } from '../layout/types.js';
import type { Translator } from './merge.js';

export interface ChangeTarget {
  /** How the items are marked; null for what the drawing does not show (routes, rules, findings). */
  mark: Mark | null;
  /** Drawn ids of the item itself (a container's line, an interface's port, a namespace's box, a flow). */
  ids: string[];
  /** Drawn ids marked only when nothing else marks them (the box around a changed container). */
  weak: string[];
  /** Networks, drawn as the bar of their column (resolved against a layout). */
  networks: string[];
  /** Further ids to bring into view when the change is picked (a route's namespace). */
  context: string[];
}

const DRAWN = new Set<Change['collection']>(['container', 'namespace', 'interface', 'network', 'natFlow']);

/** The box a container is drawn in (none for host-mode containers, drawn in the host region). */
function boxOf(s: Snapshot, name: string): string | null {
  const c = s.containers.find((x) => x.name === name);
  if (!c) return null;
  if (c.namespace === null) return `stopped:${c.name}`;
  const ns = s.namespaces.find((n) => n.id === c.namespace);
  return ns?.kind === 'host' ? null : c.namespace;
}

function boxOrHost(s: Snapshot, nsId: string | null): string | null {
  if (nsId === null) return null;
  return s.namespaces.find((n) => n.id === nsId)?.kind === 'host' ? 'host' : nsId;
}

/** Same ids (B's side, or a picture of one snapshot). */
const AS_IS: Translator = { ns: (id) => id, iface: (id) => id, flow: (id) => id };

/** `t` says where A's items are in the merged picture (see translatorFor); removed items are drawn there. */
export function changeTarget(change: Change, a: Snapshot, b: Snapshot, t: Translator = AS_IS): ChangeTarget {
  const removed = change.kind === 'removed';
  const side = removed ? a : b;
  const id = removed ? change.ids.a : change.ids.b;
  const ns = (x: string | null) => (x === null || !removed ? x : t.ns(x));
  const out: ChangeTarget = {
    mark: DRAWN.has(change.collection) ? change.kind : null,
    ids: [],
    weak: [],
    networks: [],
    context: [],
  };
  const add = (list: string[], id: string | null) => {
    if (id !== null && !list.includes(id)) list.push(id);
  };
  switch (change.collection) {
    case 'container':
      add(out.ids, id);
      if (id !== null) add(out.weak, ns(boxOf(side, id)));
      break;
    case 'namespace':
      add(out.ids, ns(boxOrHost(side, id)));
      break;
    case 'interface':
      add(out.ids, removed ? t.iface(id) : id);
      break;
    case 'natFlow':
      add(out.ids, removed && id !== null ? t.flow(id) : id);
      break;
    case 'network':
      if (id !== null) out.networks.push(id);
      break;
    case 'route':
      add(out.context, ns(boxOrHost(side, id)));
      break;
    case 'host':
      add(out.context, 'host');
      break;
    default:
      break;
  }
  return out;
}

export function changeTargets(
  diff: SnapshotDiff,
  a: Snapshot,
  b: Snapshot,
  t: Translator = AS_IS,
): ChangeTarget[] {
  return diff.changes.map((c) => changeTarget(c, a, b, t));
}

const RANK: Record<Mark, number> = { removed: 3, added: 2, changed: 1 };

/** Drawn ids of a change in this layout: its items, the bars of its networks, then context. */
export function drawnIdsOf(target: ChangeTarget, layout: Layout): string[] {
  const bars = target.networks.flatMap((n) => layout.bars.filter((b) => b.network === n).map((b) => b.id));
  return [...new Set([...target.ids, ...bars, ...target.weak, ...target.context])];
}

/** Marks of every drawn item; cables take the mark of an added or removed end. */
export function drawnMarks(targets: readonly ChangeTarget[], layout: Layout): Map<string, Mark> {
  const marks = new Map<string, Mark>();
  const put = (id: string, mark: Mark) => {
    const had = marks.get(id);
    if (!had || RANK[mark] > RANK[had]) marks.set(id, mark);
  };
  for (const t of targets) {
    if (!t.mark) continue;
    for (const id of t.ids) put(id, t.mark);
    for (const n of t.networks) for (const bar of layout.bars) if (bar.network === n) put(bar.id, t.mark);
  }
  for (const t of targets) {
    if (!t.mark) continue;
    for (const id of t.weak) if (!marks.has(id)) marks.set(id, t.mark);
  }
  for (const c of layout.cables) {
    const ends = [marks.get(c.from), marks.get(c.to)];
    const end = ends.find((m) => m === 'removed') ?? ends.find((m) => m === 'added');
    if (end) put(c.id, end);
  }
  return marks;
}

/** Columns holding marked items, to open them when they are collapsed. */
export function markedColumns(targets: readonly ChangeTarget[], layout: Layout): Set<string> {
  const columnOf = (id: string) => layout.placeOf.get(id) ?? layout.placeOf.get(id.split('/')[0] ?? '');
  const ids = targets.flatMap((t) => (t.mark ? [...t.ids, ...t.weak] : []));
  return new Set(ids.map(columnOf).filter((c) => c !== undefined));
}
