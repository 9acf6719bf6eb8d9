// The Docker Engine API over the host's one SSH connection: every HTTP connection dockerode opens
// becomes a channel on that connection, either a stream-local forward to the remote Docker socket
// or, where sshd forbids such forwards, an exec channel running `docker system dial-stdio`.
import { Agent } from 'node:http';
import type { ClientRequestArgs } from 'node:http';
import { Duplex } from 'node:stream';
import { inspect } from 'node:util';
import type { Client, ClientChannel } from 'ssh2';
import { DEFAULT_DOCKER_SOCKET } from '../docker-host.js';
import { commandLine } from './remote-exec.js';

export type DockerTransportMode = 'forward' | 'dial-stdio';

export const DIAL_STDIO_COMMAND = 'docker system dial-stdio';

/** dial-stdio to the default socket, or (quoted, as one argument) to the engine socket a target names. */
export function dialStdioCommand(socketPath: string): string {
  return socketPath === DEFAULT_DOCKER_SOCKET
    ? DIAL_STDIO_COMMAND
    : commandLine(['docker', '--host', `unix://${socketPath}`, 'system', 'dial-stdio']);
}

/**
 * Docker API connections kept open, idle ones included, so a capture reuses the same channels instead
 * of opening and closing one per request. dial-stdio channels are sessions, which sshd caps at
 * MaxSessions (default 10) per connection together with the 5 exec channels; forwards are not.
 */
export const DOCKER_SOCKETS: Record<DockerTransportMode, number> = { forward: 8, 'dial-stdio': 4 };

/** sshd frees a session slot a moment after a channel closes: a refused dial-stdio open is retried. */
const OPEN_RETRIES = 5;

type Opened = (error: Error | undefined, channel: ClientChannel | undefined) => void;

/**
 * An ssh2 channel dressed as the net.Socket that node's http client expects. It exists before its
 * channel does: http.Agent counts only sockets it got back synchronously, so a socket handed over
 * later lets a burst of requests open more channels than maxSockets allows.
 */
class ChannelSocket extends Duplex {
  private channel: ClientChannel | undefined;
  private waiting: (() => void)[] = [];
  private exitError: Error | undefined;
  private ended = false;

  constructor(
    open: (callback: Opened) => void,
    private readonly mode: DockerTransportMode,
    private readonly onFailure: (message: string) => void,
  ) {
    super({ allowHalfOpen: false });
    open((error, channel) => {
      if (error || !channel) {
        this.destroy(error ?? new Error('no channel'));
        return;
      }
      if (this.destroyed) {
        closeQuietly(channel);
        return;
      }
      // Inside ssh2's callback, before any of the channel's packets are handled.
      this.attach(channel);
      for (const run of this.waiting.splice(0)) run();
    });
  }

  private attach(channel: ClientChannel): void {
    this.channel = channel;
    let stderr = '';
    channel.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) channel.pause();
    });
    channel.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString('utf8');
    });
    channel.on('exit', (code: number | null) => {
      if (code === 0) return;
      const first = stderr.trim().split('\n')[0] ?? '';
      this.exitError = new Error(first || `${DIAL_STDIO_COMMAND} exited with code ${String(code)}`);
      this.onFailure(this.exitError.message);
    });
    // A forward ends with the socket; dial-stdio may only tell its failure in the exit status.
    if (this.mode === 'forward') channel.on('end', () => this.endReading());
    channel.on('close', () => {
      if (this.exitError) this.destroy(this.exitError);
      else this.endReading();
    });
    channel.on('error', (error: Error) => this.destroy(error));
  }

  private whenOpen(run: (channel: ClientChannel) => void): void {
    if (this.channel) run(this.channel);
    else this.waiting.push(() => run(this.channel as ClientChannel));
  }

  private endReading(): void {
    if (this.ended) return;
    this.ended = true;
    this.push(null);
  }

  override _read(): void {
    this.channel?.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.whenOpen((channel) => channel.write(chunk, callback));
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.whenOpen((channel) => {
      channel.end();
      callback();
    });
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.waiting = [];
    if (this.channel) closeQuietly(this.channel);
    callback(error);
  }

  // What http.Agent and ClientRequest call on a net.Socket; a channel has no such knobs.
  setKeepAlive(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setTimeout(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}

function closeQuietly(channel: ClientChannel): void {
  try {
    channel.close();
  } catch {
    // the SSH connection is already gone
  }
}

function openChannel(client: Client, mode: DockerTransportMode, socketPath: string, callback: Opened): void {
  const done = (error: Error | undefined, channel: ClientChannel | undefined) => callback(error, channel);
  try {
    if (mode === 'forward') client.openssh_forwardOutStreamLocal(socketPath, done);
    else client.exec(dialStdioCommand(socketPath), done);
  } catch (error) {
    // ssh2 throws at once when the connection is gone. Reported later: a ChannelSocket is still in its
    // constructor here, and an error it emitted now would reach no listener (http attaches its own on a
    // later tick), an uncaught exception instead of a failed request.
    const failure = error instanceof Error ? error : new Error(String(error));
    setImmediate(() => callback(failure, undefined));
  }
}

/** Opens a channel to a Unix socket on the remote host (OpenSSH's direct-streamlocal). */
export function openForward(client: Client, socketPath: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) =>
    openChannel(client, 'forward', socketPath, (error, channel) =>
      error || !channel ? reject(error ?? new Error('no channel')) : resolve(channel),
    ),
  );
}

/** Tries a forward once; anything but success means dial-stdio. Returns why a forward failed. */
export async function probeDockerTransport(
  client: Client,
  socketPath: string,
): Promise<{ mode: DockerTransportMode; forwardError?: string }> {
  try {
    const channel = await openForward(client, socketPath);
    channel.close();
    return { mode: 'forward' };
  } catch (error) {
    return { mode: 'dial-stdio', forwardError: error instanceof Error ? error.message : String(error) };
  }
}

export interface DockerTransport {
  readonly agent: Agent;
  readonly mode: DockerTransportMode;
  /** Channels opened for Docker so far. */
  readonly opened: () => number;
  /** The last failure of a channel (dial-stdio's stderr, a refused open), for error messages. */
  readonly lastError: () => string | undefined;
  /** Ends every Docker connection, busy or idle, with this error (the SSH link dropped). */
  fail(error: Error): void;
}

/** A keep-alive http.Agent whose connections are channels of `client`. */
export function createDockerTransport(
  client: Client,
  options: { mode: DockerTransportMode; socketPath: string; maxSockets?: number },
): DockerTransport {
  let opened = 0;
  let lastError: string | undefined;
  const live = new Set<ChannelSocket>();
  const onFailure = (message: string) => {
    lastError = message;
  };
  const open = (callback: Opened, attempt = 0): void =>
    openChannel(client, options.mode, options.socketPath, (error, channel) => {
      const refused = error !== undefined && /Channel open failure/.test(error.message);
      if (refused && options.mode === 'dial-stdio' && attempt < OPEN_RETRIES) {
        setTimeout(() => open(callback, attempt + 1), 20 * 2 ** attempt);
        return;
      }
      if (error) lastError = error.message;
      else opened += 1;
      callback(error, channel);
    });
  const sockets = options.maxSockets ?? DOCKER_SOCKETS[options.mode];
  class ChannelAgent extends Agent {
    // docker-modem logs every request with util.inspect(options, { showHidden: true, depth: null })
    // even when its debug output is off, and options.agent is this agent: without this, each request
    // walks every socket, channel and the whole ssh2 client (measured: 200 inspects 8 in flight,
    // 8.5 s of which 7 s in util.inspect).
    [inspect.custom](): string {
      return `ChannelAgent(${options.mode})`;
    }

    override createConnection(_options: ClientRequestArgs): Duplex {
      const socket = new ChannelSocket(open, options.mode, onFailure);
      live.add(socket);
      socket.once('close', () => live.delete(socket));
      return socket;
    }
  }
  const agent = new ChannelAgent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  return {
    agent,
    mode: options.mode,
    opened: () => opened,
    lastError: () => lastError,
    fail(error) {
      for (const socket of [...live]) socket.destroy(error);
      agent.destroy();
    },
  };
}
