// One line per failure, naming the cause and what to do; stacks only with NETLENS_DEBUG=1.
import { ConnectionError } from '../connection/types.js';

export function describeError(error: unknown): string {
  if (error instanceof ConnectionError) return error.message;
  if (error instanceof Error) return error.message.split('\n')[0] ?? String(error);
  return String(error);
}

export function fail(error: unknown, exitCode = 2): never {
  process.stderr.write(`netlens: ${describeError(error)}\n`);
  if (process.env.NETLENS_DEBUG === '1' && error instanceof Error && error.stack)
    process.stderr.write(`${error.stack}\n`);
  process.exit(exitCode);
}
