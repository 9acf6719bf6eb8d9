// The engine address a target may name (`--docker-host`, a saved host's engine, `DOCKER_HOST`):
// `unix:///run/podman/podman.sock` for Podman's API socket or a second dockerd, `tcp://host:port`
// locally. Parsed once here into a typed value; anything else is refused before it reaches a socket
// or a remote command line.
import { isIP } from 'node:net';
import { DOCKER_HOST_MAX } from '../model/limits.js';
import { ConnectionError } from './types.js';

export type DockerHost =
  | { kind: 'unix'; path: string; display: string }
  | { kind: 'tcp'; host: string; port: number; tls: boolean; display: string };

/** The socket every Docker client uses when told nothing. */
export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

// A socket path: absolute, printable, no `..` segment; sun_path holds 107 bytes plus the NUL.
const SOCKET_PATH = /^\/[A-Za-z0-9._@+,:=~/-]{0,106}$/;
const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})$/;

function bad(text: string, why: string): ConnectionError {
  const shown = JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
  return new ConnectionError(
    'bad-target',
    `invalid engine address ${shown}: ${why}; use unix:///path/to/socket (e.g. unix:///run/podman/podman.sock) or tcp://host:port`,
  );
}

/** Parses `unix:///path` (or a bare absolute path) and `tcp://host:port`; throws ConnectionError('bad-target'). */
export function parseDockerHost(text: string, env: NodeJS.ProcessEnv = {}): DockerHost {
  const value = text.trim();
  if (value.length === 0) throw bad(text, 'it is empty');
  if (value.length > DOCKER_HOST_MAX) throw bad(text, `it is longer than ${DOCKER_HOST_MAX} characters`);
  const path = value.startsWith('unix://')
    ? value.slice('unix://'.length)
    : value.startsWith('/')
      ? value
      : null;
  if (path !== null) {
    if (!SOCKET_PATH.test(path) || path.split('/').includes('..'))
      throw bad(text, 'the socket path must be absolute, at most 107 characters, without spaces or ".."');
    return { kind: 'unix', path, display: `unix://${path}` };
  }
  const tcp = /^(tcp|http|https):\/\/(\[[0-9A-Fa-f:.]+\]|[^/:[\]]+)(?::([0-9]{1,5}))?\/?$/.exec(value);
  if (!tcp) throw bad(text, 'only unix:// and tcp:// addresses are supported');
  const [, scheme = '', rawHost = '', portText = ''] = tcp;
  const host = rawHost.replace(/^\[|\]$/g, '');
  const tls = scheme === 'https' || env.DOCKER_TLS_VERIFY === '1';
  const port = portText === '' ? (tls ? 2376 : 2375) : Number(portText);
  if (!(isIP(host) !== 0 || HOST_NAME.test(host))) throw bad(text, 'the host is not a valid name or address');
  if (port < 1 || port > 65535) throw bad(text, 'the port must be a number from 1 to 65535');
  return { kind: 'tcp', host, port, tls, display: `tcp://${rawHost}:${port}` };
}

/** The socket path to reach over SSH: only a Unix socket on the remote host can be forwarded. */
export function remoteSocketPath(dockerHost: DockerHost | undefined): string {
  if (!dockerHost) return DEFAULT_DOCKER_SOCKET;
  if (dockerHost.kind !== 'unix')
    throw new ConnectionError(
      'bad-target',
      `over SSH the engine must be a Unix socket on the remote host (got ${dockerHost.display}); use unix:///path`,
    );
  return dockerHost.path;
}
