// Reading a snapshot from untrusted bytes: gzip or plain, JSON, ours or not, which version, migrated
// to the current one and validated. Every failure is one sentence naming the problem (and the field).
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { ApiError } from '../api/contract.js';
import { SNAPSHOT_FILE_MAX_BYTES, SNAPSHOT_NAME_MAX, SNAPSHOT_NOTE_MAX } from '../model/limits.js';
import { Snapshot } from '../model/snapshot.js';
import {
  CURRENT_SNAPSHOT_VERSION,
  SNAPSHOT_MIGRATIONS,
  type MigrationRegistry,
  type SnapshotDocument,
} from './migrations.js';

export type LoadFailure = 'not-json' | 'foreign' | 'newer' | 'too-old' | 'invalid' | 'too-large';

export class SnapshotLoadError extends ApiError {
  constructor(
    readonly reason: LoadFailure,
    message: string,
    /** Field path of the first problem, e.g. `containers[3].name`. */
    readonly field?: string,
  ) {
    super('bad-request', message);
    this.name = 'SnapshotLoadError';
  }
}

/** What the store keeps beside the snapshot in its own file (ignored by anything else reading it). */
export const SavedAs = z.object({
  name: z.string().min(1).max(SNAPSHOT_NAME_MAX),
  note: z.string().max(SNAPSHOT_NOTE_MAX),
  savedAt: z.string(),
});
export type SavedAs = z.infer<typeof SavedAs>;

export interface LoadOptions {
  migrations?: MigrationRegistry;
}

export interface LoadedDocument {
  snapshot: Snapshot;
  savedAs: SavedAs | null;
}

const MAX_BYTES = SNAPSHOT_FILE_MAX_BYTES;
const MAX_MB = MAX_BYTES / (1024 * 1024);
const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

function decode(input: string | Uint8Array): string {
  let bytes: Uint8Array | null = typeof input === 'string' ? null : input;
  // Gzip that travelled as text (an upload through the API) arrives base64-encoded: it starts with H4sI.
  if (typeof input === 'string' && input.startsWith('H4sI')) bytes = Buffer.from(input, 'base64');
  if (bytes && isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_BYTES });
    } catch (error) {
      const tooBig =
        error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
      throw new SnapshotLoadError(
        tooBig ? 'too-large' : 'not-json',
        tooBig
          ? `gzip content is larger than ${MAX_MB} MB`
          : 'not a readable gzip file (truncated or corrupt)',
      );
    }
  }
  const text = bytes ? utf8(bytes) : (input as string);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Strict: a byte that is not UTF-8 is an error, not a U+FFFD that would change names silently. */
function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new SnapshotLoadError('not-json', 'not UTF-8 text (a snapshot file is UTF-8 JSON)');
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(top level)';
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

function valueAt(doc: unknown, path: readonly PropertyKey[]): unknown {
  let v = doc;
  for (const p of path)
    v = typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

function invalid(error: z.ZodError, doc: unknown): SnapshotLoadError {
  const [first] = error.issues;
  if (!first) return new SnapshotLoadError('invalid', 'not a valid snapshot');
  const field = formatPath(first.path);
  const message =
    first.code === 'invalid_type'
      ? `expected ${first.expected}, got ${describe(valueAt(doc, first.path))}`
      : first.message.replace(/^Invalid (input|option): /, '');
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problems)` : '';
  return new SnapshotLoadError('invalid', `${field}: ${message}${more}`, field);
}

function upgrade(doc: SnapshotDocument, migrations: MigrationRegistry): SnapshotDocument {
  const schema = doc.schema;
  if (typeof schema !== 'string' || !schema.startsWith('netlens.snapshot/')) {
    throw new SnapshotLoadError('foreign', 'not a Netlens snapshot');
  }
  const match = /^netlens\.snapshot\/v(\d+)$/.exec(schema);
  if (!match)
    throw new SnapshotLoadError(
      'foreign',
      `not a Netlens snapshot (unknown schema "${schema.slice(0, 60)}")`,
    );
  let version = Number(match[1]);
  if (version > CURRENT_SNAPSHOT_VERSION) {
    throw new SnapshotLoadError(
      'newer',
      `made by a newer Netlens (v${version}); this one reads v${CURRENT_SNAPSHOT_VERSION}`,
    );
  }
  let current = doc;
  while (version < CURRENT_SNAPSHOT_VERSION) {
    const step = migrations[version];
    if (!step)
      throw new SnapshotLoadError(
        'too-old',
        `snapshot format v${version} is too old: no upgrade to v${version + 1}`,
      );
    current = step(current);
    version += 1;
  }
  return current;
}

/** Parses, migrates and validates a stored or imported document, keeping the store's `savedAs` block. */
export function loadDocument(input: string | Uint8Array, options: LoadOptions = {}): LoadedDocument {
  const text = decode(input);
  if (text.length > MAX_BYTES)
    throw new SnapshotLoadError('too-large', `snapshot is larger than ${MAX_MB} MB`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new SnapshotLoadError('not-json', `not JSON (${(error as Error).message.split('\n')[0]})`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new SnapshotLoadError('foreign', 'not a Netlens snapshot');
  }
  const upgraded = upgrade(doc as SnapshotDocument, options.migrations ?? SNAPSHOT_MIGRATIONS);
  const parsed = Snapshot.safeParse(upgraded);
  if (!parsed.success) throw invalid(parsed.error, upgraded);
  const saved = SavedAs.safeParse(upgraded.savedAs);
  return { snapshot: parsed.data, savedAs: saved.success ? saved.data : null };
}

/** A validated snapshot from text or bytes (plain or gzipped JSON). Throws SnapshotLoadError. */
export function loadSnapshot(input: string | Uint8Array, options: LoadOptions = {}): Snapshot {
  return loadDocument(input, options).snapshot;
}
