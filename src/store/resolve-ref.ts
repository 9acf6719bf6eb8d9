// What a person types to name a snapshot on the command line: a file path, a saved id or a saved name.
import { stat } from 'node:fs/promises';
import { ApiError } from '../api/contract.js';
import { SNAPSHOT_FILE_MAX_BYTES } from '../model/limits.js';
import type { Snapshot } from '../model/snapshot.js';
import type { SnapshotFileStore } from './file-store.js';
import { loadSnapshot, SnapshotLoadError } from './load-snapshot.js';
import { isValidId } from './paths.js';
import { readFileLimited } from './read-limited.js';
import type { StoreEntry } from './sidecar.js';

export interface ResolvedSnapshot {
  snapshot: Snapshot;
  /** How to call it in output: the saved name, or the path. */
  label: string;
  /** Set when it came from the store. */
  id?: string;
}

const looksLikePath = (ref: string) => /[\\/]/.test(ref) || /\.(json|gz)$/i.test(ref);

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

export async function loadSnapshotFile(path: string): Promise<Snapshot> {
  let bytes: Buffer;
  try {
    bytes = await readFileLimited(path, SNAPSHOT_FILE_MAX_BYTES);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ApiError(
      code === 'ENOENT' ? 'not-found' : 'unavailable',
      `cannot read ${path}: ${code ?? String(error)}`,
    );
  }
  try {
    return loadSnapshot(bytes);
  } catch (error) {
    if (error instanceof SnapshotLoadError)
      throw new SnapshotLoadError(error.reason, `${path}: ${error.message}`, error.field);
    throw error;
  }
}

/** The stored snapshot a ref names: an id, else a unique saved name. */
export async function findSaved(store: SnapshotFileStore, ref: string): Promise<StoreEntry | null> {
  if (isValidId(ref)) {
    const byId = await store.meta(ref).catch(() => null);
    if (byId) return byId;
  }
  const named = (await store.list()).filter((e) => e.name === ref);
  if (named.length > 1) {
    throw new ApiError(
      'conflict',
      `"${ref}" names ${named.length} saved snapshots (ids ${named.map((e) => e.id).join(', ')}); use an id`,
    );
  }
  return named[0] ?? null;
}

export async function requireSaved(store: SnapshotFileStore, ref: string): Promise<StoreEntry> {
  const entry = await findSaved(store, ref);
  if (!entry) throw new ApiError('not-found', `no saved snapshot with id or name "${ref}" in ${store.dir}`);
  return entry;
}

/** A path (anything with a slash or a .json/.gz ending) is a file; otherwise the store first, then a file. */
export async function resolveSnapshot(store: SnapshotFileStore, ref: string): Promise<ResolvedSnapshot> {
  if (looksLikePath(ref)) return { snapshot: await loadSnapshotFile(ref), label: ref };
  const saved = await findSaved(store, ref);
  if (saved) return { snapshot: await store.open(saved.id), label: saved.name, id: saved.id };
  if (await isFile(ref)) return { snapshot: await loadSnapshotFile(ref), label: ref };
  throw new ApiError(
    'not-found',
    `"${ref}" is neither a file nor a saved snapshot id or name (store: ${store.dir})`,
  );
}
