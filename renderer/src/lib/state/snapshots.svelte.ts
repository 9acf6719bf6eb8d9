// The saved snapshots as the panels see them: the list (broken files included, with their error) and
// the operations on it. Every operation reports failure in `error` and refreshes the list after a change.
import { words } from '../i18n/words.js';
import type { NetlensApi, SnapshotMeta } from '../../../../src/api/contract.js';
import type { Snapshot } from '../../../../src/model/snapshot.js';
import { download } from '../export/download.js';
import { importContent } from '../export/import-encoding.js';

/** What `snapshots:list` returns: the store adds `error` to files it cannot read. */
export type ListedSnapshot = SnapshotMeta;

export class SnapshotLibrary {
  items = $state.raw<ListedSnapshot[]>([]);
  loaded = $state(false);
  busy = $state(false);
  error = $state<string | null>(null);
  /** What the last operation did, for a polite live region. */
  notice = $state<string | null>(null);

  readonly #api: NetlensApi;

  constructor(api: NetlensApi) {
    this.#api = api;
  }

  get usable(): ListedSnapshot[] {
    return this.items.filter((s) => !s.error);
  }

  find(id: string): ListedSnapshot | undefined {
    return this.items.find((s) => s.id === id);
  }

  async refresh(): Promise<void> {
    await this.#run(async () => {
      this.items = await this.#api.request('snapshots:list', {});
      this.loaded = true;
    });
  }

  async save(hostId: string, name: string, note: string): Promise<SnapshotMeta | null> {
    const meta = await this.#run(() =>
      this.#api.request('snapshots:save', note.trim() ? { hostId, name, note } : { hostId, name }),
    );
    if (meta) await this.#changed(`Saved “${meta.name}”.`);
    return meta;
  }

  async rename(id: string, name: string): Promise<boolean> {
    const meta = await this.#run(() => this.#api.request('snapshots:rename', { id, name }));
    if (meta) await this.#changed(`Renamed to “${meta.name}”.`);
    return meta !== null;
  }

  async remove(id: string): Promise<void> {
    const name = this.find(id)?.name ?? id;
    const done = await this.#run(async () => {
      await this.#api.request('snapshots:delete', { id });
      return true;
    });
    if (done) await this.#changed(`Deleted “${name}”.`);
  }

  async importFile(file: File): Promise<void> {
    const meta = await this.#run(async () => {
      const content = importContent(file.name, new Uint8Array(await file.arrayBuffer()));
      return this.#api.request('snapshots:import', { fileName: file.name, content });
    });
    if (meta) await this.#changed(`Imported “${meta.name}”.`);
  }

  async exportFile(id: string, redact: boolean): Promise<void> {
    const file = await this.#run(() =>
      this.#api.request('snapshots:export', redact ? { id, redact: true } : { id }),
    );
    if (!file) return;
    download(file.fileName, new Blob([file.content], { type: 'application/json' }));
    this.notice = words().snapshots.exported(file.fileName, redact);
  }

  open(id: string): Promise<Snapshot | null> {
    return this.#run(() => this.#api.request('snapshots:open', { id }));
  }

  async #changed(notice: string): Promise<void> {
    await this.refresh();
    this.notice = notice;
  }

  async #run<T>(fn: () => Promise<T>): Promise<T | null> {
    this.busy = true;
    this.error = null;
    this.notice = null;
    try {
      return await fn();
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
      return null;
    } finally {
      this.busy = false;
    }
  }
}
