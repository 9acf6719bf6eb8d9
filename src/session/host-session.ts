// The live view of one host: connect, send a full snapshot, then patches on Docker events (debounced)
// and counters on a timer; on connection loss say so at once and reconnect with backoff. A re-capture
// after events is an update (src/capture/: only what changed is read again); a full capture runs at
// start and on "capture now". Every `reconcileMs` the host is read again whole in slices (see
// capture/rotation.ts), run between events' updates: a full capture of a big host takes seconds, and
// an event arriving during one waited for all of it; now it waits for one slice at most.
import { ApiError } from '../api/contract.js';
import type { ConnectionStatus } from '../api/contract.js';
import type { Captured } from '../capture/capturer.js';
import { pollCounters } from '../collect/counters/counters.js';
import type { CountersSample } from '../collect/counters/counters.js';
import { createStageClock, epochNow, timed } from '../collect/stage-clock.js';
import { errorStatus } from '../connection/error-status.js';
import { ConnectionError } from '../connection/types.js';
import type { Connection } from '../connection/types.js';
import { canonicalise, computePatch, deepEqual } from '../model/patch.js';
import type { Snapshot, Warning } from '../model/snapshot.js';
import { startAudit } from './audit.js';
import { backoffDelay } from './backoff.js';
import { Disposables } from './disposables.js';
import { subscribeDockerEvents } from './docker-events.js';
import type { DockerEvent } from './docker-events.js';
import { fullEvent, type CountersFeed } from './counters-delta.js';
import {
  createLink,
  FOLLOW_UP_MS,
  nameChanged,
  RECHECK_SLICE,
  SLICE_PAUSE,
  takeChanged,
  type Link,
} from './link.js';
import type { HostSession, HostSessionOptions } from './types.js';

export type { CaptureTimings, HostEmit, HostEventName, HostSession, HostSessionOptions } from './types.js';

/** Errors a retry cannot fix: the user has to act. */
const FATAL = new Set<ConnectionError['code']>([
  'auth-failed',
  'host-key-unknown',
  'host-key-changed',
  'bad-target',
  'permission-denied',
]);
const isFatal = (error: unknown) => error instanceof ConnectionError && FATAL.has(error.code);
const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createHostSession(options: HostSessionOptions): HostSession {
  const { target, connect, createCapturer, emit } = options;
  const hostId = options.hostId ?? target;
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  const refreshMs = options.refreshMs ?? 15_000;
  const reconcileMs = options.reconcileMs ?? 120_000;
  const poll = options.pollCounters ?? ((conn, snapshot) => pollCounters(conn, snapshot));
  const root = new Disposables();
  const inflight = new Set<Promise<unknown>>();
  let status: ConnectionStatus = { state: 'disconnected' };
  let snapshot: Snapshot | null = null;
  let lastWarnings: Warning[] | null = null;
  /** The feed of the link that polled last: its table answers counters(). */
  let feed: CountersFeed | null = null;
  let link: Link | null = null;
  let attempt = 0;
  let lastEventNano: string | null = null;
  let started: Promise<void> | null = null;
  let disposed = false;
  /** Whether a first full snapshot was delivered: only then are failures retried. */
  let everLive = false;

  const setStatus = (next: ConnectionStatus) => {
    status = next;
    if (!disposed) emit('host:status', { hostId, status });
  };
  const track = <T>(p: Promise<T>): Promise<T> => {
    inflight.add(p);
    const done = () => inflight.delete(p);
    p.then(done, done);
    return p;
  };
  const isCurrent = (l: Link) => !disposed && link === l;

  async function teardown(l: Link): Promise<void> {
    l.debouncer.cancel();
    await l.res.disposeAll();
  }

  function scheduleRetry(reason: string): void {
    attempt += 1;
    const delay = backoffDelay(attempt, options.backoff);
    setStatus({
      state: 'reconnecting',
      attempt,
      nextRetryAt: new Date(Date.now() + delay).toISOString(),
      reason,
    });
    root.timeout('reconnect timer', delay, () => void track(open()).catch(() => undefined));
  }

  /** The link failed (connection closed, events stream ended, capture or poll failed). */
  function lost(l: Link, error: unknown): void {
    if (!isCurrent(l)) return;
    link = null;
    void track(teardown(l));
    failed(error);
  }

  /** Retries when that can help; else says `error` and returns false. */
  function failed(error: unknown): boolean {
    if (everLive && !isFatal(error)) {
      scheduleRetry(reasonOf(error));
      return true;
    }
    setStatus(errorStatus(error));
    return false;
  }

  async function runCapture(l: Link): Promise<Snapshot> {
    let next: Snapshot;
    let kind: Captured['kind'];
    let transient: string[];
    const startedAt = Date.now();
    const clock = options.onCaptureTimings ? createStageClock() : undefined;
    const clockStart = clock ? epochNow() : 0;
    const full = l.wantFull;
    const eventful = l.changed.size > 0 || l.listAll || l.networks;
    if (!full && l.reconcilingSince === null && startedAt - l.lastReconcileAt >= reconcileMs)
      l.reconcilingSince = startedAt;
    const since = l.reconcilingSince;
    // Slices run when no event waits; a reconcile a storm of events put off for five periods rides
    // along with them.
    const recheck = !full && since !== null && (!eventful || startedAt - since >= 5 * reconcileMs);
    const changed = takeChanged(l);
    const begun = ++l.begun;
    const networks = l.networks;
    l.networks = false;
    l.wantFull = false;
    try {
      const result = await l.capturer.capture({
        full,
        changed,
        networks,
        clock,
        ...(recheck && { recheck: RECHECK_SLICE }),
      });
      next = timed(clock, 'canonicalise', () => canonicalise(result.snapshot));
      kind = result.kind;
      transient = result.transient;
      if (result.kind === 'full' || result.reconciled) {
        l.lastReconcileAt = result.kind === 'full' ? startedAt : (since ?? startedAt);
        l.reconcilingSince = null;
      }
      l.finishedBegun = Math.max(l.finishedBegun, begun);
    } catch (error) {
      lost(l, error);
      throw error;
    }
    if (!isCurrent(l))
      throw new ApiError('unavailable', `the connection to ${target} was lost during the capture`);
    const prev = snapshot;
    snapshot = next;
    const now = new Date().toISOString();
    const report = (emitted: boolean) => {
      if (clock)
        options.onCaptureTimings?.({
          hostId,
          kind,
          capturedAt: next.capturedAt,
          startedAt: clockStart,
          emittedAt: epochNow(),
          stages: clock.ms,
          emitted,
        });
    };
    if (!l.sentFull || !prev) {
      l.sentFull = true;
      everLive = true;
      attempt = 0;
      report(true);
      emit('host:snapshot', { hostId, snapshot: next });
      setStatus({ state: 'live', since: now, lastUpdate: now });
      schedulePoll(l, 0);
      if (options.audit) auditLink(l, options.audit);
    } else {
      const patch = timed(clock, 'diff', () => computePatch(prev, next, { canonical: true }));
      report(patch !== null);
      if (patch) emit('host:patch', { hostId, patch });
      // Nothing changed: the clients still hold `prev`, so the next patch must be based on it.
      else snapshot = prev;
      if (status.state === 'live') setStatus({ ...status, lastUpdate: now });
    }
    if (lastWarnings === null || !deepEqual(lastWarnings, next.warnings)) {
      lastWarnings = next.warnings;
      emit('host:warnings', { hostId, warnings: next.warnings });
    }
    scheduleRefresh(l);
    scheduleFollowUp(l, transient);
    scheduleSlice(l, SLICE_PAUSE * (Date.now() - startedAt));
    return next;
  }

  /**
   * The next slice of a reconcile, after a pause SLICE_PAUSE times as long as the last capture took,
   * and only if no event's update is due by then: that one goes first.
   */
  function scheduleSlice(l: Link, pauseMs: number): void {
    l.cancelSlice?.();
    l.cancelSlice = null;
    if (l.reconcilingSince === null || !isCurrent(l)) return;
    l.cancelSlice = l.res.timeout('reconcile slice timer', Math.max(10, pauseMs), () => {
      l.cancelSlice = null;
      // The capture running or due ends by scheduling the next slice.
      if (l.running || l.queued || l.debouncer.pending) return;
      void recapture(l).catch(() => undefined);
    });
  }

  /**
   * Containers shown starting or stopping are looked at again shortly (their next event usually does
   * that anyway), then less and less often while they stay so: a reconcile decides what they are.
   */
  function scheduleFollowUp(l: Link, ids: string[]): void {
    l.cancelFollowUp?.();
    l.cancelFollowUp = null;
    if (ids.length === 0) {
      l.followUps = 0;
      return;
    }
    if (!isCurrent(l)) return;
    const delay = Math.min(FOLLOW_UP_MS * 2 ** l.followUps, Math.max(refreshMs, FOLLOW_UP_MS));
    l.followUps += 1;
    l.cancelFollowUp = l.res.timeout('follow-up timer', delay, () => {
      l.cancelFollowUp = null;
      for (const id of ids) nameChanged(l, id);
      void recapture(l).catch(() => undefined);
    });
  }

  /** Debug and test mode (audit.ts): compare what this link shows with fresh full captures. */
  function auditLink(l: Link, audit: NonNullable<HostSessionOptions['audit']>): void {
    startAudit(
      {
        hostId,
        live: () => snapshot,
        busy: () => l.running !== null || l.queued !== null || l.debouncer.pending,
        progress: () => ({ begun: l.begun, finishedBegun: l.finishedBegun }),
        capture: async () =>
          canonicalise((await createCapturer(l.conn, target).capture({ full: true })).snapshot),
        current: () => isCurrent(l),
        res: l.res,
        track,
        ...(audit.settleMs !== undefined && { settleMs: audit.settleMs }),
      },
      audit,
    );
  }

  /** Without events, re-read after a while anyway: Docker does not announce every change. */
  function scheduleRefresh(l: Link): void {
    l.cancelRefresh?.();
    l.cancelRefresh = null;
    if (refreshMs <= 0 || !isCurrent(l)) return;
    l.cancelRefresh = l.res.timeout('refresh timer', refreshMs, () => {
      l.cancelRefresh = null;
      void recapture(l).catch(() => undefined);
    });
  }

  /** Captures now, or right after the capture in progress: captures of one link never overlap. */
  function recapture(l: Link): Promise<Snapshot> {
    if (!l.running) {
      l.running = track(runCapture(l)).finally(() => {
        l.running = null;
      });
      return l.running;
    }
    l.queued ??= l.running
      .catch(() => undefined)
      .then(() => {
        l.queued = null;
        return recapture(l);
      });
    return l.queued;
  }

  function schedulePoll(l: Link, delay: number): void {
    if (pollIntervalMs <= 0 || !isCurrent(l)) return;
    l.res.timeout('counters timer', delay, () => void track(pollOnce(l)));
  }

  async function pollOnce(l: Link): Promise<void> {
    const base = snapshot;
    if (!base || !isCurrent(l)) return;
    let sample: CountersSample;
    try {
      sample = await poll(l.conn, base);
    } catch (error) {
      lost(l, error);
      return;
    }
    if (!isCurrent(l)) return;
    const event = l.counters.push(sample);
    feed = l.counters;
    if (event) emit('host:counters', { hostId, counters: event });
    schedulePoll(l, pollIntervalMs);
  }

  function onEvent(l: Link, event: DockerEvent): void {
    if (!isCurrent(l)) return;
    lastEventNano = event.timeNano;
    if (event.container) nameChanged(l, event.container);
    if (event.type === 'network' && (event.action === 'create' || event.action === 'destroy'))
      l.networks = true;
    l.debouncer.trigger();
    options.onDockerEvent?.(event);
  }

  /** One connection attempt: connect, subscribe to events, full capture. */
  async function open(): Promise<void> {
    if (disposed) return;
    let conn: Connection;
    try {
      conn = await connect(target);
    } catch (error) {
      if (disposed) return;
      if (!failed(error)) throw error;
      return;
    }
    if (disposed) {
      await conn.close();
      return;
    }
    const l: Link = createLink({
      conn,
      capturer: createCapturer(conn, target),
      pollIntervalMs,
      debounce: { waitMs: options.debounceMs ?? 20, maxWaitMs: options.maxWaitMs ?? 400 },
      onDebounced: () => void recapture(l).catch(() => undefined),
    });
    const { res } = l;
    link = l;
    res.add('connection', () => conn.close());
    res.add(
      'connection close listener',
      conn.onClose((error) => lost(l, error ?? new Error(`the connection to ${target} closed`))),
    );
    try {
      // Events first, so nothing that happens during the capture is missed; after a loss, `since`
      // replays what happened while we were away.
      const sub = await subscribeDockerEvents(conn.docker, {
        since: lastEventNano,
        onEvent: (event) => onEvent(l, event),
        onEnd: (error) => lost(l, error ?? new Error('the Docker events stream ended')),
      });
      if (!isCurrent(l)) {
        sub.close();
        return;
      }
      res.add('docker events stream', () => sub.close());
      await recapture(l);
    } catch (error) {
      lost(l, error);
      if (!everLive || isFatal(error)) throw error;
    }
  }

  return {
    hostId,
    start() {
      if (disposed) return Promise.reject(new ApiError('unavailable', 'this session was disposed'));
      // After a fatal error (say a host key the user has since fixed), start() tries again.
      if (!started || (status.state === 'error' && !link && root.size === 0)) {
        setStatus({ state: 'connecting', since: new Date().toISOString() });
        started = track(
          open().then(() => {
            if (!everLive)
              throw new ApiError('unavailable', `the session to ${target} was closed before it went live`);
          }),
        );
      }
      return started;
    },
    captureNow() {
      const l = link;
      if (!l || status.state !== 'live')
        return Promise.reject(new ApiError('unavailable', `${target} is not connected (${status.state})`));
      l.wantFull = true;
      return recapture(l);
    },
    current: () => snapshot,
    counters: () => (feed?.table ? fullEvent(feed.table) : null),
    status: () => status,
    async dispose() {
      if (disposed) return;
      setStatus({ state: 'disconnected' });
      disposed = true;
      await root.disposeAll();
      const l = link;
      link = null;
      if (l) await teardown(l);
      // Wait for work in flight (a capture, a poll, a connect) so nothing outlives the session; the
      // connection is closed, so it fails fast. The deadline guards against a transport that hangs.
      const deadline = Date.now() + (options.disposeTimeoutMs ?? 10_000);
      while (inflight.size > 0 && Date.now() < deadline) {
        let timer: NodeJS.Timeout | undefined;
        const wait = new Promise((resolve) => (timer = setTimeout(resolve, deadline - Date.now())));
        await Promise.race([Promise.allSettled([...inflight]), wait]);
        clearTimeout(timer);
      }
    },
    openResources: () => [
      ...root.names(),
      ...(link?.res.names() ?? []),
      ...[...inflight].map(() => 'operation in flight'),
    ],
  };
}
