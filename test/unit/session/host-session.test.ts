import { afterEach, describe, expect, it } from 'vitest';
import type { EventPayloads, SnapshotPatch } from '../../../src/api/contract.js';
import type { CountersSample } from '../../../src/collect/counters/counters.js';
import { ConnectionError } from '../../../src/connection/types.js';
import type { Connection } from '../../../src/connection/types.js';
import { applyPatch } from '../../../src/model/patch.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import { createHostSession } from '../../../src/session/host-session.js';
import { RECHECK_SLICE } from '../../../src/session/link.js';
import type { HostEventName, HostSession, HostSessionOptions } from '../../../src/session/host-session.js';
import { waitFor } from '../../support/lab.js';
import { fakeConnection } from './fake-connection.js';
import type { FakeConnection } from './fake-connection.js';
import { buildSnapshot } from '../../support/snapshot-factory/index.js';

type Recorded = { [E in HostEventName]: { event: E; payload: EventPayloads[E] } }[HostEventName];

/** The snapshot of a host running these containers. */
const hostWith = (names: string[], capturedAt: string) =>
  buildSnapshot({ capturedAt, containers: names.map((name) => ({ name })) });

/** A host whose containers the test sets; every capture returns them with a new capturedAt. */
function harness(over: Partial<HostSessionOptions> = {}) {
  const events: Recorded[] = [];
  const connections: FakeConnection[] = [];
  let containers = ['a'];
  /** Ids the next capture reports as starting or stopping. */
  const transient: string[] = [];
  let captures = 0;
  const requests: { update: boolean; containers: string[]; recheck?: number }[] = [];
  /** Slices since the last reconcile ended: the third one ends it (reconciled). */
  let slices = 0;
  /** How long each capture takes. */
  let captureMs = 0;
  let captureError: Error | null = null;
  let connectError: Error | null = null;
  let totals = 0;
  const session = createHostSession({
    target: 'fake',
    hostId: 'h1',
    connect: () => {
      if (connectError) return Promise.reject(connectError);
      const fake = fakeConnection();
      connections.push(fake);
      return Promise.resolve(fake.conn);
    },
    createCapturer: () => ({
      capture: (request = {}) => {
        captures += 1;
        requests.push({
          update: request.full !== true,
          containers: request.full === true ? [] : [...(request.changed ?? [])],
          ...(request.recheck ? { recheck: request.recheck } : {}),
        });
        if (captureError) return Promise.reject(captureError);
        if (request.full) slices = 0;
        const reconciled = request.full !== true && request.recheck !== undefined && ++slices === 3;
        if (reconciled) slices = 0;
        const answer = {
          snapshot: hostWith(containers, `t${captures}`),
          kind: request.full === true ? ('full' as const) : ('update' as const),
          transient: transient.splice(0),
          ...(reconciled ? { reconciled } : {}),
        };
        if (captureMs === 0) return Promise.resolve(answer);
        return new Promise((resolve) => setTimeout(() => resolve(answer), captureMs));
      },
    }),
    emit: (event, payload) => events.push({ event, payload } as Recorded),
    debounceMs: 10,
    maxWaitMs: 50,
    pollIntervalMs: 20,
    backoff: { initialMs: 20, maxMs: 100, random: () => 0.5 },
    pollCounters: (_conn: Connection, _s: Snapshot): Promise<CountersSample> => {
      totals += 1000;
      return Promise.resolve({
        at: Date.now(),
        interfaces: new Map([
          ['host/lo', { rxBytes: totals, txBytes: totals, rxPackets: totals / 100, txPackets: 1 }],
        ]),
        rules: new Map([['r1', { packets: totals / 10, bytes: totals }]]),
        problems: [],
      });
    },
    ...over,
  });
  return {
    session,
    events,
    connections,
    of: <E extends HostEventName>(name: E) =>
      events.filter((e) => e.event === name).map((e) => e.payload as EventPayloads[E]),
    states: () => events.filter((e) => e.event === 'host:status').map((e) => e.payload.status.state),
    setContainers: (names: string[]) => (containers = names),
    markTransient: (...ids: string[]) => transient.push(...ids),
    failCaptures: (error: Error | null) => (captureError = error),
    failConnects: (error: Error | null) => (connectError = error),
    captures: () => captures,
    setCaptureMs: (ms: number) => (captureMs = ms),
    requests,
  };
}

let current: HostSession | null = null;
afterEach(async () => {
  await current?.dispose();
  current = null;
});

describe('host session', () => {
  it('connects, sends a full snapshot, goes live, then patches on Docker events', async () => {
    const h = harness();
    current = h.session;
    await h.session.start();
    expect(h.states()).toEqual(['connecting', 'live']);
    const [first] = h.of('host:snapshot');
    expect(first?.snapshot.containers.map((c) => c.name)).toEqual(['a']);

    h.setContainers(['a', 'b']);
    h.connections[0]?.event('container', 'start', '1700000000123456789', 'b');
    const patch = await waitFor(() => h.of('host:patch')[0], 5000, 'a patch');
    expect(patch.patch.upsert.containers).toEqual(
      hostWith(['a', 'b'], '').containers.filter((c) => c.name === 'b'),
    );
    const patched = applyPatch(first?.snapshot as Snapshot, patch.patch);
    expect(patched).toEqual(h.session.current());
  });

  it('coalesces a burst of events into one capture, and ignores irrelevant events', async () => {
    const h = harness({ debounceMs: 40, maxWaitMs: 2000 });
    current = h.session;
    await h.session.start();
    const before = h.captures();
    const fake = h.connections[0] as FakeConnection;
    fake.event('container', 'exec_start: sh', '1700000000000000001');
    fake.event('image', 'pull', '1700000000000000002');
    for (let i = 0; i < 10; i++) fake.event('container', 'create', `170000000000000001${i}`);
    await waitFor(() => h.captures() > before, 5000, 'a capture');
    await new Promise((r) => setTimeout(r, 150));
    expect(h.captures()).toBe(before + 1);
    // Nothing changed on the host: no patch.
    expect(h.of('host:patch')).toEqual([]);
  });

  it('looks again soon at containers a capture showed starting or stopping, less often while they stay', async () => {
    const h = harness({ refreshMs: 0, pollIntervalMs: 0 });
    current = h.session;
    h.markTransient('id-x');
    await h.session.start();
    // The first capture reported id-x between states: an update naming it follows without any event.
    await waitFor(() => (h.requests.length >= 2 ? true : undefined), 5000, 'a follow-up');
    expect(h.requests[1]).toEqual({ update: true, containers: ['id-x'] });
    // It settled (this capture reported nothing): no more follow-ups.
    await new Promise((r) => setTimeout(r, 600));
    expect(h.requests).toHaveLength(2);
  });

  it('bases the next patch on the last snapshot the clients got, not on a capture that sent nothing', async () => {
    const h = harness({ refreshMs: 0 });
    current = h.session;
    await h.session.start();
    const [first] = h.of('host:snapshot');
    const fake = h.connections[0] as FakeConnection;
    fake.event('container', 'start', '1700000000000000001', 'a');
    await waitFor(() => (h.captures() >= 2 ? true : undefined), 5000, 'a capture that changes nothing');
    expect(h.of('host:patch')).toEqual([]);
    h.setContainers(['a', 'b']);
    fake.event('container', 'start', '1700000000000000002', 'b');
    const { patch } = await waitFor(() => h.of('host:patch')[0], 5000, 'a patch');
    expect(patch.base).toBe(first?.snapshot.capturedAt);
    expect(applyPatch(first?.snapshot as Snapshot, patch)).toEqual(h.session.current());
  });

  it('re-captures after events as an update naming their containers; capture now is full', async () => {
    const h = harness({ refreshMs: 0 });
    current = h.session;
    await h.session.start();
    expect(h.requests).toEqual([{ update: false, containers: [] }]);
    const fake = h.connections[0] as FakeConnection;
    fake.event('container', 'die', '1700000000000000001', 'b');
    fake.event('network', 'disconnect', '1700000000000000002', 'net1', 'id-c');
    fake.event('network', 'destroy', '1700000000000000003', 'net2');
    await waitFor(() => h.requests.length >= 2, 5000, 'the event capture');
    expect(h.requests[1]).toEqual({ update: true, containers: ['id-b', 'id-c'] });

    await h.session.captureNow();
    expect(h.requests.at(-1)).toEqual({ update: false, containers: [] });
  });

  it('reconciles in slices, each its own capture, until the capturer says reconciled; no full capture', async () => {
    const quiet = harness({ refreshMs: 60, reconcileMs: 200, pollIntervalMs: 0 });
    current = quiet.session;
    await quiet.session.start();
    await waitFor(() => quiet.requests.filter((r) => r.recheck).length >= 3, 5000, 'a reconcile');
    const sliced = quiet.requests.slice(1);
    expect(sliced[0]).toEqual({ update: true, containers: [] });
    expect(sliced.find((r) => r.recheck)).toEqual({ update: true, containers: [], recheck: RECHECK_SLICE });
    // Reconciled: the next ones are plain refreshes until the next period.
    const after = quiet.requests.length;
    await waitFor(() => quiet.requests.length >= after + 1, 5000, 'a refresh');
    expect(quiet.requests[after]).toEqual({ update: true, containers: [] });
    expect(quiet.requests.every((r, i) => i === 0 || r.update)).toBe(true);
  });

  it("runs a reconcile's slices on their own after an event's update", async () => {
    const h = harness({ refreshMs: 0, reconcileMs: 100, pollIntervalMs: 0 });
    current = h.session;
    await h.session.start();
    await new Promise((r) => setTimeout(r, 120));
    const fake = h.connections[0] as FakeConnection;
    fake.event('container', 'start', '1700000000000000001', 'b');
    // The event's update names it alone; the reconcile it found overdue follows in slices on its own.
    await waitFor(() => h.requests.filter((r) => r.recheck).length >= 3, 5000, 'the slices');
    expect(h.requests[1]).toEqual({ update: true, containers: ['id-b'] });
    expect(h.requests.slice(2, 5)).toEqual(
      Array.from({ length: 3 }, () => ({ update: true, containers: [], recheck: RECHECK_SLICE })),
    );
  });

  it('lets events go first while they keep coming, until the reconcile is five periods old: then it rides along', async () => {
    const h = harness({ refreshMs: 0, reconcileMs: 40, pollIntervalMs: 0, debounceMs: 1, maxWaitMs: 5 });
    current = h.session;
    await h.session.start();
    h.setCaptureMs(15);
    await new Promise((r) => setTimeout(r, 50));
    const fake = h.connections[0] as FakeConnection;
    // An event every 3 ms: an event's update is always due when a slice's turn comes.
    const began = Date.now();
    for (let i = 0; Date.now() - began < 600; i += 1) {
      fake.event('container', 'start', String(1700000000000000010n + BigInt(i)), `c${i}`);
      await new Promise((r) => setTimeout(r, 3));
    }
    const events = h.requests.slice(1).filter((r) => r.containers.length > 0);
    const first = events.findIndex((r) => r.recheck);
    // Five periods of 40 ms at 15 ms a capture: a dozen events' updates alone first.
    expect(first).toBeGreaterThan(8);
    expect(events.slice(0, first).every((r) => r.recheck === undefined)).toBe(true);
    expect(h.requests.slice(1).filter((r) => r.recheck && r.containers.length === 0)).toEqual([]);
  });

  it('re-reads on a timer when no event comes, and the timer goes with the session', async () => {
    const h = harness({ refreshMs: 60, pollIntervalMs: 0 });
    current = h.session;
    await h.session.start();
    expect(h.session.openResources()).toContain('refresh timer');
    await waitFor(() => h.requests.length >= 3, 5000, 'refresh captures');
    expect(h.requests.slice(1).every((r) => r.update)).toBe(true);
    await h.session.dispose();
    expect(h.session.openResources()).toEqual([]);
    const count = h.requests.length;
    await new Promise((r) => setTimeout(r, 150));
    expect(h.requests.length).toBe(count);
  });

  it('still updates during an endless storm (max wait)', async () => {
    const h = harness({ debounceMs: 40, maxWaitMs: 100 });
    current = h.session;
    await h.session.start();
    const before = h.captures();
    const fake = h.connections[0] as FakeConnection;
    const storm = setInterval(() => fake.event('container', 'start', `${Date.now()}000000`), 10);
    try {
      await waitFor(() => h.captures() >= before + 2, 3000, 'captures during a storm');
    } finally {
      clearInterval(storm);
    }
  });

  it('emits counters with rates from consecutive samples', async () => {
    const h = harness();
    current = h.session;
    await h.session.start();
    const [c1, c2] = await waitFor(
      () => (h.of('host:counters').length >= 2 ? h.of('host:counters') : false),
      5000,
      'counters',
    );
    expect(c1?.counters.interfaces[0]).toMatchObject({ id: 'host/lo', rxBps: 0 });
    expect(c2?.counters.interfaces[0]?.rxBps).toBeGreaterThan(0);
    expect(c2?.counters.rules[0]).toMatchObject({ id: 'r1' });
    expect(c2?.counters.rules[0]?.bps).toBeGreaterThan(0);
  });

  it('sends the counters table whole once, then only what changed, and nothing when nothing did', async () => {
    let polls = 0;
    const idle = new Map([['host/veth1', { rxBytes: 7, txBytes: 7, rxPackets: 1, txPackets: 1 }]]);
    const h = harness({
      pollCounters: () => {
        polls += 1;
        // host/lo moves on the 2nd poll only; host/veth1 never does.
        const lo = polls === 2 ? 5000 : polls > 2 ? 9000 : 1000;
        return Promise.resolve({
          at: polls * 1000,
          interfaces: new Map([
            ...idle,
            ['host/lo', { rxBytes: lo, txBytes: 0, rxPackets: 0, txPackets: 0 }],
          ]),
          rules: new Map(),
          problems: [],
        });
      },
    });
    current = h.session;
    await h.session.start();
    await waitFor(() => (polls >= 5 ? true : undefined), 5000, 'five polls');
    const events = h.of('host:counters').map((e) => e.counters);
    expect(events[0]).toMatchObject({ full: true });
    expect(events[0]?.interfaces.map((i) => i.id).sort()).toEqual(['host/lo', 'host/veth1']);
    // 2nd poll: lo moved (and its rate); 3rd: moved again, rate changed; 4th: rate fell to 0; then silence.
    expect(events.slice(1).map((e) => [e.full, e.interfaces.map((i) => i.id)])).toEqual([
      [false, ['host/lo']],
      [false, ['host/lo']],
      [false, ['host/lo']],
    ]);
    // A client that joins late asks for the whole table.
    expect(h.session.counters()).toMatchObject({ full: true });
    expect(h.session.counters()?.interfaces).toHaveLength(2);
  });

  it('says reconnecting at once on a drop, then comes back live with a fresh full snapshot', async () => {
    const h = harness();
    current = h.session;
    await h.session.start();
    h.connections[0]?.event('container', 'start', '1700000000123456789', 'b');
    await waitFor(() => h.captures() >= 2, 5000, 'the event capture');
    h.failConnects(new ConnectionError('unreachable', 'connect ECONNREFUSED 127.0.0.1:2222'));
    h.connections[0]?.drop(new Error('read ECONNRESET'));
    // Synchronously: the very next status is reconnecting, with an attempt and a retry time.
    const status = h.session.status();
    expect(status).toMatchObject({ state: 'reconnecting', attempt: 1, reason: 'read ECONNRESET' });
    await waitFor(() => h.states().filter((s) => s === 'reconnecting').length >= 2, 5000, 'a second attempt');
    const attempts = h
      .of('host:status')
      .flatMap((s) => (s.status.state === 'reconnecting' ? [s.status] : []));
    expect(attempts.map((a) => a.attempt)).toEqual(attempts.map((_, i) => i + 1));
    expect(Date.parse(attempts[1]?.nextRetryAt ?? '')).toBeGreaterThan(Date.now() - 1000);

    h.setContainers(['a', 'c']);
    h.failConnects(null);
    await waitFor(() => h.session.status().state === 'live', 5000, 'live again');
    const snapshots = h.of('host:snapshot');
    expect(snapshots).toHaveLength(2);
    expect(snapshots[1]?.snapshot.containers.map((c) => c.name)).toEqual(['a', 'c']);
    // The new events stream resumes from the last event seen (ms precision, seconds as a number).
    expect(h.connections.at(-1)?.streams[0]?.since).toBe(1700000000.123);
    expect(h.connections[0]?.closed()).toBe(true);
  });

  it('treats the events stream ending as a loss', async () => {
    const h = harness();
    current = h.session;
    await h.session.start();
    h.connections[0]?.streams[0]?.stream.end();
    await waitFor(() => h.states().includes('reconnecting'), 5000, 'reconnecting');
    await waitFor(
      () => h.session.status().state === 'live' && h.connections.length === 2,
      5000,
      'live again',
    );
  });

  it('treats a failed re-capture (daemon gone) as a loss, and retries until it works', async () => {
    const h = harness();
    current = h.session;
    await h.session.start();
    h.failCaptures(new ConnectionError('docker-unavailable', 'the Docker engine did not answer'));
    await expect(h.session.captureNow()).rejects.toThrow('did not answer');
    expect(h.session.status().state).toBe('reconnecting');
    await waitFor(() => h.connections.length >= 3, 5000, 'retries');
    h.failCaptures(null);
    await waitFor(() => h.session.status().state === 'live', 5000, 'live again');
  });

  it('rejects start and says error when the first attempt fails, without retrying', async () => {
    const h = harness();
    current = h.session;
    h.failConnects(new ConnectionError('auth-failed', 'me@box: the server refused every key'));
    await expect(h.session.start()).rejects.toThrow('refused');
    expect(h.session.status()).toEqual({
      state: 'error',
      code: 'auth-failed',
      reason: 'me@box: the server refused every key',
    });
    expect(h.session.openResources()).toEqual([]);
  });

  it('stops retrying on a fatal error after having been live', async () => {
    const h = harness();
    current = h.session;
    await h.session.start();
    h.failConnects(new ConnectionError('host-key-changed', 'the host key of box CHANGED'));
    h.connections[0]?.drop();
    await waitFor(() => h.session.status().state === 'error', 5000, 'error');
    expect(h.session.openResources()).toEqual([]);
    // The user fixed it: start() tries again.
    h.failConnects(null);
    await h.session.start();
    expect(h.session.status().state).toBe('live');
  });

  it('dispose releases everything and emits a final disconnected', async () => {
    const h = harness();
    current = h.session;
    await h.session.start();
    await waitFor(() => h.of('host:counters').length >= 1, 5000, 'counters');
    expect(h.session.openResources()).toEqual(
      expect.arrayContaining(['connection', 'connection close listener', 'docker events stream']),
    );
    const stream = h.connections[0]?.streams[0]?.stream;
    await h.session.dispose();
    expect(h.session.openResources()).toEqual([]);
    expect(h.connections[0]?.closed()).toBe(true);
    expect(stream?.destroyed).toBe(true);
    expect(h.states().at(-1)).toBe('disconnected');
    const count = h.events.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(h.events.length).toBe(count);
    await expect(h.session.captureNow()).rejects.toThrow(/not connected/);
  });

  it('dispose during a reconnect wait cancels the retry', async () => {
    const h = harness({ backoff: { initialMs: 60_000, random: () => 0.5 } });
    current = h.session;
    await h.session.start();
    h.connections[0]?.drop();
    expect(h.session.openResources()).toContain('reconnect timer');
    await h.session.dispose();
    expect(h.session.openResources()).toEqual([]);
  });

  it('patches chain: each base is the previous capturedAt', async () => {
    const h = harness();
    current = h.session;
    await h.session.start();
    let view = h.of('host:snapshot')[0]?.snapshot as Snapshot;
    for (const names of [['a', 'b'], ['b'], ['b', 'c']]) {
      h.setContainers(names);
      const n = h.of('host:patch').length;
      h.connections[0]?.event('container', 'start', `${Date.now()}000000`);
      const p: SnapshotPatch = (await waitFor(() => h.of('host:patch')[n], 5000, 'patch')).patch;
      view = applyPatch(view, p);
      expect(view.containers.map((c) => c.name)).toEqual(names);
    }
  });

  it('dispose does not wait forever for a capture that hangs', async () => {
    let release: (() => void) | null = null;
    const hung = harness({
      disposeTimeoutMs: 100,
      createCapturer: () => ({
        capture: () =>
          new Promise((resolve) => {
            release = () => resolve({ snapshot: hostWith([], 'late'), kind: 'full', transient: [] });
          }),
      }),
    });
    const starting = hung.session.start().catch((error: unknown) => error);
    await waitFor(
      () => hung.session.openResources().includes('operation in flight'),
      2000,
      'the capture to start',
    );
    const t0 = Date.now();
    await hung.session.dispose();
    expect(Date.now() - t0).toBeLessThan(2000);
    (release as (() => void) | null)?.();
    expect(await starting).toBeInstanceOf(Error);
    expect(hung.session.openResources()).toEqual([]);
  });
});
