// What the drawing shows: the live host, a saved snapshot opened offline, or a comparison (the merged
// picture of two snapshots). Switching never touches the live session, which keeps updating meanwhile.
import { words } from '../i18n/words.js';
import type { NetlensApi, SnapshotRef } from '../../../../src/api/contract.js';
import type { CompareOptions } from '../../../../src/model/diff-types.js';
import type { Snapshot } from '../../../../src/model/snapshot.js';
import { loadComparison, refValue, type Comparison } from '../compare/load.js';
import type { SnapshotLibrary } from './snapshots.svelte.js';
import { loadDemo } from '../demo.js';

export type View =
  | { kind: 'live' }
  | { kind: 'saved'; id: string; name: string; snapshot: Snapshot }
  | { kind: 'compare'; comparison: Comparison }
  /** The bundled demo snapshot (a redacted capture), for a look around without Docker. */
  | { kind: 'demo'; snapshot: Snapshot }
  /** A live host as its session recorded it at a moment of the timeline. */
  | { kind: 'moment'; hostId: string; at: string; snapshot: Snapshot };

/** Tabs of the details panel. */
export type PanelTab = 'inspect' | 'path' | 'findings' | 'snapshots' | 'compare' | 'timeline';

export class ViewState {
  current = $state.raw<View>({ kind: 'live' });
  busy = $state(false);
  error = $state<string | null>(null);
  /** The compare pickers' choices (`saved:<id>`, `live:<hostId>`), kept here so any comparison sets them. */
  pickA = $state('');
  pickB = $state('');
  /** How comparisons are made (the compare panel's toggles). */
  options = $state<CompareOptions>({});

  readonly #api: NetlensApi;
  readonly #library: SnapshotLibrary;

  constructor(api: NetlensApi, library: SnapshotLibrary) {
    this.#api = api;
    this.#library = library;
  }

  /** The snapshot to draw, given the live one. */
  shown(live: Snapshot | null): Snapshot | null {
    const v = this.current;
    return v.kind === 'live' ? live : v.kind === 'compare' ? v.comparison.merged : v.snapshot;
  }

  /** Changes whenever the drawing shows something else (not on live updates). */
  get key(): string {
    const v = this.current;
    if (v.kind === 'saved') return `saved:${v.id}`;
    if (v.kind === 'moment') return `moment:${v.hostId}:${v.at}`;
    if (v.kind === 'compare')
      return `compare:${JSON.stringify(v.comparison.refs)}:${JSON.stringify(v.comparison.options)}`;
    if (v.kind === 'demo') return 'demo';
    return 'live';
  }

  get comparison(): Comparison | null {
    return this.current.kind === 'compare' ? this.current.comparison : null;
  }

  /** What the picture shows, in words (its accessible label and the exported file's title). */
  title(hostName: string): string {
    const v = this.current;
    const w = words().app;
    if (v.kind === 'saved') return w.pictureSaved(v.name, v.snapshot.host.name);
    if (v.kind === 'demo') return w.pictureDemo;
    if (v.kind === 'moment') return w.pictureMoment(v.snapshot.host.name, v.at);
    if (v.kind === 'compare') return w.pictureCompare(v.comparison.diff.a.label, v.comparison.diff.b.label);
    return w.pictureLive(hostName);
  }

  live(): void {
    this.current = { kind: 'live' };
    this.error = null;
  }

  /** Show the bundled demo snapshot. */
  async openDemo(): Promise<void> {
    try {
      this.current = { kind: 'demo', snapshot: await loadDemo() };
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  async openSaved(id: string): Promise<void> {
    const snapshot = await this.#library.open(id);
    if (!snapshot) return;
    this.current = { kind: 'saved', id, name: this.#library.find(id)?.name ?? id, snapshot };
  }

  /** Shows a live host as its session recorded it at a moment (the timeline's slider and list). */
  async openMoment(hostId: string, at: string): Promise<void> {
    const asked = (this.#momentAsked = `${hostId}@${at}`);
    try {
      const snapshot = await this.#api.request('history:at', { hostId, at });
      // Moving the slider fast: only the last moment asked for is shown.
      if (this.#momentAsked === asked) this.current = { kind: 'moment', hostId, at, snapshot };
      this.error = null;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }
  #momentAsked = '';

  async compare(a: SnapshotRef, b: SnapshotRef): Promise<boolean> {
    this.busy = true;
    this.error = null;
    this.pickA = refValue(a);
    this.pickB = refValue(b);
    try {
      const options = { ...this.options };
      this.current = { kind: 'compare', comparison: await loadComparison(this.#api, a, b, options) };
      return true;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
      return false;
    } finally {
      this.busy = false;
    }
  }
}
