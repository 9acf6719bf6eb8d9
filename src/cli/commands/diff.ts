// `netlens diff A B` and `netlens diff --host TARGET BASELINE`: compare two snapshots (files or saved
// ones) or a baseline with a live capture. Exit status: 0 equal, 1 different, 2 error (one line, no stack).
// Declared here (arguments, options, help); the comparison is in diff-run.ts, imported when it runs.
import type { Command } from 'commander';
import type { Snapshot } from '../../model/snapshot.js';
import { describeError } from '../errors.js';
import { resolveIo, withUsageExit, type CliIo } from '../io.js';
import type { DiffOptions } from './diff-run.js';

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

export function registerDiffCommand(program: Command, deps: DiffCommandDeps = {}): Command {
  const io = resolveIo(deps);
  const env = deps.env ?? process.env;
  let cmd = withUsageExit(program.command('diff'), io)
    .description('compare two snapshots (files, saved ids or names), or a baseline with a live host')
    .argument('[a]', 'the earlier snapshot (or the baseline, with --host)')
    .argument('[b]', 'the later snapshot')
    .option('--host <target>', 'capture this host now and compare it with the baseline A')
    .option('--all', 'also show counters and what the kernel makes by itself or repeats another change')
    .option(
      '--by-role',
      'compare by role even on one host: containers by name or compose service, networks by name or what they serve (on by default for two hosts)',
    )
    .option('--strict', 'by role, but addresses and generated device names that differ are changes')
    .option('--format <format>', 'text (default), markdown (for tickets and pull requests) or json')
    .option('--json', 'print the SnapshotDiff as JSON (same as --format json)')
    .option('--store <dir>', `snapshot folder for saved ids and names (default ${io.storeDir})`)
    .option('--volatile', 'also compare counters, ifindexes, pids, namespace inodes and rule positions')
    .option('--color', 'colour the change list')
    .option('--no-color', 'never colour the change list');
  if (deps.captureOptions) cmd = deps.captureOptions(cmd);

  cmd.action(async (a: string | undefined, b: string | undefined, options: DiffOptions) => {
    try {
      const { runDiff } = await import('./diff-run.js');
      io.setExitCode(
        await runDiff(a, b, options, {
          io,
          env,
          ...(deps.isTTY !== undefined && { isTTY: deps.isTTY }),
          ...(deps.captureLive && { captureLive: deps.captureLive }),
        }),
      );
    } catch (error) {
      io.err(`netlens diff: ${describeError(error)}\n`);
      io.setExitCode(2);
    }
  });
  return cmd;
}
