// Upgrades of older snapshot documents, one step per version: registry[n] turns a v<n> document into a
// v<n+1> one (and sets its `schema`). v1 is the first format, so the built-in registry is empty; a
// future v2 adds `registry[1]` here and bumps CURRENT_SNAPSHOT_VERSION.
export type SnapshotDocument = Record<string, unknown>;
export type Migration = (doc: SnapshotDocument) => SnapshotDocument;
export type MigrationRegistry = Readonly<Record<number, Migration>>;

export const CURRENT_SNAPSHOT_VERSION = 1;

export const SNAPSHOT_MIGRATIONS: MigrationRegistry = {};
