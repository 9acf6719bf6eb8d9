// The timeline of a live session on disk: one folder per host beside the snapshot store, holding
// segments `<start ms>.jsonl`. A segment starts with a full snapshot (a keyframe) and goes on with the
// patches the session sent, one JSON line each, so any recorded moment is the keyframe before it plus
// the patches up to it. Lines are written `{"v","t","kind","changes",…}` in that order, so a listing
// reads the small head of a line without parsing the snapshot behind it.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { Snapshot } from '../model/snapshot.js';

export const HISTORY_VERSION = 1;

export interface HistoryOptions {
  /** Largest total size of one host's segments (bytes); the oldest segments go first. Default 64 MiB. */
  maxBytes?: number;
  /** Segments whose every moment is older than this are removed (ms). Default 24 h. */
  maxAgeMs?: number;
  /** A new segment (starting with a full snapshot) at least this often (ms). Default 10 min. */
  keyframeMs?: number;
  /** A new segment when the current one is this large (bytes). Default maxBytes / 8, at least 256 KiB. */
  segmentBytes?: number;
  /**
   * Most bytes of lines waiting to be written (a stalled or slow disk); beyond, patches are dropped
   * and the next one that fits starts a new segment with the whole snapshot. Default 8 MiB.
   */
  maxPendingBytes?: number;
}

export interface ResolvedHistoryOptions {
  maxBytes: number;
  maxAgeMs: number;
  keyframeMs: number;
  segmentBytes: number;
  maxPendingBytes: number;
}

export function resolveOptions(o: HistoryOptions = {}): ResolvedHistoryOptions {
  const maxBytes = o.maxBytes ?? 64 * 1024 * 1024;
  return {
    maxBytes,
    maxAgeMs: o.maxAgeMs ?? 24 * 60 * 60 * 1000,
    keyframeMs: o.keyframeMs ?? 10 * 60 * 1000,
    segmentBytes: o.segmentBytes ?? Math.max(256 * 1024, Math.floor(maxBytes / 8)),
    maxPendingBytes: o.maxPendingBytes ?? 8 * 1024 * 1024,
  };
}

/** The head of every line: when, what kind, and what changed in words. */
export const LineHead = z.object({
  v: z.literal(HISTORY_VERSION),
  t: z.iso.datetime({ offset: true }),
  kind: z.enum(['full', 'patch']),
  changes: z.array(z.string()),
});
export type LineHead = z.infer<typeof LineHead>;

export const FullLine = LineHead.extend({ kind: z.literal('full'), snapshot: Snapshot });
/** Patch items are checked by applyPatch when the line is replayed. */
export const PatchLine = LineHead.extend({
  kind: z.literal('patch'),
  patch: z.object({
    base: z.string(),
    capturedAt: z.string(),
    host: z.unknown().optional(),
    firewallBackends: z.unknown().optional(),
    upsert: z.record(z.string(), z.array(z.unknown())),
    remove: z.record(z.string(), z.array(z.string())),
  }),
});

/** The folder of one host: a readable part of its id and a hash, so any target makes a safe name. */
export function hostFolder(root: string, hostId: string): string {
  const slug = hostId.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 40);
  const hash = createHash('sha256').update(hostId).digest('hex').slice(0, 10);
  return join(root, `${slug}-${hash}`);
}

export const HOST_FILE = 'host.json';
const SEGMENT = /^(\d{13})\.jsonl$/;

/** Segment start time from its file name, or null for any other file. */
export function segmentStart(name: string): number | null {
  const m = SEGMENT.exec(name);
  return m?.[1] === undefined ? null : Number(m[1]);
}

export const segmentName = (startMs: number) => `${String(startMs).padStart(13, '0')}.jsonl`;

/** The head of a line (everything before the snapshot or patch), or null when it is not one. */
export function readHead(line: string): LineHead | null {
  const cut = line.search(/,"(snapshot|patch)":/);
  if (cut < 0) return null;
  try {
    const parsed = LineHead.safeParse(JSON.parse(`${line.slice(0, cut)}}`));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
