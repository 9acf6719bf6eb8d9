// Reads a host's recorded timeline: the points (time and what changed) without parsing the snapshots
// behind them, and the host as it was at any recorded moment (the keyframe before it, patched up to
// it). One segment is read at a time, line by line. A line a crash cut short, or a patch that does
// not apply, is skipped (until the next full snapshot), never fatal.
import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { applyPatch } from '../model/patch.js';
import type { Snapshot } from '../model/snapshot.js';
import type { HistoryPoint, SnapshotPatch } from '../model/wire.js';
import { FullLine, HOST_FILE, hostFolder, PatchLine, readHead, segmentStart } from './format.js';

export interface PointQuery {
  /** ms since the epoch */
  since?: number;
  until?: number;
  /** The newest this many points (default 5000). */
  limit?: number;
}

async function segments(dir: string): Promise<{ path: string; start: number }[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names
    .flatMap((name) => {
      const start = segmentStart(name);
      return start === null ? [] : [{ path: join(dir, name), start }];
    })
    .sort((a, b) => a.start - b.start);
}

async function* lines(path: string): AsyncGenerator<string> {
  const input = createReadStream(path, { encoding: 'utf8' });
  try {
    for await (const line of createInterface({ input, crlfDelay: Infinity })) if (line) yield line;
  } catch {
    // removed while read (pruned): what was read stands
  } finally {
    input.destroy();
  }
}

/** Hosts with a recorded timeline under `root`, by the id they were recorded with. */
export async function recordedHosts(root: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return [];
  }
  const ids = await Promise.all(
    names.map(async (name) => {
      try {
        const parsed = JSON.parse(await readFile(join(root, name, HOST_FILE), 'utf8')) as {
          hostId?: unknown;
        };
        return typeof parsed.hostId === 'string' && hostFolder(root, parsed.hostId) === join(root, name)
          ? [parsed.hostId]
          : [];
      } catch {
        return [];
      }
    }),
  );
  return ids.flat().sort();
}

export async function listPoints(root: string, hostId: string, q: PointQuery = {}): Promise<HistoryPoint[]> {
  const since = q.since ?? -Infinity;
  const until = q.until ?? Infinity;
  const limit = q.limit ?? 5000;
  const all = await segments(hostFolder(root, hostId));
  const out: HistoryPoint[] = [];
  for (const [i, seg] of all.entries()) {
    const next = all[i + 1]?.start ?? Infinity;
    if (next < since || seg.start > until) continue;
    for await (const line of lines(seg.path)) {
      const head = readHead(line);
      if (!head) continue;
      const t = Date.parse(head.t);
      if (t < since || t > until) continue;
      out.push({ at: head.t, kind: head.kind, changes: head.changes });
      // Only the newest points are kept: the list never grows past the limit.
      if (out.length > limit) out.shift();
    }
  }
  return out;
}

/** The host as recorded at `at` (ms): the last recorded state at or before it, or null. */
export async function snapshotAt(root: string, hostId: string, at: number): Promise<Snapshot | null> {
  const all = await segments(hostFolder(root, hostId));
  const candidates = all.filter((s) => s.start <= at).reverse();
  for (const seg of candidates) {
    let state: Snapshot | null = null;
    for await (const line of lines(seg.path)) {
      const head = readHead(line);
      if (!head) continue;
      if (Date.parse(head.t) > at) break;
      try {
        const parsed: unknown = JSON.parse(line);
        if (head.kind === 'full') {
          const full = FullLine.safeParse(parsed);
          state = full.success ? full.data.snapshot : null;
        } else if (state) {
          const patch = PatchLine.safeParse(parsed);
          state = patch.success ? applyPatch(state, patch.data.patch as SnapshotPatch) : null;
        }
      } catch {
        state = null; // a cut line or a patch that does not fit: wait for the next full snapshot
      }
    }
    if (state) return state;
  }
  return null;
}
