// Live state of the hosts the back end knows: their status, latest snapshot (full, then patched) and
// counters. Event driven; a patch that does not fit (base mismatch, invalid item) asks for a full
// snapshot instead of guessing.
import type {
  ConnectionStatus,
  CountersEvent,
  HostCandidate,
  HostEntry,
  HostImportSource,
  HostKeyFacts,
  HostSettingsInput,
  NetlensApi,
  SnapshotPatch,
} from '../../../../src/api/contract.js';
import { ApiError } from '../../../../src/api/contract.js';
import type { Snapshot, Warning } from '../../../../src/model/snapshot.js';
import { applyPatch } from '../../../../src/model/patch.js';
import { mergeRates, type RateIndex } from '../rates.js';
import { nowIso } from '../status.js';

export class Session {
  hosts = $state.raw<HostEntry[]>([]);
  hostId = $state<string | null>(null);
  snapshots = $state.raw<Record<string, Snapshot>>({});
  /** Per host: the last full counters table with every delta since merged in. */
  counters = $state.raw<Record<string, RateIndex>>({});
  warnings = $state.raw<Record<string, Warning[]>>({});
  /** When the last full snapshot or patch arrived, per host (ISO time). */
  updatedAt = $state.raw<Record<string, string>>({});
  /** A request that failed, for the status bar. */
  error = $state<string | null>(null);
  loaded = $state(false);
  /** Host keys (host id + fingerprint) whose question was answered or cancelled: asked once. */
  #answered = $state.raw<string[]>([]);

  readonly #api: NetlensApi;
  #resyncing: Record<string, boolean> = {};

  constructor(api: NetlensApi) {
    this.#api = api;
  }

  get host(): HostEntry | null {
    return this.hosts.find((h) => h.id === this.hostId) ?? null;
  }

  get snapshot(): Snapshot | null {
    return this.hostId ? (this.snapshots[this.hostId] ?? null) : null;
  }

  get status(): ConnectionStatus | null {
    return this.host?.status ?? null;
  }

  /** Subscribe to every event, load the host list and open the first host; returns the teardown. */
  start(): () => void {
    const offs = [
      this.#api.on('hosts:changed', ({ hosts }) => this.#setHosts(hosts)),
      this.#api.on('host:status', ({ hostId, status }) => {
        this.hosts = this.hosts.map((h) => (h.id === hostId ? { ...h, status } : h));
      }),
      this.#api.on('host:snapshot', ({ hostId, snapshot }) => this.#setSnapshot(hostId, snapshot)),
      this.#api.on('host:patch', ({ hostId, patch }) => this.#patch(hostId, patch)),
      this.#api.on('host:counters', ({ hostId, counters }) => this.#setCounters(hostId, counters)),
      this.#api.on('host:warnings', ({ hostId, warnings }) => {
        this.warnings = { ...this.warnings, [hostId]: warnings };
      }),
    ];
    void this.#load();
    return () => {
      for (const off of offs) off();
    };
  }

  async #load(): Promise<void> {
    try {
      this.#setHosts(await this.#api.request('hosts:list', {}));
      const first = this.hostId ?? this.hosts[0]?.id ?? null;
      if (first) await this.select(first);
    } catch (error) {
      this.error = message(error);
    } finally {
      this.loaded = true;
    }
  }

  #setHosts(hosts: HostEntry[]): void {
    this.hosts = hosts;
    if (this.hostId && !hosts.some((h) => h.id === this.hostId)) this.hostId = hosts[0]?.id ?? null;
  }

  #setSnapshot(hostId: string, snapshot: Snapshot): void {
    this.snapshots = { ...this.snapshots, [hostId]: snapshot };
    this.updatedAt = { ...this.updatedAt, [hostId]: nowIso() };
  }

  #setCounters(hostId: string, event: CountersEvent): void {
    this.counters = { ...this.counters, [hostId]: mergeRates(this.counters[hostId], event) };
  }

  #patch(hostId: string, patch: SnapshotPatch): void {
    const prev = this.snapshots[hostId];
    if (!prev) return void this.resync(hostId);
    try {
      this.#setSnapshot(hostId, applyPatch(prev, patch));
    } catch {
      void this.resync(hostId);
    }
  }

  /** Fetch the full current snapshot (after a patch that did not fit, or on demand). */
  async resync(hostId: string): Promise<void> {
    if (this.#resyncing[hostId]) return;
    this.#resyncing[hostId] = true;
    try {
      const [snapshot, counters] = await Promise.all([
        this.#api.request('session:current', { hostId }),
        // Counters arrive as deltas: the full table once, for a client that joined after the first.
        this.#api.request('session:counters', { hostId }),
      ]);
      if (snapshot) this.#setSnapshot(hostId, snapshot);
      if (counters) this.#setCounters(hostId, counters);
    } catch (error) {
      this.error = message(error);
    } finally {
      this.#resyncing[hostId] = false;
    }
  }

  /** Show a host: connect it if needed and fetch what it has. */
  async select(hostId: string): Promise<void> {
    this.hostId = hostId;
    const entry = this.hosts.find((h) => h.id === hostId);
    if (entry && (entry.status.state === 'disconnected' || entry.status.state === 'error'))
      await this.connect(hostId);
    await this.resync(hostId);
  }

  /**
   * The host-key question to put to the person now: a host whose connect was refused for a key seen for
   * the first time (trust it or not) or a changed one (refused, with the line that removes the old key).
   */
  get hostKeyQuestion(): { host: HostEntry; key: HostKeyFacts; changed: boolean } | null {
    for (const host of this.hosts) {
      const status = host.status;
      if (status.state !== 'error' || !status.hostKey) continue;
      if (status.code !== 'host-key-unknown' && status.code !== 'host-key-changed') continue;
      if (this.#answered.includes(`${host.id} ${status.hostKey.fingerprint}`)) continue;
      return { host, key: status.hostKey, changed: status.code === 'host-key-changed' };
    }
    return null;
  }

  /** Cancel (or close) the host-key question: it is not asked again for that key. */
  dismissHostKey(hostId: string, fingerprint: string): void {
    this.#answered = [...this.#answered, `${hostId} ${fingerprint}`];
  }

  /** Put a host's key question again (the person cancelled it, then asked to trust from elsewhere). */
  askHostKeyAgain(hostId: string): void {
    this.#answered = this.#answered.filter((key) => !key.startsWith(`${hostId} `));
  }

  /** Trust the key the person was shown (that fingerprint only) and connect. */
  async trustHostKey(hostId: string, fingerprint: string): Promise<void> {
    this.dismissHostKey(hostId, fingerprint);
    this.hostId = hostId;
    await this.#run(() => this.#api.request('session:connect', { hostId, trustHostKey: fingerprint }));
    await this.resync(hostId);
  }

  /**
   * Adds a host (or replaces the settings of `hostId`) and shows it; a refusal comes back for the form
   * (each wrong field's message beside that field), not in the status bar.
   */
  async saveHost(
    settings: HostSettingsInput,
    hostId?: string,
  ): Promise<{ ok: true } | { ok: false; message: string; fields: Record<string, string> }> {
    let saved: HostEntry;
    try {
      saved =
        hostId === undefined
          ? await this.#api.request('hosts:add', settings)
          : await this.#api.request('hosts:update', { hostId, settings });
    } catch (error) {
      return {
        ok: false,
        message: message(error),
        fields: error instanceof ApiError ? (error.fields ?? {}) : {},
      };
    }
    if (!this.hosts.some((h) => h.id === saved.id))
      this.hosts = [...this.hosts.filter((h) => h.id !== hostId), saved];
    await this.select(saved.id);
    return { ok: true };
  }

  /** Hosts found in ~/.ssh/config or the Docker contexts, and what was passed over. */
  async importHosts(
    source: HostImportSource,
  ): Promise<{ candidates: HostCandidate[]; skipped: string[] } | null> {
    return this.#run(() => this.#api.request('hosts:import', { source }));
  }

  /** With acceptNewHostKey, an SSH host key seen for the first time is trusted and remembered. */
  async connect(hostId: string, acceptNewHostKey = false): Promise<void> {
    await this.#run(() =>
      this.#api.request('session:connect', acceptNewHostKey ? { hostId, acceptNewHostKey } : { hostId }),
    );
  }

  async disconnect(hostId: string): Promise<void> {
    await this.#run(() => this.#api.request('session:disconnect', { hostId }));
  }

  /** `dockerHost`: the engine socket on that host (Podman's), when it is not Docker's default. */
  async addHost(target: string, label?: string, dockerHost?: string): Promise<boolean> {
    const added = await this.#run(() =>
      this.#api.request('hosts:add', {
        target,
        ...(label ? { label } : {}),
        ...(dockerHost ? { dockerHost } : {}),
      }),
    );
    if (!added) return false;
    if (!this.hosts.some((h) => h.id === added.id)) this.hosts = [...this.hosts, added];
    await this.select(added.id);
    return true;
  }

  async removeHost(hostId: string): Promise<void> {
    await this.#run(() => this.#api.request('hosts:remove', { hostId }));
  }

  async #run<T>(fn: () => Promise<T>): Promise<T | null> {
    try {
      this.error = null;
      return await fn();
    } catch (error) {
      this.error = message(error);
      return null;
    }
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
