// One ssh2 Client per host. Commands run on exec channels and dockerode talks to the remote Docker
// socket through channels of the same client, so a host costs exactly one TCP connection.
import { connect as connectTcp } from 'node:net';
import { homedir as osHomedir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { Client, ConnectConfig } from 'ssh2';
import { planAuth } from './auth.js';
import type { AskPassphrase } from './auth.js';
import type { DockerTransportMode } from './docker-transport.js';
import { mapConnectError } from './errors.js';
import { createHostVerifier } from './host-key-check.js';
import { knownHostsName } from './known-hosts.js';
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
  /** Deadline for TCP connect + handshake + auth. Default 20 s. */
  readyTimeoutMs?: number;
}

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
  const added = hostKeys.added();
  return liveConnection(client, {
    where,
    user: target.user,
    ...(options.dockerSocketPath !== undefined && { dockerSocketPath: options.dockerSocketPath }),
    ...(options.dockerTransport !== undefined && { dockerTransport: options.dockerTransport }),
    addedKnownHosts: added !== undefined ? [added] : [],
    ...(added !== undefined && { addedKnownHost: added }),
    warnings: [],
    underneath: [],
  });
}
