// One ssh2 Client per host. Commands run on exec channels and dockerode talks to the remote Docker
// socket through channels of the same client, so a host costs exactly one TCP connection.
import { connect as connectTcp } from 'node:net';
import type { AskPassphrase } from './auth.js';
import type { DockerTransportMode } from './docker-transport.js';
import { openHop } from './handshake.js';
import { liveConnection } from './live-connection.js';
import type { SshConnection } from './live-connection.js';
import type { SshTarget } from './target.js';

export type { SshConnection } from './live-connection.js';

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
  /** Deadline for TCP connect + handshake + auth, per hop, not counting passphrase prompts. Default 20 s. */
  readyTimeoutMs?: number;
}

export async function createSshConnection(
  target: SshTarget,
  options: SshConnectOptions = {},
): Promise<SshConnection> {
  const sock = () => connectTcp({ host: target.host, port: target.port, noDelay: true });
  const opened = await openHop(target, sock, {
    ...options,
    readyTimeoutMs: options.readyTimeoutMs ?? 20_000,
  });
  return liveConnection(opened.client, {
    where: target.display,
    user: target.user,
    ...(options.dockerSocketPath !== undefined && { dockerSocketPath: options.dockerSocketPath }),
    ...(options.dockerTransport !== undefined && { dockerTransport: options.dockerTransport }),
    addedKnownHosts: opened.added !== undefined ? [opened.added] : [],
    ...(opened.added !== undefined && { addedKnownHost: opened.added }),
    warnings: [],
    underneath: [],
  });
}
