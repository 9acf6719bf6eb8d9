// Words for a comparison in the app, from the same story `netlens diff` prints (src/model/diff-story):
// the summary line and what was left out.
import { words } from '../i18n/words.js';
import type { Change, SnapshotDiff } from '../../../../src/model/diff-types.js';

/** What the comparison left out, or null: `13 made by the kernel, 3 repeating another change`. */
export function hiddenText(diff: SnapshotDiff): string | null {
  const { kernel, repeated } = diff.hidden;
  const w = words().compare;
  const parts = [
    ...(kernel > 0 ? [w.hiddenKernel(kernel)] : []),
    ...(repeated > 0 ? [w.hiddenRepeated(repeated)] : []),
  ];
  return parts.length === 0 ? null : parts.join(', ');
}

export type Counts = Record<Change['kind'], number>;

export function countChanges(changes: readonly Change[]): Counts {
  const counts: Counts = { added: 0, removed: 0, changed: 0 };
  for (const c of changes) counts[c.kind] += 1;
  return counts;
}

/** `12 changes: 0 added, 11 removed, 1 changed`, or `No differences.` */
export function countsText(diff: SnapshotDiff): string {
  if (diff.changes.length === 0) return words().compare.noDifferences;
  const n = countChanges(diff.changes);
  return words().compare.summary(diff.changes.length, n.added, n.removed, n.changed);
}
