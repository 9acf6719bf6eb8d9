// The one entry point that turns what the user typed into a live Connection, local or over SSH,
// and proves the Docker engine answers before anyone collects through it.
import { parseDockerHost, remoteSocketPath } from './docker-host.js';
import { createLocalConnection, localDockerOptions } from './local.js';
import { ConnectionError } from './types.js';
import type { Connection } from './types.js';
import { createSshConnection } from './ssh/ssh-connection.js';
import type { SshConnectOptions } from './ssh/ssh-connection.js';
import { parseTarget } from './ssh/target.js';
import type { Target } from './ssh/target.js';

export interface ConnectOptions extends SshConnectOptions {
  /** ssh config file; default ~/.ssh/config. */
  sshConfigPath?: string;
  /** Environment for the local connection (DOCKER_HOST); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Deadline for the Docker ping. Default 10 s. */
  dockerTimeoutMs?: number;
  /** Check that the Docker engine answers (default true). */
  requireDocker?: boolean;
  /**
   * The engine socket (`unix:///run/podman/podman.sock`, `tcp://…` locally) when the target does not
   * carry one; locally it wins over DOCKER_HOST.
   */
  dockerHost?: string;
  /** false: never run `sudo -n` on this host (a saved host's setting); default try it when not root. */
  sudo?: boolean;
}

/** The connection told not to use sudo (both kinds are plain objects made for this caller). */
function withSudoSetting<C extends Connection>(conn: C, sudo: boolean | undefined): C {
  if (sudo === false) Object.defineProperty(conn, 'sudo', { value: false, enumerable: true });
  return conn;
}

function codeOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`no answer in ${ms} ms`), { code: 'ETIMEDOUT' })),
      ms,
    );
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function socketName(env: NodeJS.ProcessEnv): string {
  try {
    const options = localDockerOptions(env);
    return options.socketPath ?? `${options.host ?? 'localhost'}:${String(options.port ?? '')}`;
  } catch {
    return env.DOCKER_HOST ?? '/var/run/docker.sock';
  }
}

/** One-line reasons why the local Docker engine did not answer, with what to do. */
export function localDockerError(error: unknown, env: NodeJS.ProcessEnv = process.env): ConnectionError {
  if (error instanceof ConnectionError) return error;
  const socket = socketName(env);
  const status =
    typeof error === 'object' && error !== null && 'statusCode' in error ? Number(error.statusCode) : 0;
  switch (codeOf(error)) {
    case 'ENOENT':
      return new ConnectionError(
        'docker-unavailable',
        `no Docker socket at ${socket}: start Docker (systemctl start docker) or set DOCKER_HOST to where it listens`,
      );
    case 'ECONNREFUSED':
      return new ConnectionError(
        'docker-unavailable',
        `nothing answers on the Docker socket ${socket}: dockerd is not running; start it (systemctl start docker)`,
      );
    case 'EACCES':
    case 'EPERM':
      return new ConnectionError(
        'permission-denied',
        `permission denied on the Docker socket ${socket}: run as root or add your user to the "docker" group, then log in again`,
      );
    case 'ETIMEDOUT':
      return new ConnectionError(
        'docker-unavailable',
        `the Docker engine at ${socket} did not answer in time: check that dockerd is healthy (docker info)`,
      );
    default:
      if (status === 403) return localDockerError(Object.assign(new Error(), { code: 'EACCES' }), env);
      return new ConnectionError(
        'docker-unavailable',
        `the Docker engine at ${socket} did not answer (${error instanceof Error ? error.message : String(error)}): check that dockerd runs (docker info)`,
      );
  }
}

/** `target` as text (parsed here, with the options' ssh config) or a Target parsed already. */
export async function connect(
  target: string | Target = 'local',
  options: ConnectOptions = {},
): Promise<Connection> {
  const parsed =
    typeof target === 'string'
      ? parseTarget(target, {
          ...(options.sshConfigPath !== undefined && { sshConfigPath: options.sshConfigPath }),
          ...(options.homedir !== undefined && { homedir: options.homedir }),
        })
      : target;
  const dockerHost =
    parsed.dockerHost ??
    (options.dockerHost !== undefined
      ? parseDockerHost(options.dockerHost, options.env ?? process.env)
      : undefined);
  const timeout = options.dockerTimeoutMs ?? 10_000;
  if (parsed.kind === 'local') {
    const env = options.env ?? process.env;
    let conn: Connection;
    try {
      conn = createLocalConnection(env, dockerHost);
    } catch (error) {
      if (error instanceof ConnectionError) throw error;
      throw new ConnectionError(
        'bad-target',
        `DOCKER_HOST is not usable (${(error as Error).message}): fix or unset it`,
      );
    }
    withSudoSetting(conn, options.sudo);
    if (options.requireDocker === false) return conn;
    try {
      await withDeadline(conn.docker.ping(), timeout);
    } catch (error) {
      await conn.close();
      throw localDockerError(error, dockerHost ? { ...env, DOCKER_HOST: dockerHost.display } : env);
    }
    return conn;
  }
  // No socket named: the SSH connection picks the one the remote user's docker would (engine-socket.ts).
  const socketPath = options.dockerSocketPath ?? (dockerHost ? remoteSocketPath(dockerHost) : undefined);
  const parseOptions = {
    ...(options.sshConfigPath !== undefined && { sshConfigPath: options.sshConfigPath }),
    ...(options.homedir !== undefined && { homedir: options.homedir }),
  };
  const conn = withSudoSetting(
    await createSshConnection(parsed, {
      ...options,
      ...(socketPath !== undefined && { dockerSocketPath: socketPath }),
      // Jump hosts resolve like the target: aliases of the same ssh config.
      parseHop: (text) => {
        const hop = parseTarget(text, parseOptions);
        if (hop.kind !== 'ssh')
          throw new ConnectionError('bad-target', `"${text}" cannot be a jump host: name an SSH host`);
        return hop;
      },
    }),
    options.sudo,
  );
  if (options.requireDocker === false) return conn;
  try {
    await withDeadline(conn.docker.ping(), timeout);
  } catch (error) {
    await conn.close();
    // Transport failures come back as ConnectionErrors naming their cause (docker-errors.ts).
    if (error instanceof ConnectionError) throw error;
    throw new ConnectionError(
      'docker-unavailable',
      `the Docker engine on ${conn.target} did not answer (${error instanceof Error ? error.message : String(error)}): check that dockerd runs there (docker info)`,
    );
  }
  return conn;
}
