// The local host: child processes for commands, the engine's socket (named, DOCKER_HOST or the default)
// for the API.
import { spawn } from 'node:child_process';
import Docker from 'dockerode';
import { DEFAULT_DOCKER_SOCKET, parseDockerHost, type DockerHost } from './docker-host.js';
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

/** Dockerode options for an engine address. */
export function dockerOptionsFor(host: DockerHost): Docker.DockerOptions {
  if (host.kind === 'unix') return { socketPath: host.path };
  return { host: host.host, port: host.port, protocol: host.tls ? 'https' : 'http' };
}

/** The engine a local connection talks to: the one named, else DOCKER_HOST, else the default socket. */
export function localDockerHost(env: NodeJS.ProcessEnv = process.env, named?: DockerHost): DockerHost {
  if (named) return named;
  const fromEnv = env.DOCKER_HOST;
  return parseDockerHost(fromEnv ? fromEnv : DEFAULT_DOCKER_SOCKET, env);
}

/** Dockerode options from DOCKER_HOST (unix://, tcp://) or the default socket. */
export function localDockerOptions(env: NodeJS.ProcessEnv = process.env): Docker.DockerOptions {
  return dockerOptionsFor(localDockerHost(env));
}

/** `dockerHost` (e.g. Podman's socket) wins over DOCKER_HOST. */
export function createLocalConnection(
  env: NodeJS.ProcessEnv = process.env,
  dockerHost?: DockerHost,
): Connection {
  const engine = localDockerHost(env, dockerHost);
  const listeners = new Set<(error?: Error) => void>();
  const stats = { execs: 0 };
  let closed = false;
  return {
    target: 'local',
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    docker: new Docker(dockerOptionsFor(engine)),
    dockerHost: engine.display,
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
