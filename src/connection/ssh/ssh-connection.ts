// One ssh2 Client per host. Commands run on exec channels and dockerode talks to the remote Docker
// socket through channels of the same client, so a host costs exactly one TCP connection.
import { connect as connectTcp } from 'node:net';
import { homedir as osHomedir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import ssh2 from 'ssh2';
import type { Client, ConnectConfig } from 'ssh2';
import { ConnectionError } from '../types.js';
import type { Connection, ExecOptions, ExecResult } from '../types.js';
import { planAuth } from './auth.js';
import type { AskPassphrase } from './auth.js';
import { createDockerTransport, probeDockerTransport } from './docker-transport.js';
import type { DockerTransport, DockerTransportMode } from './docker-transport.js';
import { lostConnection, mapConnectError } from './errors.js';
import { createHostVerifier } from './host-key-check.js';
import { knownHostsName } from './known-hosts.js';
import { runRemote } from './remote-exec.js';
import type { SshTarget } from './target.js';

export interface SshConnectOptions {
  /** known_hosts file; default the config's UserKnownHostsFile, else ~/.ssh/known_hosts. */
  knownHostsPath?: string;
  /** Remember the key of a host seen for the first time (never a changed one). */
  acceptNewHostKey?: boolean;
  /** Write new known_hosts entries hashed; default the config's HashKnownHosts, else true. */
  hashKnownHosts?: boolean;
  /** --identity: a private key tried before any other. */
  identityFile?: string;
  /** Asked for the passphrase of an encrypted key when that key's turn comes. */
  askPassphrase?: AskPassphrase;
  /** ssh-agent socket; default SSH_AUTH_SOCK; null: no agent. */
  agentSocket?: string | null;
  homedir?: string;
  /** Docker socket on the remote host. Default /var/run/docker.sock. */
  dockerSocketPath?: string;
  /** `auto` tries a stream-local forward and falls back to `docker system dial-stdio`. */
  dockerTransport?: 'auto' | DockerTransportMode;
  /** SSH keepalive period; a dead link is noticed after interval × count. Default 10 s × 3. */
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /** Deadline for TCP connect + handshake + auth. Default 20 s. */
  readyTimeoutMs?: number;
}

export interface SshConnection extends Connection {
  /** How dockerode reaches the remote engine, and why a forward was not used. */
  readonly dockerTransport: {
    mode: DockerTransportMode;
    forwardError?: string;
    lastError(): string | undefined;
    /** Channels opened for Docker API connections so far (for benchmarks). */
    channels(): number;
  };
  /** The known_hosts line written for a newly accepted host key. */
  readonly addedKnownHost?: string;
}

/**
 * Docker API requests in flight over SSH, as locally. Measured on loopback with 200 containers (bench:capture
 * and 200 bare inspects): 2, 4, 8 and 16 in flight capture alike (0.9–1.1 s, the kernel script is the
 * longer half); bare inspects take 141/129/104 ms at 2/4/8. Four stays within dial-stdio's 4 channels.
 */
const DOCKER_CONCURRENCY = 4;

/** sshd's default MaxSessions is 10 per connection; dial-stdio channels count too. */
const MAX_EXEC_CHANNELS = 5;

function handshake(client: Client, config: ConnectConfig): Promise<void> {
  return new Promise((resolve, reject) => {
    const onReady = () => {
      client.off('error', onError);
      client.off('close', onClose);
      resolve();
    };
    const onError = (error: Error) => {
      client.off('ready', onReady);
      client.off('close', onClose);
      reject(error);
    };
    const onClose = () => {
      client.off('ready', onReady);
      client.off('error', onError);
      reject(new Error('Connection lost before handshake'));
    };
    client.once('ready', onReady).once('error', onError).once('close', onClose);
    client.connect(config);
  });
}

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

export async function createSshConnection(
  target: SshTarget,
  options: SshConnectOptions = {},
): Promise<SshConnection> {
  const home = options.homedir ?? osHomedir();
  const where = target.display;
  const knownHostsPath = options.knownHostsPath ?? target.knownHostsFile ?? join(home, '.ssh', 'known_hosts');
  const hostKeys = await createHostVerifier({
    knownHostsPath,
    names: [target.hostKeyAlias ?? knownHostsName(target.host, target.port)],
    display: where,
    acceptNewHostKey: options.acceptNewHostKey === true,
    hashKnownHosts: options.hashKnownHosts ?? target.hashKnownHosts ?? true,
  });
  const auth = await planAuth({
    username: target.user,
    ...(options.identityFile !== undefined && { identityFile: options.identityFile }),
    configIdentityFiles: target.identityFiles,
    ...(target.identitiesOnly !== undefined && { identitiesOnly: target.identitiesOnly }),
    ...(options.agentSocket !== undefined && { agentSocket: options.agentSocket }),
    ...(options.askPassphrase !== undefined && { askPassphrase: options.askPassphrase }),
    homedir: home,
  });
  const client = new ssh2.Client();
  const preferred = hostKeys.preferredAlgorithms();
  try {
    await handshake(client, {
      sock: connectTcp({ host: target.host, port: target.port, noDelay: true }),
      username: target.user,
      readyTimeout: options.readyTimeoutMs ?? 20_000,
      keepaliveInterval: options.keepaliveIntervalMs ?? 10_000,
      keepaliveCountMax: options.keepaliveCountMax ?? 3,
      hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => hostKeys.verify(key, verify),
      authHandler: auth.handler,
      // ssh2 prepends only algorithms not yet listed: remove them first, then put them in front.
      ...(preferred.length > 0 && {
        algorithms: { serverHostKey: { remove: preferred, prepend: preferred } },
      }),
    } as ConnectConfig);
  } catch (error) {
    client.end();
    throw hostKeys.failure() ?? mapConnectError(error, where, () => auth.summary());
  }
  return liveConnection(client, target, options, hostKeys.added());
}

async function liveConnection(
  client: Client,
  target: SshTarget,
  options: SshConnectOptions,
  addedKnownHost: string | undefined,
): Promise<SshConnection> {
  const where = target.display;
  const listeners = new Set<(error?: Error) => void>();
  const stats = { execs: 0 };
  let lastError: unknown;
  let closing = false;
  let closed = false;
  let transport: DockerTransport | undefined;
  const closedPromise = new Promise<void>((resolve) => {
    client.on('error', (error) => {
      lastError = error;
    });
    client.on('close', () => {
      closed = true;
      transport?.agent.destroy();
      const error = closing ? undefined : lostConnection(where, lastError);
      for (const listener of listeners) listener(error);
      listeners.clear();
      resolve();
    });
  });
  const limit = limiter(MAX_EXEC_CHANNELS);
  const exec = (argv: readonly string[], execOptions?: ExecOptions): Promise<ExecResult> => {
    if (closed || closing)
      return Promise.reject(
        new ConnectionError('closed', `the SSH connection to ${where} is closed: reconnect first`),
      );
    stats.execs += 1;
    return limit(() => runRemote(client, argv, execOptions)).catch((error: unknown) => {
      if (closed || closing) throw lostConnection(where, lastError ?? error);
      throw error;
    });
  };
  try {
    const id = await exec(['id', '-u']);
    const socketPath = options.dockerSocketPath ?? '/var/run/docker.sock';
    const chosen = options.dockerTransport ?? 'auto';
    const probe =
      chosen === 'auto'
        ? await probeDockerTransport(client, socketPath)
        : { mode: chosen, forwardError: undefined };
    transport = createDockerTransport(client, { mode: probe.mode, socketPath });
    const agent = transport.agent;
    const lastTransportError = transport.lastError;
    return {
      target: where,
      isRoot: id.code === 0 && id.stdout.trim() === '0',
      dockerHost: `unix://${socketPath}`,
      docker: new Docker({ host: 'localhost', port: 80, protocol: 'http', agent } as Docker.DockerOptions),
      dockerConcurrency: DOCKER_CONCURRENCY,
      stats,
      exec,
      dockerTransport: {
        mode: probe.mode,
        ...(probe.forwardError !== undefined && { forwardError: probe.forwardError }),
        lastError: lastTransportError,
        channels: transport.opened,
      },
      ...(addedKnownHost !== undefined && { addedKnownHost }),
      onClose(listener) {
        if (closed) {
          queueMicrotask(() => listener(closing ? undefined : lostConnection(where, lastError)));
          return () => undefined;
        }
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      async close() {
        if (closed) return;
        closing = true;
        agent.destroy();
        client.end();
        const timer = setTimeout(() => client.destroy(), 3_000);
        await closedPromise;
        clearTimeout(timer);
      },
    };
  } catch (error) {
    closing = true;
    client.end();
    throw error instanceof ConnectionError ? error : lostConnection(where, error);
  }
}
