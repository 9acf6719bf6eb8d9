// ProxyCommand from ~/.ssh/config, run without a shell: the command is split into words with
// shell-quote (quotes and $VARIABLES of this environment as a shell would read them), %h %p %r %n
// are expanded inside each word after the split, and anything that needs a shell (pipes,
// redirections, globs, an unset variable) is refused with a message, never half-run.
import { spawn } from 'node:child_process';
import { Duplex } from 'node:stream';
import { parse } from 'shell-quote';
import { ConnectionError } from '../types.js';
import type { SshTarget } from './target.js';

function refuse(target: SshTarget, command: string, why: string): ConnectionError {
  return new ConnectionError(
    'bad-target',
    `the ssh config's ProxyCommand for ${target.alias} (${JSON.stringify(command)}) ${why}: Netlens runs it as one command without a shell; wrap it in a script, or use ProxyJump`,
  );
}

/** The argument vector of `command` for this hop. */
export function proxyCommandArgv(command: string, target: SshTarget, env = process.env): string[] {
  // An unset variable comes back as this object (a shell would silently make it empty).
  const words = parse(command, (name) => env[name] ?? { unset: name });
  const argv: string[] = [];
  for (const word of words as unknown[]) {
    if (typeof word === 'string') {
      argv.push(word);
      continue;
    }
    const entry = word as { unset?: string; comment?: string; op?: string; pattern?: string };
    if (entry.comment !== undefined) break;
    if (entry.unset !== undefined) throw refuse(target, command, `uses $${entry.unset}, which is not set`);
    if (entry.op === 'glob') throw refuse(target, command, `has a wildcard (${entry.pattern ?? ''})`);
    throw refuse(target, command, `uses the shell operator ${JSON.stringify(entry.op)}`);
  }
  // `exec` in front is how one keeps the shell from staying around; without a shell it is a no-op.
  if (argv[0] === 'exec') argv.shift();
  if (argv.length === 0) throw refuse(target, command, 'is empty');
  const tokens: Record<string, string> = {
    '%': '%',
    h: target.host,
    p: String(target.port),
    r: target.user,
    n: target.alias,
  };
  return argv.map((word) =>
    word.replace(/%(.)/g, (_whole, letter: string) => {
      const value = tokens[letter];
      if (value === undefined)
        throw refuse(target, command, `uses %${letter}, which ProxyCommand does not define`);
      return value;
    }),
  );
}

export interface ProxyProcess {
  /** The command's stdout and stdin, as the byte stream to the host. */
  stream: Duplex;
  /** Why the command failed (could not start, exited): waits up to `ms` for it to end. */
  failure(ms?: number): Promise<string | undefined>;
  /** Ends the command (SIGTERM). */
  close(): void;
}

export function spawnProxyCommand(argv: readonly string[]): ProxyProcess {
  const [file, ...args] = argv;
  const shown = argv.join(' ');
  const child = spawn(file ?? '', args, { stdio: ['pipe', 'pipe', 'pipe'], shell: false });
  let stderr = '';
  let failure: string | undefined;
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 4096) stderr += chunk.toString('utf8');
  });
  const stream = Duplex.from({ readable: child.stdout, writable: child.stdin });
  child.on('error', (error: NodeJS.ErrnoException) => {
    failure = `the ProxyCommand \`${shown}\` could not start (${error.code ?? error.message})`;
    stream.destroy(new Error(failure));
  });
  child.on('exit', (code, signal) => {
    if (code === 0) return;
    const said = stderr.trim().split('\n')[0];
    failure ??= `the ProxyCommand \`${shown}\` exited with ${code !== null ? `code ${code}` : String(signal)}${said ? `: ${said}` : ''}`;
  });
  child.stdin.on('error', () => undefined);
  const ended = new Promise<void>((resolve) => {
    child.once('close', () => resolve());
    child.once('error', () => resolve());
  });
  return {
    stream,
    failure: async (ms = 1_000) => {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([ended, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
      clearTimeout(timer);
      return failure;
    },
    close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
  };
}
