// Records one host's live session: the first snapshot and every patch the session sends, appended to
// the current segment; a new segment (starting with the full snapshot of that moment) when the current
// one is old or large; then the oldest segments are removed to stay within the size and age bounds.
// It keeps no snapshot itself (the session holds the current one), and what waits to be written is
// bounded (maxPendingBytes: a slow disk costs a gap in the timeline, not memory), so memory stays
// flat; files are 0600 in a 0700 folder: they describe a network.
import { appendFile, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Snapshot } from '../model/snapshot.js';
import type { SnapshotPatch } from '../model/wire.js';
import { ChangeWords } from './changes.js';
import {
  HISTORY_VERSION,
  HOST_FILE,
  hostFolder,
  resolveOptions,
  segmentName,
  segmentStart,
  type HistoryOptions,
} from './format.js';

export interface Recorder {
  /** A full snapshot (the session's first, or after a reconnect). */
  full(snapshot: Snapshot): void;
  /** A patch; `current` gives the snapshot it led to, written instead when a new segment starts. */
  patch(patch: SnapshotPatch, current: () => Snapshot | null): void;
  /** Resolves when everything recorded so far is written. */
  flush(): Promise<void>;
  /** Bytes of lines queued and not yet written (at most maxPendingBytes, or one line when alone). */
  pendingBytes(): number;
}

/** Distinct write errors logged per recorder (each once); later ones are not kept. */
const MAX_LOGGED = 16;

export interface RecorderDeps {
  log?: (line: string) => void;
  /** For tests: the clock the age bound is measured with. */
  now?: () => number;
}

export function createRecorder(
  root: string,
  hostId: string,
  options: HistoryOptions = {},
  deps: RecorderDeps = {},
): Recorder {
  const o = resolveOptions(options);
  const dir = hostFolder(root, hostId);
  const now = deps.now ?? Date.now;
  const words = new ChangeWords();
  let segment: string | null = null;
  let queue: Promise<void> = Promise.resolve();
  let ready = false;
  let pending = 0;
  const logged = new Set<string>();

  const run = (work: () => Promise<void>) => {
    queue = queue.then(work).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      // A full disk must not break the live view: say it once, keep trying.
      if (logged.has(message) || logged.size >= MAX_LOGGED) return;
      deps.log?.(`netlens: history of ${hostId} not recorded: ${message}`);
      logged.add(message);
    });
  };

  async function prepare(): Promise<void> {
    if (ready) return;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(join(dir, HOST_FILE), `${JSON.stringify({ hostId })}\n`, { mode: 0o600 });
    ready = true;
  }

  /** Removes whole segments, oldest first, beyond the size bound or entirely older than the age bound. */
  async function prune(current: string): Promise<void> {
    const names = (await readdir(dir)).filter((n) => segmentStart(n) !== null).sort();
    const sizes = await Promise.all(names.map(async (n) => (await stat(join(dir, n))).size));
    let total = sizes.reduce((a, b) => a + b, 0);
    const cutoff = now() - o.maxAgeMs;
    for (const [i, name] of names.entries()) {
      const path = join(dir, name);
      if (path === current) break;
      const next = segmentStart(names[i + 1] ?? '') ?? Infinity;
      if (total <= o.maxBytes && next >= cutoff) break;
      await rm(path, { force: true });
      total -= sizes[i] ?? 0;
    }
  }

  /** Whether a line of `bytes` may join the queue (alone it always may: a big host's snapshot). */
  const fits = (bytes: number) => pending === 0 || pending + bytes <= o.maxPendingBytes;

  function write(t: string, line: string, fresh: boolean): void {
    const ms = Date.parse(t);
    pending += line.length;
    run(async () => {
      try {
        await prepare();
        if (fresh || segment === null) {
          segment = join(dir, segmentName(ms));
          await appendFile(segment, line, { mode: 0o600 });
          await prune(segment);
          return;
        }
        await appendFile(segment, line, { mode: 0o600 });
      } finally {
        pending -= line.length;
      }
    });
  }

  const fullLine = (s: Snapshot, changes: string[]) =>
    `${JSON.stringify({ v: HISTORY_VERSION, t: s.capturedAt, kind: 'full', changes, snapshot: s })}\n`;

  // What decides a new segment runs before the write is queued, on what was queued before it.
  let planned: { start: number; bytes: number } | null = null;
  return {
    full(snapshot) {
      const changes = words.full(snapshot);
      // The queue is full (the disk is behind): a gap; the next patch that fits starts a segment.
      const line = pending < o.maxPendingBytes ? fullLine(snapshot, changes) : null;
      if (line === null || !fits(line.length)) {
        planned = null;
        return;
      }
      planned = { start: Date.parse(snapshot.capturedAt), bytes: line.length };
      write(snapshot.capturedAt, line, true);
    },
    patch(patch, current) {
      const changes = words.patch(patch);
      const t = Date.parse(patch.capturedAt);
      const due = planned === null || t - planned.start >= o.keyframeMs || planned.bytes >= o.segmentBytes;
      const snapshot = due && pending < o.maxPendingBytes ? current() : null;
      if (snapshot && snapshot.capturedAt === patch.capturedAt) {
        const line = fullLine(snapshot, changes);
        if (!fits(line.length)) {
          planned = null;
          return;
        }
        planned = { start: t, bytes: line.length };
        write(patch.capturedAt, line, true);
        return;
      }
      if (planned === null) return; // nothing to apply the patch to
      const line = `${JSON.stringify({ v: HISTORY_VERSION, t: patch.capturedAt, kind: 'patch', changes, patch })}\n`;
      // Dropping a patch breaks the chain: nothing more until a new segment starts with a whole snapshot.
      if (!fits(line.length)) {
        planned = null;
        return;
      }
      planned.bytes += line.length;
      write(patch.capturedAt, line, false);
    },
    flush: () => queue,
    pendingBytes: () => pending,
  };
}
