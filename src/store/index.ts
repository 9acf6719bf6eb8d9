// The snapshot store and snapshot file loading (see docs/snapshot-store.md).
export { openStore, type SnapshotFileStore, type SaveOptions, type ExportOptions } from './file-store.js';
export {
  loadSnapshot,
  loadDocument,
  SnapshotLoadError,
  type LoadFailure,
  type LoadOptions,
} from './load-snapshot.js';
export {
  SNAPSHOT_MIGRATIONS,
  CURRENT_SNAPSHOT_VERSION,
  type Migration,
  type MigrationRegistry,
} from './migrations.js';
export { defaultStoreDir, isValidId } from './paths.js';
export type { StoreEntry } from './sidecar.js';
