// `netlens diff A B` and `netlens diff --host TARGET BASELINE`: compare two snapshots (files or saved
// ones) or a baseline with a live capture. Exit status: 0 equal, 1 different, 2 error (one line, no stack).
import type { Command } from 'commander';
import { diffSnapshots } from '../../diff/diff-snapshots.js';
import type { Snapshot } from '../../model/snapshot.js';
import { openStore } from '../../store/file-store.js';
import { resolveSnapshot } from '../../store/resolve-ref.js';
import { formatDiff } from '../diff-format.js';
import { describeError } from '../errors.js';
import { resolveIo, withUsageExit, type CliIo } from './snapshots.js';

export interface DiffCommandDeps extends CliIo {
  /**
   * Captures a host now. `options` holds every parsed option of the command, including any the lead
   * adds with `captureOptions` (SSH identity, known hosts…).
   */
  captureLive?: (target: string, options: Record<string, unknown>) => Promise<Snapshot>;
  /** Adds the options a live capture needs (except --host, which diff defines). */
  captureOptions?: (cmd: Command) => Command;
  /** Whether stdout is a terminal (for colour); default process.stdout.isTTY. */
  isTTY?: boolean;
  env?: NodeJS.ProcessEnv;
}

interface DiffOptions {
  host?: string;
  json?: boolean;
  store?: string;
  volatile?: boolean;
  color?: boolean;
}

class UsageError extends Error {}

export function registerDiffCommand(program: Command, deps: DiffCommandDeps = {}): Command {
  const io = resolveIo(deps);
  const env = deps.env ?? process.env;
  let cmd = withUsageExit(program.command('diff'), io)
    .description('compare two snapshots (files, saved ids or names), or a baseline with a live host')
    .argument('[a]', 'the earlier snapshot (or the baseline, with --host)')
    .argument('[b]', 'the later snapshot')
    .option('--host <target>', 'capture this host now and compare it with the baseline A')
    .option('--json', 'print the SnapshotDiff as JSON')
    .option('--store <dir>', `snapshot folder for saved ids and names (default ${io.storeDir})`)
    .option('--volatile', 'also compare counters, ifindexes, pids, namespace inodes and rule positions')
    .option('--color', 'colour the change list')
    .option('--no-color', 'never colour the change list');
  if (deps.captureOptions) cmd = deps.captureOptions(cmd);

  cmd.action(async (a: string | undefined, b: string | undefined, options: DiffOptions) => {
    try {
      const store = openStore(options.store ?? io.storeDir);
      let before: { snapshot: Snapshot; label: string };
      let after: { snapshot: Snapshot; label: string };
      if (options.host !== undefined) {
        if (a === undefined || b !== undefined)
          throw new UsageError('with --host, give exactly one baseline: netlens diff --host TARGET BASELINE');
        if (!deps.captureLive) throw new UsageError('live capture is not available in this build');
        before = await resolveSnapshot(store, a);
        after = {
          snapshot: await deps.captureLive(options.host, { ...options }),
          label: `live ${options.host}`,
        };
      } else {
        if (a === undefined || b === undefined)
          throw new UsageError(
            'give two snapshots: netlens diff A B (or netlens diff --host TARGET BASELINE)',
          );
        [before, after] = await Promise.all([resolveSnapshot(store, a), resolveSnapshot(store, b)]);
      }
      const diff = diffSnapshots(
        before.snapshot,
        after.snapshot,
        { a: before.label, b: after.label },
        { volatile: options.volatile === true },
      );
      const color =
        options.color ??
        ((deps.isTTY ?? process.stdout.isTTY === true) && !env.NO_COLOR && env.TERM !== 'dumb');
      io.out(options.json ? `${JSON.stringify(diff, null, 2)}\n` : formatDiff(diff, { color }));
      io.setExitCode(diff.equal ? 0 : 1);
    } catch (error) {
      io.err(`netlens diff: ${describeError(error)}\n`);
      io.setExitCode(2);
    }
  });
  return cmd;
}
