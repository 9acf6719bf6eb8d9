// Fakes of the back end's dependencies (deps.ts): sessions that record calls, an in-memory store.
import type { EventName, EventPayloads, SnapshotMeta } from '../../../src/api/contract.js';
import { ApiError } from '../../../src/api/contract.js';
import type {
  BackendDeps,
  CreateSession,
  DiffSnapshots,
  Emit,
  LiveSession,
  SnapshotStore,
} from '../../../src/server/deps.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import type { Target } from '../../../src/connection/ssh/target.js';
import { buildSnapshot } from '../../support/snapshot-factory/index.js';

export interface FakeSession extends LiveSession {
  hostId: string;
  acceptNewHostKey: boolean;
  /** The saved host's settings and trusted fingerprints the back end passed for this connect. */
  settings: Parameters<CreateSession>[0]['settings'];
  target: Target;
  emit: Emit;
  disposed: boolean;
  captures: number;
}

export function fakeSessions(options: { failStart?: (target: Target) => Error | null } = {}) {
  const sessions: FakeSession[] = [];
  const createSession: CreateSession = ({ hostId, target, emit, acceptNewHostKey, settings }) => {
    let latest: Snapshot | null = null;
    const session: FakeSession = {
      hostId,
      acceptNewHostKey: acceptNewHostKey === true,
      settings,
      target,
      emit,
      disposed: false,
      captures: 0,
      start() {
        const failure = options.failStart?.(target) ?? null;
        if (failure) return Promise.reject(failure);
        latest = buildSnapshot({
          capturedAt: '2025-01-01T00:00:00.000Z',
          containers: [{ name: `${hostId}-web` }],
        });
        emit('host:snapshot', { hostId, snapshot: latest });
        emit('host:status', { hostId, status: { state: 'live', since: 'now', lastUpdate: 'now' } });
        return Promise.resolve();
      },
      captureNow() {
        session.captures += 1;
        latest = buildSnapshot({
          capturedAt: `2025-01-01T00:00:0${session.captures}.000Z`,
          containers: [{ name: `${hostId}-web` }],
        });
        return Promise.resolve(latest);
      },
      current: () => latest,
      counters: () => ({ at: 'now', intervalMs: 2000, full: true, interfaces: [], rules: [] }),
      dispose() {
        session.disposed = true;
        return Promise.resolve();
      },
    };
    sessions.push(session);
    return session;
  };
  return { sessions, createSession };
}

export function memoryStore(): SnapshotStore & {
  items: Map<string, { meta: SnapshotMeta; snapshot: Snapshot }>;
} {
  const items = new Map<string, { meta: SnapshotMeta; snapshot: Snapshot }>();
  let next = 1;
  const get = (id: string) => {
    const item = items.get(id);
    if (!item) throw new ApiError('not-found', `no snapshot "${id}"`);
    return item;
  };
  return {
    items,
    save(snapshot, { name, note }) {
      const id = `snap-${next++}`;
      const meta: SnapshotMeta = {
        id,
        name,
        note: note ?? '',
        host: snapshot.host.name,
        target: snapshot.host.target,
        capturedAt: snapshot.capturedAt,
        savedAt: '2025-01-02T00:00:00.000Z',
        bytes: JSON.stringify(snapshot).length,
        containers: snapshot.containers.length,
      };
      items.set(id, { meta, snapshot });
      return Promise.resolve(meta);
    },
    list: () => Promise.resolve([...items.values()].map((item) => item.meta)),
    open: (id) => Promise.resolve().then(() => get(id).snapshot),
    rename: (id, name) =>
      Promise.resolve().then(() => {
        const item = get(id);
        item.meta = { ...item.meta, name };
        return item.meta;
      }),
    delete: (id) =>
      Promise.resolve().then(() => {
        get(id);
        items.delete(id);
      }),
    importFile: () =>
      Promise.reject(
        Object.assign(new Error('not a snapshot: schema: expected netlens.snapshot/v1'), {
          code: 'bad-request',
        }),
      ),
    exportSnapshot: (id) =>
      Promise.resolve().then(() => ({ fileName: `${id}.json`, content: JSON.stringify(get(id).snapshot) })),
  };
}

export const fakeDiff: DiffSnapshots = (a, b, labels) => ({
  a: { label: labels.a, host: a.host.name, capturedAt: a.capturedAt },
  b: { label: labels.b, host: b.host.name, capturedAt: b.capturedAt },
  equal: a.capturedAt === b.capturedAt,
  changes: [],
  renamed: { namespaces: [], interfaces: [] },
  hidden: { kernel: 0, repeated: 0 },
});

export type Recorded = { [E in EventName]: { event: E; payload: EventPayloads[E] } }[EventName];

export function fakeDeps(
  hostsFile: string,
  overrides: Partial<BackendDeps> = {},
): BackendDeps & { lines: string[] } {
  const lines: string[] = [];
  return {
    createSession: fakeSessions().createSession,
    store: memoryStore(),
    diff: fakeDiff,
    hostsFile,
    // A home without ~/.ssh/config and a fixed local user: this machine's own ssh config stays out.
    targetOptions: { homedir: `${hostsFile}.home`, localUser: 'tester' },
    log: (line) => lines.push(line),
    lines,
    ...overrides,
  };
}
