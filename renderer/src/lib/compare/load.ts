// Loads a comparison: the diff and both snapshots from the back end in one request, then the merged
// picture and the drawn items of every change.
import type { NetlensApi, SnapshotRef } from '../../../../src/api/contract.js';
import { tellDiff, type DiffStory } from '../../../../src/model/diff-story.js';
import type { CompareOptions, SnapshotDiff } from '../../../../src/model/diff-types.js';
import type { Snapshot } from '../../../../src/model/snapshot.js';
import { changeTargets, type ChangeTarget } from './marks.js';
import { mergeForCompare, translatorFor } from './merge.js';

export interface Comparison {
  refs: { a: SnapshotRef; b: SnapshotRef };
  options: CompareOptions;
  diff: SnapshotDiff;
  /** The change list as `netlens diff` tells it. */
  story: DiffStory;
  a: Snapshot;
  b: Snapshot;
  merged: Snapshot;
  /** One per `diff.changes` entry, same order. */
  targets: ChangeTarget[];
}

/** `<select>` values for refs: `saved:<id>`, `live:<hostId>` and `moment:<at>@<hostId>`. */
export const refValue = (ref: SnapshotRef): string =>
  ref.kind === 'saved'
    ? `saved:${ref.id}`
    : ref.kind === 'live'
      ? `live:${ref.hostId}`
      : `moment:${ref.at}@${ref.hostId}`;

export function parseRef(value: string): SnapshotRef | null {
  const colon = value.indexOf(':');
  const rest = value.slice(colon + 1);
  if (colon < 0 || rest === '') return null;
  const kind = value.slice(0, colon);
  if (kind === 'saved') return { kind, id: rest };
  if (kind === 'live') return { kind, hostId: rest };
  const at = rest.indexOf('@');
  if (kind === 'moment' && at > 0 && at < rest.length - 1)
    return { kind, at: rest.slice(0, at), hostId: rest.slice(at + 1) };
  return null;
}

export function buildComparison(
  refs: Comparison['refs'],
  diff: SnapshotDiff,
  a: Snapshot,
  b: Snapshot,
  options: CompareOptions = {},
): Comparison {
  const t = translatorFor(a, b, diff);
  return {
    refs,
    options,
    diff,
    story: tellDiff(diff),
    a,
    b,
    merged: mergeForCompare(a, b, diff, t),
    targets: changeTargets(diff, a, b, t),
  };
}

/** One request: the back end resolves both refs once (a live host's current snapshot included) and diffs them. */
export async function loadComparison(
  api: NetlensApi,
  a: SnapshotRef,
  b: SnapshotRef,
  options: CompareOptions = {},
): Promise<Comparison> {
  // Only the options that are on travel, so a plain comparison is the plain request.
  const on = Object.fromEntries(Object.entries(options).filter(([, v]) => v === true));
  const result = await api.request('snapshots:compare', { a, b, ...on });
  return buildComparison({ a, b }, result.diff, result.a, result.b, options);
}
