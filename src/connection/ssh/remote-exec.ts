// Runs an argument vector on an SSH exec channel. The remote side always hands the command line
// to the user's login shell, so every argument is quoted and arrives as one literal word.
import { quote } from 'shell-quote';
import type { Client, ClientChannel } from 'ssh2';
import type { ExecOptions, ExecResult } from '../types.js';

const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_OUTPUT = 256 * 1024 * 1024;
/** sshd frees a session slot a moment after the channel closes; a refused open is retried. */
const OPEN_RETRIES = 5;

/** The command line sent to sshd: each argument quoted for a POSIX shell. */
export function commandLine(argv: readonly string[]): string {
  if (argv.length === 0 || argv[0] === '') throw new Error('exec: empty argument vector');
  if (argv.some((arg) => arg.includes('\0'))) throw new Error('exec: an argument contains a NUL byte');
  return quote([...argv]);
}

/** Collects a channel's output. Called inside ssh2's exec callback: several packets (data, exit,
 * close) can arrive in one read, so listeners attached a microtask later would miss the exit. */
function collect(channel: ClientChannel, argv: readonly string[], options: ExecOptions): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let code: number | null = null;
    let exited = false;
    let why = '';
    let settled = false;
    const finish = () => {
      settled = true;
      const stderr = Buffer.concat(err).toString('utf8');
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: why ? `${stderr}\n${argv[0] ?? ''}: ${why}` : stderr,
        code: why ? null : code,
      });
    };
    // Answer at once: sshd may keep the channel until the process is gone.
    const stop = (reason: string) => {
      if (settled) return;
      why = reason;
      try {
        channel.signal('KILL');
      } catch {
        // older servers ignore signals; closing the channel is what counts
      }
      channel.close();
      finish();
    };
    const timer = setTimeout(() => stop('timed out'), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const gather = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT) stop('output too large');
      else into.push(chunk);
    };
    channel.on('data', gather(out));
    channel.stderr.on('data', gather(err));
    channel.on('exit', (exitCode: number | null) => {
      exited = true;
      code = typeof exitCode === 'number' ? exitCode : null;
    });
    channel.on('error', () => undefined);
    channel.on('close', () => {
      clearTimeout(timer);
      if (settled) return;
      if (exited) finish();
      else {
        settled = true;
        reject(new Error('the SSH channel closed before the command finished'));
      }
    });
    channel.end(options.stdin ?? '');
  });
}

function execOnce(
  client: Client,
  command: string,
  argv: readonly string[],
  options: ExecOptions,
): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    try {
      client.exec(command, (error, channel) => {
        if (error) reject(error);
        else collect(channel, argv, options).then(resolve, reject);
      });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

export async function runRemote(
  client: Client,
  argv: readonly string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  const command = commandLine(argv);
  for (let attempt = 0; ; attempt++) {
    try {
      return await execOnce(client, command, argv, options);
    } catch (error) {
      // The channel was never opened, so the command did not run: safe to try again.
      const refused = error instanceof Error && /Channel open failure/.test(error.message);
      if (!refused || attempt >= OPEN_RETRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
    }
  }
}
