// Why the remote Docker engine cannot be reached, in one line with the fix. sshd answers every
// refused stream-local forward with the same "open failed" (missing socket, permission denied,
// forwarding disabled, nothing listening), so one small exec looks at the socket itself.
import type Docker from 'dockerode';
import { ConnectionError } from '../types.js';
import type { ExecResult } from '../types.js';
import type { DockerTransportMode } from './docker-transport.js';

/** What the remote user can see of the socket, and whether a docker CLI is there for dial-stdio. */
export interface SocketDiagnosis {
  socket: 'missing' | 'not-a-socket' | 'denied' | 'ok' | 'unknown';
  cli: boolean | undefined;
}

// Builtins only (test, command): it must run where PATH holds little. The path is an argument.
const DIAGNOSIS_SCRIPT = `if [ ! -e "$1" ]; then echo missing; elif [ ! -S "$1" ]; then echo not-a-socket
elif [ ! -r "$1" ] || [ ! -w "$1" ]; then echo denied; else echo ok; fi
if command -v docker >/dev/null 2>&1; then echo cli; else echo no-cli; fi`;

export function diagnosisArgv(socketPath: string): string[] {
  return ['sh', '-c', DIAGNOSIS_SCRIPT, 'netlens-docker-socket', socketPath];
}

export function parseDiagnosis(result: ExecResult): SocketDiagnosis {
  const [socket = '', cli = ''] = result.code === 0 ? result.stdout.trim().split('\n') : [];
  return {
    socket: (['missing', 'not-a-socket', 'denied', 'ok'] as const).find((s) => s === socket) ?? 'unknown',
    cli: cli === 'cli' ? true : cli === 'no-cli' ? false : undefined,
  };
}

export interface RemoteDockerContext {
  /** `user@host[:port]` as shown to the user. */
  where: string;
  user: string;
  socketPath: string;
  mode: DockerTransportMode;
  /** The transport's last failure (dial-stdio's stderr, a refused channel), if any. */
  reason: string | undefined;
  diagnosis: SocketDiagnosis;
  /** A rootless daemon's socket in the user's runtime folder, not used (no socket was named). */
  rootlessSeen?: string | null;
}

const DAEMON_DOWN = /cannot connect to the docker daemon|is the docker daemon running|connection refused/i;

/** One line naming why Docker on the remote host did not answer, and what to do. */
export function remoteDockerError(error: unknown, ctx: RemoteDockerContext): ConnectionError {
  const found = describe(error, ctx);
  // The user has a rootless daemon's socket too (no socket was named): say where, and the flag.
  const rootless = ctx.rootlessSeen
    ? `; ${ctx.user} also has a rootless Docker socket at ${ctx.rootlessSeen}: to use it, pass --docker-host unix://${ctx.rootlessSeen}`
    : '';
  return rootless ? new ConnectionError(found.code, `${found.message}${rootless}`) : found;
}

function describe(error: unknown, ctx: RemoteDockerContext): ConnectionError {
  const { where, user, socketPath, diagnosis } = ctx;
  const reason = ctx.reason ?? (error instanceof Error ? error.message : String(error));
  if (diagnosis.socket === 'denied' || /permission denied/i.test(reason))
    return new ConnectionError(
      'permission-denied',
      `${where}: the user ${user} may not open the Docker socket ${socketPath} (permission denied): log in as root, or add ${user} to the "docker" group there (sudo usermod -aG docker ${user}) and connect again`,
    );
  if (ctx.mode === 'dial-stdio' && DAEMON_DOWN.test(reason))
    return new ConnectionError(
      'docker-unavailable',
      `the Docker engine on ${where} is not running (docker system dial-stdio: ${reason}): start it there (systemctl start docker)`,
    );
  if (diagnosis.socket === 'missing' || diagnosis.socket === 'not-a-socket')
    return new ConnectionError(
      'docker-unavailable',
      `${where} has no Docker socket at ${socketPath}: start dockerd there (systemctl start docker), or name its socket`,
    );
  if (ctx.mode === 'dial-stdio' && (diagnosis.cli === false || /not found/i.test(reason)))
    return new ConnectionError(
      'docker-unavailable',
      `${where} refuses stream-local forwarding to ${socketPath} and has no docker CLI for the dial-stdio fallback: set AllowStreamLocalForwarding yes in its sshd_config, or install the docker CLI there`,
    );
  if (ctx.mode === 'forward' && diagnosis.socket === 'ok')
    return new ConnectionError(
      'docker-unavailable',
      `the Docker engine on ${where} does not answer on ${socketPath} (${reason}): check that dockerd runs there (systemctl status docker)`,
    );
  const via = ctx.mode === 'forward' ? `the socket ${socketPath}` : '`docker system dial-stdio`';
  return new ConnectionError(
    'docker-unavailable',
    `the Docker engine on ${where} did not answer through ${via} (${reason}): check that dockerd runs there (docker info)`,
  );
}

/** An HTTP answer from the engine (404, 409…) is not a transport failure and is passed on as it is. */
function isEngineAnswer(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'statusCode' in error;
}

/**
 * Makes every transport failure of `docker`'s requests a ConnectionError naming the cause: the link
 * when it went down, else what `describe` finds. Engine answers pass through untouched.
 */
export function withTransportErrors(
  docker: Docker,
  describe: (error: Error) => Promise<ConnectionError>,
): Docker {
  const modem = docker.modem;
  const dial = modem.dial.bind(modem);
  modem.dial = (options, callback) =>
    dial(options, (error, result) => {
      if (!error || isEngineAnswer(error) || error instanceof ConnectionError) {
        callback?.(error, result);
        return;
      }
      describe(error).then(
        (mapped) => callback?.(mapped, null),
        () => callback?.(error, null),
      );
    });
  return docker;
}
