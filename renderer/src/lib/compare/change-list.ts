// Words for a comparison: changes grouped by collection in reading order, counts, and field values
// written the way a person reads them (`(none)` for "not on this side").
import type { Change, DiffCollection, SnapshotDiff } from '../../../../src/model/diff-types.js';

/** Reading order and titles (the same order as the CLI's `netlens diff`). */
export const COLLECTIONS: readonly { collection: DiffCollection; title: string }[] = [
  { collection: 'host', title: 'Host' },
  { collection: 'container', title: 'Containers' },
  { collection: 'network', title: 'Networks' },
  { collection: 'namespace', title: 'Namespaces' },
  { collection: 'interface', title: 'Interfaces' },
  { collection: 'route', title: 'Routes' },
  { collection: 'natFlow', title: 'NAT flows' },
  { collection: 'chain', title: 'Firewall chains' },
  { collection: 'rule', title: 'Firewall rules' },
  { collection: 'finding', title: 'Findings' },
];

export interface ChangeGroup {
  collection: DiffCollection;
  title: string;
  /** Changes with their index in `diff.changes`. */
  items: { change: Change; index: number }[];
}

export function groupChanges(diff: SnapshotDiff): ChangeGroup[] {
  return COLLECTIONS.map(({ collection, title }) => ({
    collection,
    title,
    items: diff.changes
      .map((change, index) => ({ change, index }))
      .filter(({ change }) => change.collection === collection),
  })).filter((g) => g.items.length > 0);
}

export type Counts = Record<Change['kind'], number>;

export function countChanges(changes: readonly Change[]): Counts {
  const counts: Counts = { added: 0, removed: 0, changed: 0 };
  for (const c of changes) counts[c.kind] += 1;
  return counts;
}

export function summary(diff: SnapshotDiff): string {
  if (diff.changes.length === 0) return 'No differences.';
  const n = countChanges(diff.changes);
  const total = diff.changes.length;
  return `${total} change${total === 1 ? '' : 's'}: ${n.added} added, ${n.removed} removed, ${n.changed} changed`;
}

/** A field value as text: absent → `(none)`, lists joined, objects as compact JSON. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '(none)';
  if (value === null) return 'null';
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? '[]' : value.map(formatValue).join(', ');
  return JSON.stringify(value);
}
