// `netlens serve`: the app in a browser, over a token-guarded WebSocket on 127.0.0.1. The server and
// the back end behind it are imported only when the command runs.
import { InvalidArgumentError, type Command } from 'commander';
import { asOption, parseDuration, parseSize } from '../durations.js';
import { fail } from '../errors.js';

interface ServeCliOptions {
  port?: number;
  open?: boolean;
  store?: string;
  /** false with --no-history */
  history: boolean;
  historyAge?: number;
  historySize?: number;
  historyKeyframe?: number;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description(
      'serve the Netlens app to your browser on 127.0.0.1 (the printed URL carries a per-run token)',
    )
    .option('-p, --port <port>', 'port on 127.0.0.1 (default: a free one)', (v) => {
      // InvalidArgumentError: commander prints it as a usage error (one line), not a stack trace.
      const port = /^[0-9]{1,5}$/.test(v) ? Number(v) : NaN;
      if (!Number.isInteger(port) || port > 65535)
        throw new InvalidArgumentError('not a port number (0 to 65535; 0 picks a free one)');
      return port;
    })
    .option('--open', 'open the URL in the default browser')
    .option('--store <dir>', 'snapshot store folder (default: the platform data folder)')
    .option('--no-history', 'do not record the live sessions (their timeline is kept beside the store)')
    .option(
      '--history-age <duration>',
      'keep the recorded timeline this long (default 24h)',
      asOption(
        (v) => parseDuration(v, '--history-age'),
        (m) => new InvalidArgumentError(m),
      ),
    )
    .option(
      '--history-size <size>',
      "largest size of one host's timeline (default 64M)",
      asOption(
        (v) => parseSize(v, '--history-size'),
        (m) => new InvalidArgumentError(m),
      ),
    )
    .option(
      '--history-keyframe <duration>',
      'a full snapshot in the timeline this often (default 10m)',
      (v) => parseDuration(v, '--history-keyframe'),
    )
    .action(async (options: ServeCliOptions) => {
      try {
        const { runServe } = await import('../../server/run-serve.js');
        const handle = await runServe({
          port: options.port ?? 0,
          open: options.open === true,
          storeDir: options.store,
          handleSignals: true,
          history:
            options.history &&
            Object.fromEntries(
              Object.entries({
                maxAgeMs: options.historyAge,
                maxBytes: options.historySize,
                keyframeMs: options.historyKeyframe,
              }).filter(([, v]) => v !== undefined),
            ),
        });
        await handle.closed;
      } catch (error) {
        fail(error);
      }
    });
}
