// Where snapshots live, and which ids may name a file there.
import { join } from 'node:path';
import { ApiError } from '../api/contract.js';
import { SNAPSHOT_ID_PATTERN } from '../model/limits.js';

export { defaultStoreDir } from './default-dir.js';
export type { PlatformInfo } from './default-dir.js';

// SNAPSHOT_ID_PATTERN has no dots or separators (so no traversal and no clash with `<id>.meta.json`);
// on top of it, nothing Windows reserves.
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

export function isValidId(id: string): boolean {
  return SNAPSHOT_ID_PATTERN.test(id) && !WINDOWS_RESERVED.test(id);
}

export function assertValidId(id: string): string {
  if (!isValidId(id))
    throw new ApiError('bad-request', `invalid snapshot id ${JSON.stringify(id.slice(0, 80))}`);
  return id;
}

export const snapshotFile = (dir: string, id: string) => join(dir, `${assertValidId(id)}.json`);
export const metaFile = (dir: string, id: string) => join(dir, `${assertValidId(id)}.meta.json`);

/** The id of a directory entry that is a snapshot file, or null (sidecars, temp files, anything else). */
export function idOfEntry(name: string): string | null {
  if (!name.endsWith('.json') || name.endsWith('.meta.json')) return null;
  const id = name.slice(0, -'.json'.length);
  return isValidId(id) ? id : null;
}
