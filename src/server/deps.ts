// What the back end needs from the rest of Netlens, as small interfaces: the real session,
// store and diff modules are adapted to these in wire.ts, and tests pass fakes.
import type {
  CountersEvent,
  EventName,
  EventPayloads,
  HistoryPoint,
  SnapshotMeta,
  SnapshotPatch,
} from '../api/contract.js';
import type { ParseTargetOptions, Target } from '../connection/ssh/target.js';
import type { CompareOptions, SnapshotDiff } from '../model/diff-types.js';
import type { ConnectSettings } from './host-record.js';
import type { Snapshot } from '../model/snapshot.js';

/** Pushes one event; the back end forwards it to every transport. */
export type Emit = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;

/** One live host: connection + capture + Docker events + counters, owned by the session module. */
export interface LiveSession {
  /** Connects and delivers the first `host:snapshot`; rejects when the host cannot be reached. */
  start(): Promise<void>;
  captureNow(): Promise<Snapshot>;
  current(): Snapshot | null;
  /** Every counter of the last poll as one full event; null before the first poll. */
  counters(): CountersEvent | null;
  dispose(): Promise<void>;
}

export type CreateSession = (options: {
  /** The target as the user wrote it (trimmed), or `local`. */
  hostId: string;
  /** The same target parsed and resolved against the ssh config when the connect was asked for. */
  target: Target;
  emit: Emit;
  /** Trust any first-seen host key (the CLI's --accept-new-host-key). */
  acceptNewHostKey?: boolean;
  /** The saved host's settings, and the fingerprints a person trusted in the app for this connect. */
  settings?: ConnectSettings & { trustedFingerprints?: string[] };
}) => LiveSession;

export interface SaveOptions {
  name: string;
  note?: string;
}

/** The snapshot store (files on disk). Methods reject with an error carrying a WireError code when they can. */
export interface SnapshotStore {
  save(snapshot: Snapshot, options: SaveOptions): Promise<SnapshotMeta>;
  list(): Promise<SnapshotMeta[]>;
  open(id: string): Promise<Snapshot>;
  rename(id: string, name: string): Promise<SnapshotMeta>;
  delete(id: string): Promise<void>;
  importFile(fileName: string, content: string): Promise<SnapshotMeta>;
  exportSnapshot(id: string, options: { redact: boolean }): Promise<{ fileName: string; content: string }>;
}

export type DiffSnapshots = (
  a: Snapshot,
  b: Snapshot,
  labels: { a: string; b: string },
  options?: CompareOptions,
) => SnapshotDiff;

/** The timelines of live sessions (src/history): a recorder per host, and the readers. */
export interface HistoryStore {
  recorder(hostId: string): {
    full(snapshot: Snapshot): void;
    patch(patch: SnapshotPatch, current: () => Snapshot | null): void;
  };
  points(hostId: string, query: { since?: number; until?: number; limit?: number }): Promise<HistoryPoint[]>;
  at(hostId: string, at: number): Promise<Snapshot | null>;
}

export interface BackendDeps {
  createSession: CreateSession;
  store: SnapshotStore;
  diff: DiffSnapshots;
  /** Records live sessions and reads them back; absent when recording is off. */
  history?: HistoryStore;
  /** JSON file that keeps the SSH targets the user added. */
  hostsFile: string;
  /** How targets are parsed (ssh config file, home, local user): the same options `connect` uses. */
  targetOptions?: ParseTargetOptions;
  /** One-line notices (a bad hosts file set aside, …). */
  log?: (line: string) => void;
}
