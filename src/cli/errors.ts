// One line per failure, naming the cause and what to do; stacks only with NETLENS_DEBUG=1.
import { ConnectionError } from '../connection/types.js';
import { visible, visibleLines } from './terminal-text.js';

/** The first line of the message, control characters escaped: messages quote file names and data. */
export function describeError(error: unknown): string {
  const text =
    error instanceof ConnectionError
      ? error.message
      : error instanceof Error
        ? (error.message.split('\n')[0] ?? String(error))
        : String(error);
  return visible(text);
}

export function fail(error: unknown, exitCode = 2): never {
  process.stderr.write(`netlens: ${describeError(error)}\n`);
  if (process.env.NETLENS_DEBUG === '1' && error instanceof Error && error.stack)
    process.stderr.write(`${visibleLines(error.stack)}\n`);
  process.exit(exitCode);
}
