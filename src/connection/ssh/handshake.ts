// One SSH hop: over a byte stream already open to the host (a TCP socket, a jump host's channel, a
// ProxyCommand's pipes), check its host key against known_hosts and authenticate. The deadline covers
// the handshake, not a person: it stands still while a passphrase prompt waits for an answer.
import { homedir as osHomedir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { Client, ConnectConfig } from 'ssh2';
import { ConnectionError } from '../types.js';
import { planAuth } from './auth.js';
import type { AskPassphrase } from './auth.js';
import { mapConnectError } from './errors.js';
import { createHostVerifier } from './host-key-check.js';
import { knownHostsName } from './known-hosts.js';
import type { SshTarget } from './target.js';

export interface HopOptions {
  /** known_hosts file for every hop; default each hop's UserKnownHostsFile, else ~/.ssh/known_hosts. */
  knownHostsPath?: string;
  acceptNewHostKey?: boolean;
  /** First-seen keys a person trusted (`SHA256:…`): remembered when a hop shows one of them. */
  trustedFingerprints?: readonly string[];
  hashKnownHosts?: boolean;
  /** A key tried first (--identity: the target only, as OpenSSH does with -i and -J). */
  identityFile?: string;
  askPassphrase?: AskPassphrase;
  agentSocket?: string | null;
  homedir?: string;
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /** Deadline for the handshake and authentication, not counting passphrase prompts. */
  readyTimeoutMs: number;
}

export interface OpenedHop {
  client: Client;
  /** The known_hosts line written for a newly accepted host key. */
  added?: string;
}

/** A deadline that stops while `pause()`d (nested pauses count), and fails the handshake when due. */
function pausableDeadline(ms: number, onExpire: () => void) {
  let left = ms;
  let since = Date.now();
  let paused = 0;
  let timer: NodeJS.Timeout | undefined = setTimeout(onExpire, left);
  return {
    pause() {
      if (paused++ > 0) return;
      clearTimeout(timer);
      timer = undefined;
      left -= Date.now() - since;
    },
    resume() {
      if (--paused > 0) return;
      since = Date.now();
      timer = setTimeout(onExpire, Math.max(left, 0));
    },
    stop() {
      clearTimeout(timer);
      paused = Infinity;
    },
  };
}

/** Waits for `ready`; an unusable ssh-agent is not a failure (auth.ts moves on to the next key). */
type Deadline = ReturnType<typeof pausableDeadline>;

function handshake(
  client: Client,
  config: ConnectConfig,
  deadlineMs: number,
  pauses: { run?: Deadline },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      deadline.stop();
      client.off('ready', onReady).off('error', onError).off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onReady = () => done();
    const onError = (error: Error & { level?: string }) => {
      if (error.level !== 'agent') done(error);
    };
    const onClose = () => done(new Error('Connection lost before handshake'));
    const deadline = pausableDeadline(deadlineMs, () => {
      done(Object.assign(new Error('Timed out while waiting for handshake'), { level: 'client-timeout' }));
      client.destroy();
    });
    pauses.run = deadline;
    client.on('ready', onReady).on('error', onError).on('close', onClose);
    client.connect(config);
  });
}

/**
 * `open` gives the byte stream to the host; it is called once everything else is ready.
 * `streamFailure` says why that stream broke (a ProxyCommand that exited), when it did.
 */
export async function openHop(
  hop: SshTarget,
  open: () => Duplex | Promise<Duplex>,
  options: HopOptions,
  streamFailure?: () => Promise<string | undefined>,
): Promise<OpenedHop> {
  const home = options.homedir ?? osHomedir();
  const knownHostsPath = options.knownHostsPath ?? hop.knownHostsFile ?? join(home, '.ssh', 'known_hosts');
  const hostKeys = await createHostVerifier({
    knownHostsPath,
    names: [hop.hostKeyAlias ?? knownHostsName(hop.host, hop.port)],
    display: hop.display,
    acceptNewHostKey: options.acceptNewHostKey === true,
    ...(options.trustedFingerprints !== undefined && { trustedFingerprints: options.trustedFingerprints }),
    hashKnownHosts: options.hashKnownHosts ?? hop.hashKnownHosts ?? true,
  });
  const pauses: { run?: Deadline } = {};
  const ask = options.askPassphrase;
  const auth = await planAuth({
    username: hop.user,
    ...(options.identityFile !== undefined && { identityFile: options.identityFile }),
    configIdentityFiles: hop.identityFiles,
    ...(hop.identitiesOnly !== undefined && { identitiesOnly: hop.identitiesOnly }),
    ...(options.agentSocket !== undefined && { agentSocket: options.agentSocket }),
    ...(ask && {
      askPassphrase: async (path: string) => {
        pauses.run?.pause();
        try {
          return await ask(path);
        } finally {
          pauses.run?.resume();
        }
      },
    }),
    homedir: home,
  });
  const client = new ssh2.Client();
  // ssh2 may report more after the handshake failed (or after close): never an unhandled 'error'.
  client.on('error', () => undefined);
  const preferred = hostKeys.preferredAlgorithms();
  const sock = await open();
  try {
    await handshake(
      client,
      {
        sock,
        username: hop.user,
        // ssh2's own timer cannot be paused: ours (above) replaces it.
        readyTimeout: 0,
        keepaliveInterval: options.keepaliveIntervalMs ?? 10_000,
        keepaliveCountMax: options.keepaliveCountMax ?? 3,
        hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => hostKeys.verify(key, verify),
        authHandler: auth.handler,
        // ssh2 prepends only algorithms not yet listed: remove them first, then put them in front.
        ...(preferred.length > 0 && {
          algorithms: { serverHostKey: { remove: preferred, prepend: preferred } },
        }),
      } as ConnectConfig,
      options.readyTimeoutMs,
      pauses,
    );
  } catch (error) {
    client.end();
    sock.destroy();
    const refused = hostKeys.failure();
    if (refused) throw refused;
    const broken = await streamFailure?.();
    if (broken)
      throw new ConnectionError(
        'unreachable',
        `${broken}: it was to carry the SSH connection to ${hop.display}`,
      );
    throw mapConnectError(error, hop.display, () => auth.summary());
  }
  const added = hostKeys.added();
  return { client, ...(added !== undefined && { added }) };
}
