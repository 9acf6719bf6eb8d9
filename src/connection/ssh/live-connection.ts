// An authenticated ssh2 Client turned into a Connection: exec channels for commands, channels of the
// same client for the Docker API, and failures that name their real cause (the link, the engine, the
// socket's permissions, forwarding turned off) rather than whatever the socket last reported.
import Docker from 'dockerode';
import type { Client } from 'ssh2';
import { ConnectionError } from '../types.js';
import type { Connection, ExecOptions, ExecResult } from '../types.js';
import { diagnosisArgv, parseDiagnosis, remoteDockerError, withTransportErrors } from './docker-errors.js';
import type { SocketDiagnosis } from './docker-errors.js';
import { createDockerTransport, probeDockerTransport } from './docker-transport.js';
import type { DockerTransportMode } from './docker-transport.js';
import { randomBytes } from 'node:crypto';
import { DEFAULT_DOCKER_SOCKET } from '../docker-host.js';
import { chooseEngineSocket, engineProbeArgv, parseEngineProbe } from './engine-socket.js';
import type { EngineChoice } from './engine-socket.js';
import { lostConnection } from './errors.js';
import { runRemote } from './remote-exec.js';

export interface SshConnection extends Connection {
  /** How dockerode reaches the remote engine, and why a forward was not used. */
  readonly dockerTransport: {
    mode: DockerTransportMode;
    forwardError?: string;
    lastError(): string | undefined;
    /** Channels opened for Docker API connections so far (for benchmarks). */
    channels(): number;
  };
  /** Where the engine socket came from: `named` (the target), `DOCKER_HOST`, `context <name>`, `default`, `rootless`. */
  readonly dockerSocketFrom: string;
  /** The known_hosts lines written for newly accepted host keys (jump hosts first). */
  readonly addedKnownHosts: string[];
  /** The known_hosts line written for the target's newly accepted host key. */
  readonly addedKnownHost?: string;
  /** What of the ssh config Netlens did not honour, one line each. */
  readonly warnings: string[];
}

export interface LiveOptions {
  /** `user@host[:port]` as shown to the user. */
  where: string;
  user: string;
  dockerSocketPath?: string;
  dockerTransport?: 'auto' | DockerTransportMode;
  addedKnownHosts: string[];
  /** The target's own line among addedKnownHosts, if its key was new. */
  addedKnownHost?: string;
  warnings: string[];
  /** Closed after the client: the jump hosts' clients, the ProxyCommand's process. */
  underneath: { close(): void }[];
}

/**
 * Docker API requests in flight over SSH, as locally. Measured on loopback with 200 containers (bench:capture
 * and 200 bare inspects): 2, 4, 8 and 16 in flight capture alike (0.9–1.1 s, the kernel script is the
 * longer half); bare inspects take 141/129/104 ms at 2/4/8. Four stays within dial-stdio's 4 channels.
 */
const DOCKER_CONCURRENCY = 4;

/** sshd's default MaxSessions is 10 per connection; dial-stdio channels count too. */
const MAX_EXEC_CHANNELS = 5;

/**
 * A channel can fail a moment before ssh2 notices that the link under it is gone (the remote
 * `docker system dial-stdio` is killed along with sshd): wait this long for the link's close before
 * blaming the engine.
 */
const LINK_GRACE_MS = 500;

function limiter(max: number): <T>(job: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (job) => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await job();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}

export async function liveConnection(client: Client, options: LiveOptions): Promise<SshConnection> {
  const { where } = options;
  const listeners = new Set<(error?: Error) => void>();
  const stats = { execs: 0 };
  let lastError: unknown;
  let closing = false;
  let closed = false;
  const lost = () => lostConnection(where, lastError);
  const onLinkDown = new Set<() => void>();
  const closedPromise = new Promise<void>((resolve) => {
    client.on('error', (error) => {
      lastError = error;
    });
    client.on('close', () => {
      closed = true;
      const error = closing ? undefined : lost();
      for (const run of onLinkDown) run();
      onLinkDown.clear();
      for (const below of options.underneath) below.close();
      for (const listener of listeners) listener(error);
      listeners.clear();
      resolve();
    });
  });
  /** The link's error if it is down now or goes down within the grace period, else undefined. */
  const linkVerdict = (): Promise<ConnectionError | undefined> => {
    if (closed) return Promise.resolve(closing ? undefined : lost());
    return new Promise((resolve) => {
      const down = () => {
        clearTimeout(timer);
        resolve(closing ? undefined : lost());
      };
      // The link held: forget this waiter (a long session may see many failed requests).
      const timer = setTimeout(() => {
        onLinkDown.delete(down);
        resolve(undefined);
      }, LINK_GRACE_MS);
      onLinkDown.add(down);
    });
  };
  const limit = limiter(MAX_EXEC_CHANNELS);
  const exec = (argv: readonly string[], execOptions?: ExecOptions): Promise<ExecResult> => {
    if (closed || closing)
      return Promise.reject(
        new ConnectionError('closed', `the SSH connection to ${where} is closed: reconnect first`),
      );
    stats.execs += 1;
    return limit(() => runRemote(client, argv, execOptions)).catch(async (error: unknown) => {
      throw (await linkVerdict()) ?? (closing ? lostConnection(where, error) : error);
    });
  };
  try {
    // No socket named: the one exec that says who the user is also picks the socket its docker would.
    let uid: string;
    let choice: EngineChoice | undefined;
    if (options.dockerSocketPath === undefined) {
      const nonce = randomBytes(8).toString('hex');
      const probe = parseEngineProbe((await exec(engineProbeArgv(nonce))).stdout, nonce);
      uid = probe.uid === null ? '' : String(probe.uid);
      choice = chooseEngineSocket(probe);
    } else {
      const id = await exec(['id', '-u']);
      uid = id.code === 0 ? id.stdout.trim() : '';
    }
    const socketPath = options.dockerSocketPath ?? choice?.socketPath ?? DEFAULT_DOCKER_SOCKET;
    const chosen = options.dockerTransport ?? 'auto';
    const probe =
      chosen === 'auto'
        ? await probeDockerTransport(client, socketPath)
        : { mode: chosen, forwardError: undefined };
    const transport = createDockerTransport(client, { mode: probe.mode, socketPath });
    onLinkDown.add(() => transport.fail(closing ? new Error('connection closed') : lost()));
    let diagnosis: Promise<SocketDiagnosis> | undefined;
    const diagnose = () =>
      (diagnosis ??= exec(diagnosisArgv(socketPath)).then(parseDiagnosis, () => ({
        socket: 'unknown' as const,
        cli: undefined,
      })));
    const docker = withTransportErrors(
      new Docker({
        host: 'localhost',
        port: 80,
        protocol: 'http',
        agent: transport.agent,
      } as Docker.DockerOptions),
      async (error) =>
        (await linkVerdict()) ??
        remoteDockerError(error, {
          where,
          user: options.user,
          socketPath,
          mode: probe.mode,
          reason: transport.lastError(),
          diagnosis: await diagnose(),
          rootlessSeen: choice?.rootlessSeen ?? null,
        }),
    );
    return {
      target: where,
      isRoot: uid === '0',
      dockerHost: `unix://${socketPath}`,
      dockerSocketFrom: choice?.from ?? 'named',
      docker,
      dockerConcurrency: DOCKER_CONCURRENCY,
      stats,
      exec,
      dockerTransport: {
        mode: probe.mode,
        ...(probe.forwardError !== undefined && { forwardError: probe.forwardError }),
        lastError: transport.lastError,
        channels: transport.opened,
      },
      addedKnownHosts: options.addedKnownHosts,
      ...(options.addedKnownHost !== undefined && { addedKnownHost: options.addedKnownHost }),
      warnings: options.warnings,
      onClose(listener) {
        if (closed) {
          queueMicrotask(() => listener(closing ? undefined : lost()));
          return () => undefined;
        }
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      async close() {
        if (closed) return;
        closing = true;
        transport.agent.destroy();
        client.end();
        const timer = setTimeout(() => client.destroy(), 3_000);
        await closedPromise;
        clearTimeout(timer);
      },
    };
  } catch (error) {
    closing = true;
    client.end();
    for (const below of options.underneath) below.close();
    throw error instanceof ConnectionError ? error : lostConnection(where, error);
  }
}
