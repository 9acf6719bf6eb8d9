// The Docker Engine API over the host's one SSH connection: every HTTP connection dockerode opens
// becomes a channel on that connection, either a stream-local forward to the remote Docker socket
// or, where sshd forbids such forwards, an exec channel running `docker system dial-stdio`.
import { Agent } from 'node:http';
import type { ClientRequestArgs } from 'node:http';
import { Duplex } from 'node:stream';
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

/** An ssh2 channel dressed as the net.Socket that node's http client expects. */
class ChannelSocket extends Duplex {
  private exitError: Error | undefined;
  private ended = false;

  constructor(
    private readonly channel: ClientChannel,
    mode: DockerTransportMode,
    onFailure: (message: string) => void,
  ) {
    super({ allowHalfOpen: false });
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
      onFailure(this.exitError.message);
    });
    // A forward ends with the socket; dial-stdio may only tell its failure in the exit status.
    if (mode === 'forward') channel.on('end', () => this.endReading());
    channel.on('close', () => {
      if (this.exitError) this.destroy(this.exitError);
      else this.endReading();
    });
    channel.on('error', (error: Error) => this.destroy(error));
  }

  private endReading(): void {
    if (this.ended) return;
    this.ended = true;
    this.push(null);
  }

  override _read(): void {
    this.channel.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.channel.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.channel.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    try {
      this.channel.close();
    } catch {
      // the SSH connection is already gone
    }
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

type Opened = (error: Error | undefined, channel: ClientChannel) => void;

function openChannel(client: Client, mode: DockerTransportMode, socketPath: string, callback: Opened): void {
  try {
    if (mode === 'forward') client.openssh_forwardOutStreamLocal(socketPath, callback);
    else client.exec(dialStdioCommand(socketPath), callback);
  } catch (error) {
    callback(
      error instanceof Error ? error : new Error(String(error)),
      undefined as unknown as ClientChannel,
    );
  }
}

/** Opens a channel to a Unix socket on the remote host (OpenSSH's direct-streamlocal). */
export function openForward(client: Client, socketPath: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) =>
    openChannel(client, 'forward', socketPath, (error, channel) =>
      error ? reject(error) : resolve(channel),
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
  /** The last failure of a dial-stdio channel (its stderr's first line), for error messages. */
  readonly lastError: () => string | undefined;
}

/** A keep-alive http.Agent whose connections are channels of `client`. */
export function createDockerTransport(
  client: Client,
  options: { mode: DockerTransportMode; socketPath: string; maxSockets?: number },
): DockerTransport {
  let opened = 0;
  let lastError: string | undefined;
  const onFailure = (message: string) => {
    lastError = message;
  };
  class ChannelAgent extends Agent {
    override createConnection(
      _options: ClientRequestArgs,
      callback?: (error: Error | null, stream: Duplex) => void,
    ): Duplex | null | undefined {
      // The socket wraps the channel inside ssh2's callback, before any of its packets are handled.
      openChannel(client, options.mode, options.socketPath, (error, channel) => {
        if (error) {
          lastError = error.message;
          callback?.(error, undefined as unknown as Duplex);
          return;
        }
        opened += 1;
        callback?.(null, new ChannelSocket(channel, options.mode, onFailure));
      });
      return undefined;
    }
  }
  const agent = new ChannelAgent({
    keepAlive: true,
    maxSockets: options.maxSockets ?? (options.mode === 'forward' ? 16 : 3),
    maxFreeSockets: options.mode === 'forward' ? 16 : 1,
  });
  return { agent, mode: options.mode, opened: () => opened, lastError: () => lastError };
}
