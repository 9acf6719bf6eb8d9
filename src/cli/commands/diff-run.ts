// What `netlens diff` does, loaded only when it runs (diff.ts declares the command and its help).
import { diffSnapshots } from '../../diff/diff-snapshots.js';
import type { Snapshot } from '../../model/snapshot.js';
import { openStore } from '../../store/file-store.js';
import { resolveSnapshot } from '../../store/resolve-ref.js';
import { formatDiff, formatDiffMarkdown } from '../diff-format.js';
import type { ResolvedIo } from '../io.js';

export interface DiffOptions {
  host?: string;
  json?: boolean;
  store?: string;
  volatile?: boolean;
  all?: boolean;
  byRole?: boolean;
  strict?: boolean;
  format?: string;
  color?: boolean;
}

export const DIFF_FORMATS = ['text', 'markdown', 'json'] as const;

export interface DiffRun {
  io: ResolvedIo;
  env: NodeJS.ProcessEnv;
  isTTY?: boolean;
  captureLive?: (target: string, options: Record<string, unknown>) => Promise<Snapshot>;
}

/** A mistake in how the command was called (as opposed to a failure while running it). */
class UsageError extends Error {}

/** Compares and prints; returns the exit status (0 equal, 1 different). Throws on failure. */
export async function runDiff(
  a: string | undefined,
  b: string | undefined,
  options: DiffOptions,
  { io, env, isTTY, captureLive }: DiffRun,
): Promise<number> {
  const format = options.json ? 'json' : (options.format ?? 'text');
  if (!(DIFF_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format ${format}: use one of ${DIFF_FORMATS.join(', ')}`);
  const store = openStore(options.store ?? io.storeDir);
  let before: { snapshot: Snapshot; label: string };
  let after: { snapshot: Snapshot; label: string };
  if (options.host !== undefined) {
    if (a === undefined || b !== undefined)
      throw new UsageError('with --host, give exactly one baseline: netlens diff --host TARGET BASELINE');
    if (!captureLive) throw new UsageError('live capture is not available in this build');
    before = await resolveSnapshot(store, a);
    after = {
      snapshot: await captureLive(options.host, { ...options }),
      label: `live ${options.host}`,
    };
  } else {
    if (a === undefined || b === undefined)
      throw new UsageError('give two snapshots: netlens diff A B (or netlens diff --host TARGET BASELINE)');
    [before, after] = await Promise.all([resolveSnapshot(store, a), resolveSnapshot(store, b)]);
  }
  const diff = diffSnapshots(
    before.snapshot,
    after.snapshot,
    { a: before.label, b: after.label },
    {
      volatile: options.volatile === true,
      all: options.all === true,
      // Strict is a way of comparing by role, so it asks for one.
      ...(options.byRole === true || options.strict === true ? { byRole: true } : {}),
      strict: options.strict === true,
    },
  );
  const color =
    options.color ?? ((isTTY ?? process.stdout.isTTY === true) && !env.NO_COLOR && env.TERM !== 'dumb');
  if (format === 'json') io.out(`${JSON.stringify(diff, null, 2)}\n`);
  else io.outStyled(format === 'markdown' ? formatDiffMarkdown(diff) : formatDiff(diff, { color }));
  return diff.equal ? 0 : 1;
}
