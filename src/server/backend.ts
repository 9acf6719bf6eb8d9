// The back end behind both transports: a hosts registry (`local` plus persisted SSH targets),
// one live session per connected host, and the snapshot store. Handlers receive validated
// arguments (see handler-wrap.ts) and throw ApiError with a code the renderer can act on.
import type {
  ConnectionStatus,
  EventName,
  EventPayloads,
  Handlers,
  HostEntry,
  SnapshotRef,
} from '../api/contract.js';
import { ApiError } from '../api/contract.js';
import { errorStatus } from '../connection/error-status.js';
import type { Snapshot } from '../model/snapshot.js';
import type { BackendDeps, Emit, HistoryStore, LiveSession } from './deps.js';
import { hostEntryOf, hostHandlers } from './host-handlers.js';
import { connectPlan } from './host-record.js';
import type { ConnectSettings } from './host-record.js';
import { hostIdOf, LOCAL_HOST_ID, loadHosts, saveHosts } from './hosts-file.js';
import type { HostRecord } from './hosts-file.js';

export type BackendListener = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;

export interface Backend {
  handlers: Handlers;
  /** Subscribes to every pushed event; returns the unsubscribe function. */
  events(listener: BackendListener): () => void;
  dispose(): Promise<void>;
}

export interface HostState {
  record: HostRecord;
  status: ConnectionStatus;
  session: LiveSession | null;
  starting: Promise<void> | null;
  /** Bumped on every connect/disconnect, so events of an older session are dropped. */
  generation: number;
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** What a connect may trust: any first-seen key (the CLI's flag) or the one fingerprint a person saw. */
interface Trust {
  acceptNewHostKey: boolean;
  trustHostKey?: string;
}

export function createBackend(deps: BackendDeps): Backend {
  const log = deps.log ?? ((line: string) => console.error(line));
  const targetOptions = deps.targetOptions ?? {};
  const listeners = new Set<BackendListener>();
  const hosts = new Map<string, HostState>();
  const newState = (record: HostRecord): HostState => ({
    record,
    status: { state: 'disconnected' },
    session: null,
    starting: null,
    generation: 0,
  });
  hosts.set(LOCAL_HOST_ID, newState({ target: LOCAL_HOST_ID, label: 'This computer' }));
  let disposed = false;
  // Mutations of the hosts file run one after another.
  let hostsQueue: Promise<unknown> = Promise.resolve();

  const broadcast: Emit = (event, payload) => {
    for (const listener of listeners) {
      try {
        listener(event, payload);
      } catch (error) {
        log(`netlens: an event listener failed: ${reasonOf(error)}`);
      }
    }
  };
  const entryOf = (id: string, state: HostState): HostEntry => hostEntryOf(id, state.record, state.status);
  const list = (): HostEntry[] => [...hosts].map(([id, state]) => entryOf(id, state));
  const setStatus = (hostId: string, status: ConnectionStatus): void => {
    const state = hosts.get(hostId);
    if (!state) return;
    state.status = status;
    broadcast('host:status', { hostId, status });
  };

  // Why the hosts file must be left alone this run (it could not be read), or null.
  let hostsReadOnly: string | null = null;
  // Never rejects: a hosts file that cannot be read leaves `local` only, it does not stop the back end.
  const ready = loadHosts(deps.hostsFile, log).then(
    (loaded) => {
      hostsReadOnly = loaded.readOnly;
      for (const record of loaded.hosts)
        if (!hosts.has(hostIdOf(record))) hosts.set(hostIdOf(record), newState(record));
    },
    (error: unknown) => {
      hostsReadOnly = `cannot read ${deps.hostsFile} (${reasonOf(error)})`;
      log(`netlens: ${hostsReadOnly}; started with "local" only`);
    },
  );
  const persist = (): Promise<void> => {
    if (hostsReadOnly !== null)
      return Promise.reject(
        new ApiError('unavailable', `hosts cannot be saved: ${hostsReadOnly}; fix or remove that file`),
      );
    return saveHosts(
      deps.hostsFile,
      [...hosts.values()].map((state) => state.record).filter((record) => hostIdOf(record) !== LOCAL_HOST_ID),
    );
  };
  const mutateHosts = <T>(change: () => Promise<T>): Promise<T> => {
    const run = hostsQueue.then(() => ready).then(change);
    hostsQueue = run.catch(() => undefined);
    return run;
  };

  const hostOf = async (hostId: string): Promise<HostState> => {
    await ready;
    const state = hosts.get(hostId);
    if (!state) throw new ApiError('not-found', `no host "${hostId}"; add it first`);
    return state;
  };
  const liveSession = async (hostId: string): Promise<LiveSession> => {
    const state = await hostOf(hostId);
    if (state.starting) await state.starting.catch(() => undefined);
    if (!state.session)
      throw new ApiError('unavailable', `host "${hostId}" is not connected; connect to it first`);
    return state.session;
  };

  const connect = (hostId: string, state: HostState, trust: Trust): Promise<void> => {
    if (state.session && state.status.state !== 'error') return state.starting ?? Promise.resolve();
    if (state.session) {
      // A session that ended in a fatal error (auth, host key…) is replaced: connect means "try again".
      const failed = state.session;
      state.session = null;
      failed.dispose().catch(() => undefined);
    }
    // Parsed here, once per connect, so an edited ~/.ssh/config counts from the next connect on;
    // the session and the connection receive the typed Target and never parse the text again.
    let plan: ReturnType<typeof connectPlan>;
    try {
      plan = connectPlan(state.record, targetOptions);
    } catch (error) {
      state.generation += 1;
      setStatus(hostId, errorStatus(error));
      return Promise.reject(error instanceof Error ? error : new Error(reasonOf(error)));
    }
    const { target } = plan;
    const settings: ConnectSettings & { trustedFingerprints?: string[] } = {
      ...plan.settings,
      ...(trust.trustHostKey !== undefined && { trustedFingerprints: [trust.trustHostKey] }),
    };
    const generation = ++state.generation;
    const recorder = deps.history?.recorder(hostId);
    const emit: Emit = (event, payload) => {
      if (state.generation !== generation) return;
      // The timeline records what the renderer is sent: the full snapshot, then each patch.
      if (event === 'host:snapshot') recorder?.full((payload as EventPayloads['host:snapshot']).snapshot);
      if (event === 'host:patch')
        recorder?.patch((payload as EventPayloads['host:patch']).patch, () => session.current());
      if (event === 'host:status') state.status = (payload as EventPayloads['host:status']).status;
      broadcast(event, payload);
    };
    const session = deps.createSession({
      hostId,
      target,
      emit,
      acceptNewHostKey: trust.acceptNewHostKey,
      settings,
    });
    state.session = session;
    setStatus(hostId, { state: 'connecting', since: new Date().toISOString() });
    const starting = session.start().then(
      () => {
        if (state.starting === starting) state.starting = null;
      },
      async (error: unknown) => {
        if (state.starting === starting) state.starting = null;
        if (state.generation === generation) {
          state.generation += 1;
          state.session = null;
          const status = errorStatus(error);
          setStatus(hostId, status);
          // The caller reads the same reason as the status (the app's, without the CLI's advice).
          if (error instanceof Error) error.message = status.reason;
        }
        await session.dispose().catch(() => undefined);
        throw error;
      },
    );
    state.starting = starting;
    return starting;
  };

  const disconnect = async (hostId: string, state: HostState): Promise<void> => {
    const session = state.session;
    state.session = null;
    state.starting = null;
    state.generation += 1;
    if (!session) return;
    setStatus(hostId, { state: 'disconnected' });
    await session.dispose();
  };

  const history = (): HistoryStore => {
    if (!deps.history) throw new ApiError('unavailable', 'the timeline is not recorded (history is off)');
    return deps.history;
  };
  const momentOf = async (hostId: string, at: string): Promise<Snapshot> => {
    const snapshot = await history().at(hostId, Date.parse(at));
    if (!snapshot) throw new ApiError('not-found', `nothing of "${hostId}" was recorded at or before ${at}`);
    return snapshot;
  };

  const resolveRef = async (ref: SnapshotRef): Promise<{ snapshot: Snapshot; label: string }> => {
    if (ref.kind === 'moment')
      return { snapshot: await momentOf(ref.hostId, ref.at), label: `${ref.hostId} at ${ref.at}` };
    if (ref.kind === 'saved') {
      const snapshot = await deps.store.open(ref.id);
      const meta = (await deps.store.list()).find((item) => item.id === ref.id);
      return { snapshot, label: meta?.name ?? ref.id };
    }
    const session = await liveSession(ref.hostId);
    return { snapshot: session.current() ?? (await session.captureNow()), label: `${ref.hostId} (live)` };
  };

  const handlers = {
    ...hostHandlers({
      hosts,
      newState,
      ready,
      targetOptions,
      mutateHosts,
      hostOf,
      persist,
      disconnect,
      changed: () => broadcast('hosts:changed', { hosts: list() }),
      entryOf,
      list,
    }),
    'session:connect': async ({ hostId, acceptNewHostKey, trustHostKey }) => {
      if (disposed) throw new ApiError('unavailable', 'the back end is shutting down');
      await connect(hostId, await hostOf(hostId), {
        acceptNewHostKey: acceptNewHostKey === true,
        ...(trustHostKey !== undefined && { trustHostKey }),
      });
    },
    'session:disconnect': async ({ hostId }) => disconnect(hostId, await hostOf(hostId)),
    'session:capture': async ({ hostId }) => (await liveSession(hostId)).captureNow(),
    'session:current': async ({ hostId }) => {
      const state = await hostOf(hostId);
      return state.session?.current() ?? null;
    },
    'session:counters': async ({ hostId }) => {
      const state = await hostOf(hostId);
      return state.session?.counters() ?? null;
    },
    'snapshots:save': async ({ hostId, name, note }) => {
      const session = await liveSession(hostId);
      const snapshot = session.current() ?? (await session.captureNow());
      return deps.store.save(snapshot, note === undefined ? { name } : { name, note });
    },
    'snapshots:list': () => deps.store.list(),
    'snapshots:open': ({ id }) => deps.store.open(id),
    'snapshots:rename': ({ id, name }) => deps.store.rename(id, name),
    'snapshots:delete': ({ id }) => deps.store.delete(id),
    'snapshots:import': ({ fileName, content }) => deps.store.importFile(fileName, content),
    'snapshots:export': ({ id, redact }) => deps.store.exportSnapshot(id, { redact: redact ?? false }),
    'snapshots:compare': async ({ a, b, ...options }) => {
      const [left, right] = await Promise.all([resolveRef(a), resolveRef(b)]);
      const diff = deps.diff(left.snapshot, right.snapshot, { a: left.label, b: right.label }, options);
      return { diff, a: left.snapshot, b: right.snapshot };
    },
    'history:list': ({ hostId, since, until, limit }) =>
      history().points(hostId, {
        ...(since !== undefined && { since: Date.parse(since) }),
        ...(until !== undefined && { until: Date.parse(until) }),
        ...(limit !== undefined && { limit }),
      }),
    'history:at': ({ hostId, at }) => momentOf(hostId, at),
    'history:save': async ({ hostId, at, name, note }) =>
      deps.store.save(await momentOf(hostId, at), note === undefined ? { name } : { name, note }),
  } satisfies Handlers;

  return {
    handlers,
    events(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async dispose() {
      disposed = true;
      const sessions = [...hosts.values()].map((state) => {
        const session = state.session;
        state.session = null;
        state.starting = null;
        state.generation += 1;
        state.status = { state: 'disconnected' };
        return session;
      });
      await Promise.allSettled(sessions.flatMap((session) => (session ? [session.dispose()] : [])));
      await hostsQueue;
      listeners.clear();
    },
  };
}
