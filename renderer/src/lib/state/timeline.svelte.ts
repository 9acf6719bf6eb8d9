// The recorded timeline of the live host (what `netlens serve` or the app recorded of its session):
// its moments with what changed, loaded on demand and again when the host changes.
import type { HistoryPoint, NetlensApi, SnapshotMeta } from '../../../../src/api/contract.js';

export class Timeline {
  hostId = $state<string | null>(null);
  points = $state.raw<HistoryPoint[]>([]);
  error = $state<string | null>(null);
  loaded = $state(false);
  /** Moments picked for a comparison (their `at`). */
  pickA = $state<string | null>(null);
  pickB = $state<string | null>(null);

  readonly #api: NetlensApi;
  #asked = 0;

  constructor(api: NetlensApi) {
    this.#api = api;
  }

  #inFlight: Promise<void> | null = null;
  #again = false;

  /**
   * Loads (or reloads) a host's moments. A busy host asks often: one request at a time, and one more
   * after it when asked meanwhile; an answer for another host is dropped.
   */
  async load(hostId: string): Promise<void> {
    if (this.#inFlight && this.hostId === hostId) {
      this.#again = true;
      return this.#inFlight;
    }
    this.#inFlight = this.#fetch(hostId).finally(() => {
      this.#inFlight = null;
      if (this.#again) {
        this.#again = false;
        void this.load(hostId);
      }
    });
    return this.#inFlight;
  }

  async #fetch(hostId: string): Promise<void> {
    const mine = ++this.#asked;
    if (this.hostId !== hostId) {
      this.hostId = hostId;
      this.points = [];
      this.pickA = this.pickB = null;
    }
    try {
      const points = await this.#api.request('history:list', { hostId });
      if (mine !== this.#asked) return;
      this.points = points;
      this.error = null;
    } catch (error) {
      if (mine === this.#asked) this.error = error instanceof Error ? error.message : String(error);
    } finally {
      if (mine === this.#asked) this.loaded = true;
    }
  }

  /** "Save this moment": the host as recorded then, saved as a snapshot. */
  save(at: string, name: string): Promise<SnapshotMeta> {
    if (!this.hostId) return Promise.reject(new Error('no host'));
    return this.#api.request('history:save', { hostId: this.hostId, at, name });
  }
}
