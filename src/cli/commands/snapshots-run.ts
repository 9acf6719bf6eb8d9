// What `netlens snapshots …` subcommands do, loaded only when one runs (snapshots.ts declares them),
// and saveSnapshot() for `netlens snapshot --save NAME`.
import type { SnapshotMeta } from '../../api/contract.js';
import type { Snapshot } from '../../model/snapshot.js';
import { writeFileAtomic } from '../../store/atomic-write.js';
import { openStore, type SnapshotFileStore } from '../../store/file-store.js';
import { defaultStoreDir } from '../../store/paths.js';
import { requireSaved } from '../../store/resolve-ref.js';
import type { StoreEntry } from '../../store/sidecar.js';
import { describeError } from '../errors.js';
import type { ResolvedIo } from '../io.js';
import { formatSummary } from '../summary.js';
import { visible, visibleDeep } from '../terminal-text.js';

export type StoreOpt = { store?: string };
export type JsonOpt = StoreOpt & { json?: boolean };
export type ImportOpt = StoreOpt & { name?: string };
export type ExportOpt = StoreOpt & { output?: string; redact?: boolean; key?: string };

export async function saveSnapshot(
  snapshot: Snapshot,
  options: { name: string; note?: string; storeDir?: string },
): Promise<SnapshotMeta> {
  return openStore(options.storeDir ?? defaultStoreDir()).save(snapshot, {
    name: options.name,
    note: options.note,
  });
}

const kb = (bytes: number) =>
  bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(bytes < 10240 ? 1 : 0)} kB`;

function table(list: StoreEntry[]): string {
  if (list.length === 0) return 'No saved snapshots.\n';
  const entries = visibleDeep(list);
  const rows = entries.map((e) =>
    e.error
      ? [e.id, e.name, 'BROKEN', e.error, '', '']
      : [e.id, e.name, e.host, e.capturedAt.replace(/\.\d+Z$/, 'Z'), String(e.containers), kb(e.bytes)],
  );
  const head = ['ID', 'NAME', 'HOST', 'CAPTURED', 'CONTAINERS', 'SIZE'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[head, ...rows].map(line).join('\n')}\n`;
}

const storeOf = (io: ResolvedIo, o: StoreOpt): SnapshotFileStore => openStore(o.store ?? io.storeDir);

export async function listSnapshots(io: ResolvedIo, o: JsonOpt): Promise<void> {
  const entries = await storeOf(io, o).list();
  io.out(o.json ? `${JSON.stringify(entries, null, 2)}\n` : table(entries));
}

export async function showSnapshot(io: ResolvedIo, ref: string, o: JsonOpt): Promise<void> {
  const store = storeOf(io, o);
  const entry = await requireSaved(store, ref);
  const snapshot = await store.open(entry.id);
  if (o.json) return io.out(`${JSON.stringify(snapshot, null, 2)}\n`);
  const note = entry.note ? `\nNote: ${visible(entry.note)}` : '';
  io.out(
    `Snapshot ${entry.id} "${visible(entry.name)}", saved ${entry.savedAt}${note}\n\n${formatSummary(snapshot)}`,
  );
}

export async function renameSnapshot(io: ResolvedIo, ref: string, name: string, o: StoreOpt): Promise<void> {
  const store = storeOf(io, o);
  const meta = await store.rename((await requireSaved(store, ref)).id, name);
  io.out(`Renamed ${meta.id} to "${visible(meta.name)}".\n`);
}

export async function deleteSnapshot(io: ResolvedIo, ref: string, o: StoreOpt): Promise<void> {
  const store = storeOf(io, o);
  const entry = await requireSaved(store, ref);
  await store.delete(entry.id);
  io.out(`Deleted ${entry.id} ("${visible(entry.name)}").\n`);
}

export async function importSnapshots(io: ResolvedIo, files: string[], o: ImportOpt): Promise<void> {
  const store = storeOf(io, o);
  // Each file on its own: a bad one is named and the rest are still imported; exit 2 if any failed.
  let failed = 0;
  for (const file of files) {
    try {
      const meta = await store.importFile(file);
      const named = o.name ? await store.rename(meta.id, o.name) : meta;
      io.out(`Imported ${visible(file)} as ${named.id} ("${visible(named.name)}").\n`);
    } catch (error) {
      failed += 1;
      io.err(`netlens snapshots: cannot import ${visible(file)}: ${describeError(error)}\n`);
    }
  }
  if (failed > 0) io.setExitCode(2);
}

export async function exportSnapshot(io: ResolvedIo, ref: string, o: ExportOpt): Promise<void> {
  const store = storeOf(io, o);
  const entry = await requireSaved(store, ref);
  const { content } = await store.exportSnapshot(entry.id, {
    redact: o.redact === true,
    key: o.key ?? process.env.NETLENS_REDACT_KEY,
  });
  if (!o.output) return io.out(content);
  // Readable by the user only, like the store it comes from (an unredacted export maps the host).
  await writeFileAtomic(o.output, content, { mode: 0o600 });
  io.err(`Wrote ${visible(o.output)}.\n`);
}
