// `<id>.meta.json`: a small cache of a snapshot's metadata so listing never reads whole snapshots.
// It records the size and mtime of the file it describes; a missing, corrupt or stale sidecar is
// rebuilt from the snapshot file, which stays the source of truth.
import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import type { SnapshotMeta } from '../api/contract.js';
import type { Snapshot } from '../model/snapshot.js';
import { writeFileAtomic } from './atomic-write.js';
import { loadDocument, type SavedAs } from './load-snapshot.js';
import { metaFile, snapshotFile } from './paths.js';

/** A list entry (with `error` when the file cannot be read as a snapshot). */
export type StoreEntry = SnapshotMeta;

const Meta = z.object({
  id: z.string(),
  name: z.string(),
  note: z.string(),
  host: z.string(),
  target: z.string(),
  capturedAt: z.string(),
  savedAt: z.string(),
  bytes: z.number().int().nonnegative(),
  containers: z.number().int().nonnegative(),
});
const Sidecar = z.object({
  v: z.literal(1),
  file: z.object({ size: z.number(), mtimeMs: z.number() }),
  meta: Meta,
});

export function metaOf(id: string, snapshot: Snapshot, saved: SavedAs, bytes: number): SnapshotMeta {
  return {
    id,
    name: saved.name,
    note: saved.note,
    host: snapshot.host.name,
    target: snapshot.host.target,
    capturedAt: snapshot.capturedAt,
    savedAt: saved.savedAt,
    bytes,
    containers: snapshot.containers.length,
  };
}

export async function writeSidecar(dir: string, meta: SnapshotMeta): Promise<void> {
  const st = await stat(snapshotFile(dir, meta.id));
  const body: z.infer<typeof Sidecar> = { v: 1, file: { size: st.size, mtimeMs: st.mtimeMs }, meta };
  await writeFileAtomic(metaFile(dir, meta.id), `${JSON.stringify(body)}\n`, { durable: false });
}

async function readSidecar(
  dir: string,
  id: string,
  size: number,
  mtimeMs: number,
): Promise<SnapshotMeta | null> {
  try {
    const parsed = Sidecar.safeParse(JSON.parse(await readFile(metaFile(dir, id), 'utf8')));
    if (!parsed.success) return null;
    const { file, meta } = parsed.data;
    return file.size === size && file.mtimeMs === mtimeMs && meta.id === id ? meta : null;
  } catch {
    return null;
  }
}

/** The metadata of one stored file: from its sidecar when fresh, else rebuilt (and the sidecar rewritten). */
export async function entryOf(dir: string, id: string): Promise<StoreEntry | null> {
  let st;
  try {
    st = await stat(snapshotFile(dir, id));
  } catch {
    return null; // deleted meanwhile
  }
  const cached = await readSidecar(dir, id, st.size, st.mtimeMs);
  if (cached) return cached;
  try {
    const { snapshot, savedAs } = loadDocument(await readFile(snapshotFile(dir, id)));
    const saved = savedAs ?? { name: id, note: '', savedAt: st.mtime.toISOString() };
    const meta = metaOf(id, snapshot, saved, st.size);
    await writeSidecar(dir, meta).catch(() => undefined); // a read-only store still lists
    return meta;
  } catch (error) {
    return {
      id,
      name: id,
      note: '',
      host: '',
      target: '',
      capturedAt: '',
      savedAt: st.mtime.toISOString(),
      bytes: st.size,
      containers: 0,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
