// A live session's timeline on disk (see format.ts): one recorder per host, and the readers.
import type { Snapshot } from '../model/snapshot.js';
import type { HistoryPoint } from '../model/wire.js';
import type { HistoryOptions } from './format.js';
import { listPoints, recordedHosts, snapshotAt, type PointQuery } from './reader.js';
import { createRecorder, type Recorder, type RecorderDeps } from './recorder.js';

export type { HistoryOptions } from './format.js';
export type { PointQuery } from './reader.js';
export type { Recorder } from './recorder.js';

export interface History {
  readonly root: string;
  /** The recorder of a host (one per host, kept across reconnects). */
  recorder(hostId: string): Recorder;
  points(hostId: string, query?: PointQuery): Promise<HistoryPoint[]>;
  /** The host as recorded at `at` (ms since the epoch), or null when nothing was recorded by then. */
  at(hostId: string, at: number): Promise<Snapshot | null>;
  hosts(): Promise<string[]>;
  /** Waits for every recorder to finish writing. */
  flush(): Promise<void>;
}

export function openHistory(root: string, options: HistoryOptions = {}, deps: RecorderDeps = {}): History {
  const recorders = new Map<string, Recorder>();
  return {
    root,
    recorder(hostId) {
      let r = recorders.get(hostId);
      if (!r) {
        r = createRecorder(root, hostId, options, deps);
        recorders.set(hostId, r);
      }
      return r;
    },
    points: (hostId, query) => listPoints(root, hostId, query),
    at: (hostId, at) => snapshotAt(root, hostId, at),
    hosts: () => recordedHosts(root),
    flush: async () => {
      await Promise.all([...recorders.values()].map((r) => r.flush()));
    },
  };
}
