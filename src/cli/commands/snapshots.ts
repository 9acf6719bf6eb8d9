// `netlens snapshots list|show|rename|delete|import|export`: the saved snapshot store from a terminal,
// and saveSnapshot() for `netlens snapshot --save NAME`.
import type { Command } from 'commander';
import type { SnapshotMeta } from '../../api/contract.js';
import type { Snapshot } from '../../model/snapshot.js';
import { writeFileAtomic } from '../../store/atomic-write.js';
import { openStore, type SnapshotFileStore } from '../../store/file-store.js';
import { defaultStoreDir } from '../../store/paths.js';
import { requireSaved } from '../../store/resolve-ref.js';
import type { StoreEntry } from '../../store/sidecar.js';
import { describeError } from '../errors.js';
import { formatSummary } from '../summary.js';

/** Output and exit seams, so commands run in tests without touching the process. */
export interface CliIo {
  out?: (text: string) => void;
  err?: (text: string) => void;
  /** Records the exit status (default: process.exitCode), letting pending output flush. */
  setExitCode?: (code: number) => void;
  /** Ends the process at once; used only for command-line usage errors. */
  exit?: (code: number) => never;
  /** Default store folder (default: defaultStoreDir()). */
  storeDir?: string;
}

export interface ResolvedIo {
  out: (text: string) => void;
  err: (text: string) => void;
  setExitCode: (code: number) => void;
  exit: (code: number) => never;
  storeDir: string;
}

export function resolveIo(io: CliIo): ResolvedIo {
  return {
    out: io.out ?? ((t) => void process.stdout.write(t)),
    err: io.err ?? ((t) => void process.stderr.write(t)),
    setExitCode: io.setExitCode ?? ((c) => void (process.exitCode = c)),
    exit: io.exit ?? ((c) => process.exit(c)),
    storeDir: io.storeDir ?? defaultStoreDir(),
  };
}

/** Usage errors (missing argument, unknown option) exit with 2 like every other failure; help with 0. */
export function withUsageExit(cmd: Command, io: ResolvedIo): Command {
  return cmd.exitOverride((error) => io.exit(error.exitCode === 0 ? 0 : 2));
}

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

function table(entries: StoreEntry[]): string {
  if (entries.length === 0) return 'No saved snapshots.\n';
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

type StoreOpt = { store?: string };

export function registerSnapshotsCommand(program: Command, deps: CliIo = {}): Command {
  const io = resolveIo(deps);
  const storeOf = (o: StoreOpt): SnapshotFileStore => openStore(o.store ?? io.storeDir);
  // Every action: one line on failure, exit 2.
  const run =
    <A extends unknown[]>(fn: (...args: A) => Promise<void>) =>
    async (...args: A) => {
      try {
        await fn(...args);
      } catch (error) {
        io.err(`netlens snapshots: ${describeError(error)}\n`);
        io.setExitCode(2);
      }
    };
  const group = withUsageExit(program.command('snapshots'), io).description(
    'list and manage saved snapshots',
  );
  const sub = (name: string) =>
    withUsageExit(group.command(name), io).option(
      '--store <dir>',
      `snapshot folder (default ${io.storeDir})`,
    );

  sub('list')
    .description('list saved snapshots, newest first')
    .option('--json', 'print JSON')
    .action(
      run(async (o: StoreOpt & { json?: boolean }) => {
        const entries = await storeOf(o).list();
        io.out(o.json ? `${JSON.stringify(entries, null, 2)}\n` : table(entries));
      }),
    );

  sub('show')
    .argument('<ref>', 'id or name of a saved snapshot')
    .description('describe a saved snapshot')
    .option('--json', 'print the whole snapshot as JSON')
    .action(
      run(async (ref: string, o: StoreOpt & { json?: boolean }) => {
        const store = storeOf(o);
        const entry = await requireSaved(store, ref);
        const snapshot = await store.open(entry.id);
        if (o.json) return io.out(`${JSON.stringify(snapshot, null, 2)}\n`);
        const note = entry.note ? `\nNote: ${entry.note}` : '';
        io.out(
          `Snapshot ${entry.id} "${entry.name}", saved ${entry.savedAt}${note}\n\n${formatSummary(snapshot)}`,
        );
      }),
    );

  sub('rename')
    .argument('<ref>', 'id or name of a saved snapshot')
    .argument('<name>', 'the new name')
    .description('rename a saved snapshot')
    .action(
      run(async (ref: string, name: string, o: StoreOpt) => {
        const store = storeOf(o);
        const meta = await store.rename((await requireSaved(store, ref)).id, name);
        io.out(`Renamed ${meta.id} to "${meta.name}".\n`);
      }),
    );

  sub('delete')
    .argument('<ref>', 'id or name of a saved snapshot')
    .description('delete a saved snapshot')
    .action(
      run(async (ref: string, o: StoreOpt) => {
        const store = storeOf(o);
        const entry = await requireSaved(store, ref);
        await store.delete(entry.id);
        io.out(`Deleted ${entry.id} ("${entry.name}").\n`);
      }),
    );

  sub('import')
    .argument('<files...>', 'snapshot files (.json or .json.gz)')
    .description('copy snapshot files into the store')
    .option('--name <name>', 'name to save under (default: the name inside the file, or the file name)')
    .action(
      run(async (files: string[], o: StoreOpt & { name?: string }) => {
        const store = storeOf(o);
        for (const file of files) {
          const meta = await store.importFile(file);
          const named = o.name ? await store.rename(meta.id, o.name) : meta;
          io.out(`Imported ${file} as ${named.id} ("${named.name}").\n`);
        }
      }),
    );

  sub('export')
    .argument('<ref>', 'id or name of a saved snapshot')
    .description('write a saved snapshot as a JSON file (or to stdout)')
    .option('-o, --output <file>', 'file to write (default: stdout)')
    .option('--redact', 'replace addresses, MACs, names and ids consistently before export')
    .option(
      '--key <secret>',
      'redaction key (or env NETLENS_REDACT_KEY): exports made with one key stay comparable',
    )
    .action(
      run(async (ref: string, o: StoreOpt & { output?: string; redact?: boolean; key?: string }) => {
        const store = storeOf(o);
        const entry = await requireSaved(store, ref);
        const { content } = await store.exportSnapshot(entry.id, {
          redact: o.redact === true,
          key: o.key ?? process.env.NETLENS_REDACT_KEY,
        });
        if (!o.output) return io.out(content);
        await writeFileAtomic(o.output, content, { mode: 0o644 });
        io.err(`Wrote ${o.output}.\n`);
      }),
    );
  return group;
}
