// The local host: child processes for commands, the Docker socket (or DOCKER_HOST) for the API.
import { spawn } from 'node:child_process';
import Docker from 'dockerode';
import type { Connection, ExecOptions, ExecResult } from './types.js';

const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_OUTPUT = 256 * 1024 * 1024;
/** After the kill, how long to wait for the exit before answering anyway (a process stuck in the kernel). */
const KILL_GRACE_MS = 2_000;
/** A process group of its own, so a timeout can kill everything the command started (not on Windows). */
const OWN_GROUP = process.platform !== 'win32';

/**
 * Runs an argument vector as a child process. The promise always settles: on a timeout (or too much
 * output) the child's whole process group is killed, and the answer does not wait for the pipes to
 * close, since a grandchild that left the group (`timeout` makes its own) may still hold them.
 */
export function runLocal(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  const [file, ...args] = argv;
  if (!file) return Promise.reject(new Error('exec: empty argument vector'));
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], shell: false, detached: OWN_GROUP });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let why = '';
    let exited = false;
    let settled = false;
    const finish = (code: number | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8') + (why ? `\n${file}: ${why}` : ''),
        code: why ? null : code,
      });
    };
    const stop = (reason: string) => {
      if (why || settled) return;
      why = reason;
      try {
        if (OWN_GROUP && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      if (exited) finish(null);
      else setTimeout(() => finish(null), KILL_GRACE_MS).unref();
    };
    const timer = setTimeout(() => stop('timed out'), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT) stop('output too large');
      else into.push(chunk);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      settled = true;
      if (error.code === 'ENOENT') resolve({ stdout: '', stderr: `${file}: command not found`, code: 127 });
      else reject(error);
    });
    child.on('exit', () => {
      exited = true;
      if (why) finish(null);
    });
    child.on('close', (code) => finish(code));
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin ?? '');
  });
}

/** Dockerode options from DOCKER_HOST (unix://, tcp://) or the default socket. */
export function localDockerOptions(env: NodeJS.ProcessEnv = process.env): Docker.DockerOptions {
  const dockerHost = env.DOCKER_HOST;
  if (!dockerHost) return { socketPath: '/var/run/docker.sock' };
  const url = new URL(dockerHost);
  if (url.protocol === 'unix:') return { socketPath: url.pathname };
  if (url.protocol === 'tcp:' || url.protocol === 'http:' || url.protocol === 'https:') {
    const tls = env.DOCKER_TLS_VERIFY === '1' || url.protocol === 'https:';
    return {
      host: url.hostname,
      port: Number(url.port || (tls ? 2376 : 2375)),
      protocol: tls ? 'https' : 'http',
    };
  }
  throw new Error(`DOCKER_HOST=${dockerHost}: only unix:// and tcp:// are supported locally`);
}

export function createLocalConnection(env: NodeJS.ProcessEnv = process.env): Connection {
  const listeners = new Set<(error?: Error) => void>();
  const stats = { execs: 0 };
  let closed = false;
  return {
    target: 'local',
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    docker: new Docker(localDockerOptions(env)),
    dockerConcurrency: 4,
    stats,
    exec(argv, options) {
      if (closed) return Promise.reject(new Error('connection closed'));
      stats.execs += 1;
      return runLocal(argv, options);
    },
    onClose(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      if (!closed) {
        closed = true;
        for (const listener of listeners) listener();
        listeners.clear();
      }
      return Promise.resolve();
    },
  };
}
