// What a host session is given and what it offers; the implementation is host-session.ts.
import type { ConnectionStatus, CountersEvent, EventName, EventPayloads } from '../api/contract.js';
import type { Capturer } from '../capture/capturer.js';
import type { CountersSample } from '../collect/counters/counters.js';
import type { Stage } from '../collect/stage-clock.js';
import type { Connection } from '../connection/types.js';
import type { Snapshot } from '../model/snapshot.js';
import type { AuditOptions } from './audit.js';
import type { BackoffOptions } from './backoff.js';
import type { DockerEvent } from './docker-events.js';

export type HostEventName = Exclude<EventName, 'hosts:changed'>;
export type HostEmit = <E extends HostEventName>(event: E, payload: EventPayloads[E]) => void;

export interface HostSessionOptions {
  target: string;
  /** Id used in emitted events; the target when omitted. */
  hostId?: string;
  connect: (target: string) => Promise<Connection>;
  /** The capturer of a new connection (src/capture/): it keeps what its updates reuse. */
  createCapturer: (conn: Connection, target: string) => Capturer;
  emit: HostEmit;
  /** Counters poll period; 0 turns counters off. Default 2000. */
  pollIntervalMs?: number;
  /** Quiet time after the last Docker event before re-capturing (events come in bursts). Default 20. */
  debounceMs?: number;
  /** Longest delay between the first event of a burst and the re-capture. Default 400. */
  maxWaitMs?: number;
  /** With no Docker event for this long, re-read anyway (changes Docker does not announce). Default 15000; 0 = never. */
  refreshMs?: number;
  /** How often everything is read again (in slices between events' updates, see rotation.ts). Default 120000. */
  reconcileMs?: number;
  backoff?: BackoffOptions;
  /** Replaceable for tests; defaults to the real counters script. */
  pollCounters?: (conn: Connection, snapshot: Snapshot) => Promise<CountersSample>;
  /** Longest wait in dispose() for work in flight once the connection is closed. Default 10000. */
  disposeTimeoutMs?: number;
  /** Called for each relevant Docker event (after it is queued), for diagnostics and benchmarks. */
  onDockerEvent?: (event: DockerEvent) => void;
  /**
   * Debug and test mode: every `intervalMs` compare the live view with a fresh full capture and report
   * what differs (audit.ts; `NETLENS_AUDIT=<seconds>` turns it on in `serve` and the app).
   */
  audit?: AuditOptions & { settleMs?: number };
  /** Benchmarks: where each capture's time went (measured only when this is set). */
  onCaptureTimings?: (timings: CaptureTimings) => void;
}

/** One capture's stage times, reported just before its snapshot or patch is emitted. */
export interface CaptureTimings {
  hostId: string;
  kind: 'full' | 'update';
  /** capturedAt of the snapshot (the patch's capturedAt). */
  capturedAt: string;
  /** Epoch ms (fractional) when the capture began and when its result was handed to emit. */
  startedAt: number;
  emittedAt: number;
  /** Milliseconds per stage: docker, exec, parse, build (capture), canonicalise and diff (session). */
  stages: Partial<Record<Stage, number>>;
  /** Whether a patch (or the first snapshot) was emitted; false when nothing changed. */
  emitted: boolean;
}

export interface HostSession {
  readonly hostId: string;
  /**
   * Connects and delivers the first `host:snapshot`. Rejects (status `error`) when the first attempt
   * fails; once live, a lost connection is retried with backoff until dispose(). In state `error`,
   * calling start() again makes a new attempt.
   */
  start(): Promise<void>;
  /** A fresh capture now (a patch is emitted too); rejects unless live. */
  captureNow(): Promise<Snapshot>;
  current(): Snapshot | null;
  /** Every counter of the last poll as one full event (later events are deltas); null before it. */
  counters(): CountersEvent | null;
  status(): ConnectionStatus;
  /** Releases every stream, timer, listener and the connection; emits a final `disconnected`. */
  dispose(): Promise<void>;
  /** Names of what is open right now (empty after dispose): for tests and diagnostics. */
  openResources(): string[];
}
