// One connection of a live session and what goes with it: its resources, the capturer that owns what
// updates reuse, the events not yet captured, the timers of its refresh and follow-ups, its counters.
// A lost connection drops the whole link; the next one starts afresh.
import type { Capturer } from '../capture/capturer.js';
import type { Connection } from '../connection/types.js';
import type { Snapshot } from '../model/snapshot.js';
import { CountersFeed } from './counters-delta.js';
import { createDebouncer, type Debouncer } from './debounce.js';
import { Disposables } from './disposables.js';

/** First delay before looking again at a container caught starting or stopping (doubles each time). */
export const FOLLOW_UP_MS = 250;

/**
 * Most containers one update names. Beyond, the update lists the containers instead (one call, and
 * only those whose listing moved are inspected): cheaper than inspecting each, and what the link
 * holds between captures stays this small whatever the storm.
 */
export const MAX_NAMED = 256;

/**
 * Containers (and as many other namespaces) one slice of a reconcile reads again. Each namespace
 * costs ~15 ms at a thousand containers: a slice of 5 takes ~0.2 s there, about what an event's
 * update does, and an event waits at most that long (a slice of 50 took ~1 s).
 */
export const RECHECK_SLICE = 5;

/** After a slice, a pause this many times as long as it took: a reconcile uses at most a fifth of the time. */
export const SLICE_PAUSE = 4;

export interface Link {
  conn: Connection;
  res: Disposables;
  debouncer: Debouncer;
  sentFull: boolean;
  /** Counters of this link, sent as deltas (the first poll's whole). */
  counters: CountersFeed;
  running: Promise<Snapshot> | null;
  queued: Promise<Snapshot> | null;
  /** Owns what the next update starts from (it dies with the link). */
  capturer: Capturer;
  /** Containers named by events since the last capture began (at most MAX_NAMED; see nameChanged). */
  changed: Set<string>;
  /** More than MAX_NAMED were named: the next capture lists the containers instead. */
  listAll: boolean;
  /** A network was created or removed since the last capture began. */
  networks: boolean;
  /** The next capture must be a full one. */
  wantFull: boolean;
  /** When the last reconcile began (a full capture, or the first slice of one in slices). */
  lastReconcileAt: number;
  /** A reconcile in slices is under way, begun at this time (else null). */
  reconcilingSince: number | null;
  cancelRefresh: (() => void) | null;
  /** The next slice of a reconcile under way, waiting for the link to be idle. */
  cancelSlice: (() => void) | null;
  /** A look again at containers caught starting or stopping, and how many in a row there were. */
  cancelFollowUp: (() => void) | null;
  followUps: number;
  /** Captures begun on this link, and the number of the last finished one (the auditor reads them). */
  begun: number;
  finishedBegun: number;
}

export function createLink(o: {
  conn: Connection;
  capturer: Capturer;
  pollIntervalMs: number;
  debounce: { waitMs: number; maxWaitMs: number };
  onDebounced: () => void;
}): Link {
  const res = new Disposables();
  return {
    conn: o.conn,
    res,
    debouncer: createDebouncer(o.onDebounced, { ...o.debounce, timers: res }),
    sentFull: false,
    counters: new CountersFeed(o.pollIntervalMs),
    running: null,
    queued: null,
    capturer: o.capturer,
    changed: new Set(),
    listAll: false,
    networks: false,
    wantFull: true,
    lastReconcileAt: 0,
    reconcilingSince: null,
    cancelRefresh: null,
    cancelSlice: null,
    cancelFollowUp: null,
    followUps: 0,
    begun: 0,
    finishedBegun: 0,
  };
}

/** Notes a container the next capture must look at again. */
export function nameChanged(l: Link, id: string): void {
  if (l.listAll) return;
  l.changed.add(id);
  if (l.changed.size > MAX_NAMED) {
    l.changed = new Set();
    l.listAll = true;
  }
}

/** The containers the next capture names (none: it lists them all), and forgets them. */
export function takeChanged(l: Link): Set<string> {
  const changed = l.listAll ? new Set<string>() : l.changed;
  l.changed = new Set();
  l.listAll = false;
  return changed;
}
