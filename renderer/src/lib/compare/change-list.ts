// Words for a comparison: changes grouped by collection in reading order, counts, and field values
// written the way a person reads them (`(none)` for "not on this side").
import { words } from '../i18n/words.js';
import type { Change, DiffCollection, SnapshotDiff } from '../../../../src/model/diff-types.js';

/** Reading order and titles (the same order as the CLI's `netlens diff`). */
export const COLLECTIONS: readonly DiffCollection[] = [
  'host',
  'container',
  'network',
  'namespace',
  'interface',
  'route',
  'natFlow',
  'chain',
  'rule',
  'finding',
];

export interface ChangeGroup {
  collection: DiffCollection;
  title: string;
  /** Changes with their index in `diff.changes`. */
  items: { change: Change; index: number }[];
}

export function groupChanges(diff: SnapshotDiff): ChangeGroup[] {
  return COLLECTIONS.map((collection) => ({
    collection,
    title: words().compare.collections[collection],
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
  if (diff.changes.length === 0) return words().compare.noDifferences;
  const n = countChanges(diff.changes);
  return words().compare.summary(diff.changes.length, n.added, n.removed, n.changed);
}

/** A field value as text: absent → `(none)`, lists joined, objects as compact JSON. */
export function formatValue(value: unknown): string {
  if (value === undefined) return words().compare.none;
  if (value === null) return 'null';
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? '[]' : value.map(formatValue).join(', ');
  return JSON.stringify(value);
}
