// `netlens history [--host T] [--since 1h]`: what a live session (`netlens serve`, the desktop app)
// recorded of a host, moment by moment. Declared here; reading is in history-run.ts, loaded when it runs.
import { InvalidArgumentError, type Command } from 'commander';
import { asOption, parseDuration } from '../durations.js';
import { describeError } from '../errors.js';
import { resolveIo, withUsageExit, type CliIo } from '../io.js';
import type { HistoryCliOptions } from './history-run.js';

export function registerHistoryCommand(program: Command, deps: CliIo = {}): Command {
  const io = resolveIo(deps);
  return withUsageExit(program.command('history'), io)
    .description("what the live sessions recorded of a host's network, moment by moment")
    .option('--host <target>', 'the host, as it was added (default: every recorded host)')
    .option(
      '--since <when>',
      'only moments this recent (1h, 30m, 2d) or after this ISO time',
      asOption(sinceOption, (m) => new InvalidArgumentError(m)),
    )
    .option(
      '--limit <n>',
      'the newest n moments of each host (default 200)',
      asOption(limitOption, (m) => new InvalidArgumentError(m)),
    )
    .option('--store <dir>', `snapshot folder; the history is beside it (default ${io.storeDir})`)
    .option('--history <dir>', 'history folder (default: `history` beside the snapshot folder)')
    .option('--json', 'print JSON')
    .action(async (options: HistoryCliOptions) => {
      try {
        const { runHistory } = await import('./history-run.js');
        await runHistory(options, io);
      } catch (error) {
        io.err(`netlens history: ${describeError(error)}\n`);
        io.setExitCode(2);
      }
    });
}

/** `--since`: a duration back from now, or an ISO time; as ms since the epoch. */
function sinceOption(value: string): number {
  const at = Date.parse(value);
  if (/^\d{4}-\d\d-\d\d/.test(value) && !Number.isNaN(at)) return at;
  return Date.now() - parseDuration(value, '--since');
}

function limitOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--limit ${value}: a whole number above 0`);
  return n;
}
