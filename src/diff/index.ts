// Snapshot comparison: diffSnapshots(a, b) → SnapshotDiff (see docs/snapshot-store.md for identity rules).
export { diffSnapshots, COLLECTION_ORDER, type DiffOptions } from './diff-snapshots.js';
