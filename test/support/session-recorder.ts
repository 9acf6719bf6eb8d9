// Plays the renderer for session tests: records every pushed event and keeps a client-side view of
// the host by applying each patch to the last full snapshot, as the UI does.
import type { CountersEvent, EventPayloads, SnapshotPatch } from '../../src/api/contract.js';
import { applyPatch } from '../../src/model/patch.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import type { HostEmit, HostEventName } from '../../src/session/host-session.js';

export type RecordedEvent = {
  [E in HostEventName]: { event: E; payload: EventPayloads[E]; at: number };
}[HostEventName];

export interface SessionRecorder {
  emit: HostEmit;
  events: RecordedEvent[];
  /** The client's view: last full snapshot with every later patch applied. */
  view(): Snapshot | null;
  snapshots(): Snapshot[];
  patches(): SnapshotPatch[];
  counters(): CountersEvent[];
  states(): string[];
  /** Patches that did not apply (base mismatch, invalid item): must stay empty. */
  patchErrors: Error[];
}

export function sessionRecorder(onEvent?: (event: RecordedEvent) => void): SessionRecorder {
  const events: RecordedEvent[] = [];
  const patchErrors: Error[] = [];
  let view: Snapshot | null = null;
  const payloads = <E extends HostEventName>(name: E) =>
    events.filter((e) => e.event === name).map((e) => e.payload as EventPayloads[E]);
  return {
    emit: (event, payload) => {
      const recorded = { event, payload, at: Date.now() } as RecordedEvent;
      events.push(recorded);
      if (recorded.event === 'host:snapshot') view = recorded.payload.snapshot;
      if (recorded.event === 'host:patch' && view) {
        try {
          view = applyPatch(view, recorded.payload.patch);
        } catch (error) {
          patchErrors.push(error as Error);
        }
      }
      onEvent?.(recorded);
    },
    events,
    view: () => view,
    snapshots: () => payloads('host:snapshot').map((p) => p.snapshot),
    patches: () => payloads('host:patch').map((p) => p.patch),
    counters: () => payloads('host:counters').map((p) => p.counters),
    states: () => payloads('host:status').map((p) => p.status.state),
    patchErrors,
  };
}

/** Counts of active handles by type (Timeout, PipeWrap, TCPWrap, ProcessWrap…). */
export function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

/** Resource types with more handles now than in `baseline`; empty when nothing was left behind. */
export function leftOver(baseline: Record<string, number>): Record<string, number> {
  const extra: Record<string, number> = {};
  for (const [type, n] of Object.entries(activeResources()))
    if (n > (baseline[type] ?? 0)) extra[type] = n - (baseline[type] ?? 0);
  return extra;
}
