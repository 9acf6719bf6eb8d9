// Output and exit seams shared by the commands, so they run in tests without touching the process.
// Light on purpose: every command's declaration imports it, and `netlens --help` loads those.
import type { Command } from 'commander';
import { defaultStoreDir } from '../store/default-dir.js';
import { visibleLines } from './terminal-text.js';

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
  /** Writes to stdout with every control character but the line feed escaped (terminal-text.ts). */
  out: (text: string) => void;
  /** The same for stderr. */
  err: (text: string) => void;
  /** Writes as is: only for text whose data a formatter has already escaped (colour codes kept). */
  outStyled: (text: string) => void;
  setExitCode: (code: number) => void;
  exit: (code: number) => never;
  storeDir: string;
}

export function resolveIo(io: CliIo): ResolvedIo {
  const out = io.out ?? ((t: string) => void process.stdout.write(t));
  const err = io.err ?? ((t: string) => void process.stderr.write(t));
  return {
    out: (t) => out(visibleLines(t)),
    err: (t) => err(visibleLines(t)),
    outStyled: out,
    setExitCode: io.setExitCode ?? ((c) => void (process.exitCode = c)),
    exit: io.exit ?? ((c) => process.exit(c)),
    storeDir: io.storeDir ?? defaultStoreDir(),
  };
}

/** Usage errors (missing argument, unknown option) exit with 2 like every other failure; help with 0. */
export function withUsageExit(cmd: Command, io: ResolvedIo): Command {
  return cmd.exitOverride((error) => io.exit(error.exitCode === 0 ? 0 : 2));
}
