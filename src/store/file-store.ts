// The snapshot store: one JSON file per snapshot (`<id>.json`, the snapshot plus a `savedAs` block with
// name, note and save time) and a sidecar `<id>.meta.json` for cheap listing. Errors are ApiErrors with
// WireError codes, so transports can pass them on as they are.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ApiError, type SnapshotMeta } from '../api/contract.js';
import { SNAPSHOT_FILE_MAX_BYTES, SNAPSHOT_NAME_MAX, SNAPSHOT_NOTE_MAX } from '../model/limits.js';
import { Snapshot } from '../model/snapshot.js';
import { cmp } from '../model/order.js';
import { redactSnapshot } from '../redact/redact-snapshot.js';
import { newRedactionKey } from '../redact/redactor.js';
import { isTempName, writeFileAtomic } from './atomic-write.js';
import { readFileLimited } from './read-limited.js';
import { loadDocument, SnapshotLoadError, type LoadedDocument, type SavedAs } from './load-snapshot.js';
import { assertValidId, idOfEntry, metaFile, snapshotFile } from './paths.js';
import { entryOf, metaOf, writeSidecar, type StoreEntry } from './sidecar.js';

export interface SaveOptions {
  name: string;
  note?: string;
  /** Replace the snapshot stored under this id instead of making a new one. */
  id?: string;
}

export interface ExportOptions {
  redact?: boolean;
  /** Redaction key; give the same one to every export that should stay comparable. Default: a fresh one. */
  key?: string | Uint8Array;
}

export interface SnapshotFileStore {
  readonly dir: string;
  save(snapshot: Snapshot, options: SaveOptions): Promise<SnapshotMeta>;
  list(): Promise<StoreEntry[]>;
  open(id: string): Promise<Snapshot>;
  meta(id: string): Promise<StoreEntry>;
  rename(id: string, name: string): Promise<SnapshotMeta>;
  delete(id: string): Promise<void>;
  /** `importFile(path)` reads a file; `importFile(fileName, content)` takes its content (text, base64 gzip or bytes). */
  importFile(fileNameOrPath: string, content?: string | Uint8Array): Promise<SnapshotMeta>;
  exportSnapshot(id: string, options?: ExportOptions): Promise<{ fileName: string; content: string }>;
}

const STALE_TEMP_MS = 60 * 60 * 1000;

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > SNAPSHOT_NAME_MAX)
    throw new ApiError('bad-request', `a snapshot name needs 1 to ${SNAPSHOT_NAME_MAX} characters`);
  return trimmed;
}

// A longer note would be written, then not read back (load-snapshot.ts checks the same limit).
function checkNote(note: string): string {
  if (note.length > SNAPSHOT_NOTE_MAX)
    throw new ApiError('bad-request', `a snapshot note has at most ${SNAPSHOT_NOTE_MAX} characters`);
  return note;
}

function newId(at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

function slug(text: string): string {
  return (
    text
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[-.]+|-+$/g, '')
      .slice(0, 80) || 'snapshot'
  );
}

export function openStore(dir: string): SnapshotFileStore {
  const ensureDir = () => mkdir(dir, { recursive: true, mode: 0o700 });

  async function read(id: string): Promise<LoadedDocument> {
    let bytes: Buffer;
    try {
      bytes = await readFile(snapshotFile(dir, id));
    } catch (error) {
      if (isMissing(error)) throw new ApiError('not-found', `no saved snapshot with id "${id}"`);
      throw error;
    }
    try {
      return loadDocument(bytes);
    } catch (error) {
      if (error instanceof SnapshotLoadError) {
        throw new SnapshotLoadError(error.reason, `snapshot ${id}: ${error.message}`, error.field);
      }
      throw error;
    }
  }

  async function write(id: string, snapshot: Snapshot, saved: SavedAs): Promise<SnapshotMeta> {
    await ensureDir();
    const text = `${JSON.stringify({ ...snapshot, savedAs: saved })}\n`;
    await writeFileAtomic(snapshotFile(dir, id), text);
    const meta = metaOf(id, snapshot, saved, Buffer.byteLength(text));
    await writeSidecar(dir, meta);
    return meta;
  }

  async function freshId(at: Date): Promise<string> {
    for (;;) {
      const id = newId(at);
      try {
        await stat(snapshotFile(dir, id));
      } catch (error) {
        if (isMissing(error)) return id;
        throw error;
      }
    }
  }

  async function removeStaleTemps(names: string[]): Promise<void> {
    // A writer killed mid-write leaves its temp file; an hour later nobody is still writing it.
    for (const name of names.filter(isTempName)) {
      const file = join(dir, name);
      const st = await stat(file).catch(() => null);
      if (st && Date.now() - st.mtimeMs > STALE_TEMP_MS) await rm(file, { force: true });
    }
  }

  const store: SnapshotFileStore = {
    dir,
    async save(snapshot, options) {
      const valid = Snapshot.parse(snapshot);
      const at = new Date();
      const id = options.id !== undefined ? assertValidId(options.id) : await freshId(at);
      return write(id, valid, {
        name: checkName(options.name),
        note: checkNote(options.note ?? ''),
        savedAt: at.toISOString(),
      });
    },

    async list() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (error) {
        if (isMissing(error)) return [];
        throw error;
      }
      await removeStaleTemps(names);
      const ids = names.map(idOfEntry).filter((id): id is string => id !== null);
      const entries = (await Promise.all(ids.map((id) => entryOf(dir, id)))).filter(
        (e): e is StoreEntry => e !== null,
      );
      // Newest first; ties (same second) by id, so the order is stable.
      return entries.sort((a, b) => cmp(b.savedAt, a.savedAt) || cmp(a.id, b.id));
    },

    async open(id) {
      return (await read(assertValidId(id))).snapshot;
    },

    async meta(id) {
      const entry = await entryOf(dir, assertValidId(id));
      if (!entry) throw new ApiError('not-found', `no saved snapshot with id "${id}"`);
      return entry;
    },

    async rename(id, name) {
      const { snapshot, savedAs } = await read(assertValidId(id));
      const saved = savedAs ?? { name: id, note: '', savedAt: new Date().toISOString() };
      return write(id, snapshot, { ...saved, name: checkName(name) });
    },

    async delete(id) {
      try {
        await rm(snapshotFile(dir, assertValidId(id)));
      } catch (error) {
        if (isMissing(error)) throw new ApiError('not-found', `no saved snapshot with id "${id}"`);
        throw error;
      }
      await rm(metaFile(dir, id), { force: true });
    },

    async importFile(fileNameOrPath, content) {
      let input = content;
      if (input === undefined) {
        input = await readFileLimited(fileNameOrPath, SNAPSHOT_FILE_MAX_BYTES).catch((error: unknown) => {
          throw isMissing(error) ? new ApiError('not-found', `no such file: ${fileNameOrPath}`) : error;
        });
      }
      const { snapshot, savedAs } = loadDocument(input);
      const base = basename(fileNameOrPath).replace(/(\.netlens)?\.json(\.gz)?$|\.gz$/i, '');
      const name = savedAs?.name ?? (base || `${snapshot.host.name} ${snapshot.capturedAt}`);
      return store.save(snapshot, {
        name: name.slice(0, SNAPSHOT_NAME_MAX),
        note: savedAs?.note ?? `imported from ${basename(fileNameOrPath)}`,
      });
    },

    async exportSnapshot(id, options = {}) {
      const { snapshot, savedAs } = await read(assertValidId(id));
      if (options.redact) {
        // The name and note are the user's words and may say what the host is: left out of redacted files.
        const redacted = redactSnapshot(snapshot, options.key ?? newRedactionKey());
        return {
          fileName: `snapshot-${id}-redacted.netlens.json`,
          content: `${JSON.stringify(redacted, null, 2)}\n`,
        };
      }
      const body = savedAs ? { ...snapshot, savedAs } : snapshot;
      return {
        fileName: `${slug(savedAs?.name ?? id)}.netlens.json`,
        content: `${JSON.stringify(body, null, 2)}\n`,
      };
    },
  };
  return store;
}
