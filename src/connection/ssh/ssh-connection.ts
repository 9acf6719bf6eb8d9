// One SSH connection per host: the hops to it are opened in order (TCP with no-delay, a ProxyCommand's
// pipes, or a `direct-tcpip` channel of the hop before), each with its own host-key check, and the
// last hop's client carries everything for the host: commands on exec channels and the Docker API
// on channels of the same client, so a host costs exactly one TCP connection from here.
import { connect as connectTcp } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Client } from 'ssh2';
import { ConnectionError } from '../types.js';
import type { AskPassphrase } from './auth.js';
import type { DockerTransportMode } from './docker-transport.js';
import { openHop } from './handshake.js';
import type { HopOptions } from './handshake.js';
import { liveConnection } from './live-connection.js';
import type { SshConnection } from './live-connection.js';
import { spawnProxyCommand } from './proxy-command.js';
import type { ProxyProcess } from './proxy-command.js';
import { planRoute } from './route.js';
import type { Hop } from './route.js';
import type { SshTarget } from './target.js';

export type { SshConnection } from './live-connection.js';

export interface SshConnectOptions {
  /** known_hosts file for every hop; default each hop's UserKnownHostsFile, else ~/.ssh/known_hosts. */
  knownHostsPath?: string;
  /** Remember the key of a host seen for the first time (never a changed one), for every hop. */
  acceptNewHostKey?: boolean;
  /** Host keys a person was shown and trusted (`SHA256:…`): a hop seen for the first time with one is remembered. */
  trustedFingerprints?: readonly string[];
  /** Write new known_hosts entries hashed; default the config's HashKnownHosts, else true. */
  hashKnownHosts?: boolean;
  /** --identity: a private key tried before any other, for the target (not the jump hosts, as -i with ssh -J). */
  identityFile?: string;
  /** Asked for the passphrase of an encrypted key when that key's turn comes. */
  askPassphrase?: AskPassphrase;
  /** ssh-agent socket; default SSH_AUTH_SOCK; null: no agent. */
  agentSocket?: string | null;
  homedir?: string;
  /** Jump hosts (`-J`: `bastion,ops@10.0.0.1:2222`), overriding the config's ProxyJump/ProxyCommand; `none`: direct. */
  jump?: string;
  /** Resolves a jump host the way the target was resolved (its ssh config alias). */
  parseHop?: (text: string) => SshTarget;
  /** Docker socket on the remote host. Default /var/run/docker.sock. */
  dockerSocketPath?: string;
  /** `auto` tries a stream-local forward and falls back to `docker system dial-stdio`. */
  dockerTransport?: 'auto' | DockerTransportMode;
  /** SSH keepalive period; a dead link is noticed after interval × count. Default the config's, else 10 s × 3. */
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /** Deadline per hop for TCP connect + handshake + auth, not counting passphrase prompts. Default the config's ConnectTimeout, else 20 s. */
  readyTimeoutMs?: number;
}

/** Opens a `direct-tcpip` channel from `client` to the hop's address. */
function forwardTo(client: Client, via: SshTarget, hop: SshTarget): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    try {
      client.forwardOut('127.0.0.1', 0, hop.host, hop.port, (error, channel) => {
        if (!error) {
          resolve(channel);
          return;
        }
        reject(
          new ConnectionError(
            'unreachable',
            `the jump host ${via.display} could not open a connection to ${hop.host}:${hop.port} for ${hop.display} (${error.message}): check that address from the jump host, and that its sshd allows TCP forwarding (AllowTcpForwarding)`,
          ),
        );
      });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

function hopOptions(options: SshConnectOptions, hop: SshTarget, isTarget: boolean): HopOptions {
  const { identityFile, knownHostsPath, hashKnownHosts, askPassphrase, agentSocket, homedir } = options;
  const { trustedFingerprints } = options;
  return {
    ...(trustedFingerprints !== undefined && { trustedFingerprints }),
    ...(isTarget && identityFile !== undefined && { identityFile }),
    ...(knownHostsPath !== undefined && { knownHostsPath }),
    ...(hashKnownHosts !== undefined && { hashKnownHosts }),
    ...(askPassphrase !== undefined && { askPassphrase }),
    ...(agentSocket !== undefined && { agentSocket }),
    ...(homedir !== undefined && { homedir }),
    acceptNewHostKey: options.acceptNewHostKey === true || hop.acceptNewHostKey === true,
    keepaliveIntervalMs: options.keepaliveIntervalMs ?? hop.keepaliveIntervalMs ?? 10_000,
    keepaliveCountMax: options.keepaliveCountMax ?? hop.keepaliveCountMax ?? 3,
    readyTimeoutMs: options.readyTimeoutMs ?? hop.connectTimeoutMs ?? 20_000,
  };
}

export async function createSshConnection(
  target: SshTarget,
  options: SshConnectOptions = {},
): Promise<SshConnection> {
  const parseHop =
    options.parseHop ??
    (() => {
      throw new ConnectionError(
        'bad-target',
        `jump hosts for ${target.alias} need the ssh config to resolve`,
      );
    });
  const route = planRoute(target, options.jump, parseHop);
  const opened: Client[] = [];
  const added: string[] = [];
  let targetAdded: string | undefined;
  let proxy: ProxyProcess | undefined;
  const closeAll = () => {
    for (const client of [...opened].reverse()) client.end();
    proxy?.close();
  };
  let client: Client | undefined;
  try {
    for (const [i, hop] of route.hops.entries()) {
      const previous = opened[opened.length - 1];
      const open = (): Duplex | Promise<Duplex> => openStream(hop, previous, route.hops[i - 1]);
      const isTarget = i === route.hops.length - 1;
      const result = await openHop(hop.target, open, hopOptions(options, hop.target, isTarget), async () =>
        hop.via === 'proxy-command' ? proxy?.failure() : undefined,
      );
      opened.push(result.client);
      if (result.added !== undefined) added.push(result.added);
      if (isTarget) targetAdded = result.added;
      client = result.client;
    }
  } catch (error) {
    closeAll();
    throw error;
  }

  function openStream(
    hop: Hop,
    previous: Client | undefined,
    before: Hop | undefined,
  ): Duplex | Promise<Duplex> {
    if (hop.via === 'previous-hop' && previous && before)
      return forwardTo(previous, before.target, hop.target);
    if (hop.via === 'proxy-command') {
      proxy = spawnProxyCommand(hop.proxyArgv ?? []);
      return proxy.stream;
    }
    return connectTcp({ host: hop.target.host, port: hop.target.port, noDelay: true });
  }

  if (!client) throw new ConnectionError('bad-target', `no route to ${target.display}`);
  const jumps = opened.slice(0, -1).reverse();
  return liveConnection(client, {
    where: target.display,
    user: target.user,
    ...(options.dockerSocketPath !== undefined && { dockerSocketPath: options.dockerSocketPath }),
    ...(options.dockerTransport !== undefined && { dockerTransport: options.dockerTransport }),
    addedKnownHosts: added,
    ...(targetAdded !== undefined && { addedKnownHost: targetAdded }),
    warnings: route.warnings,
    underneath: [...jumps.map((jump) => ({ close: () => jump.end() })), ...(proxy ? [proxy] : [])],
  });
}
