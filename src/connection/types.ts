// A connection is one host: run a fixed argument vector there, and talk to its Docker Engine API.
import type Docker from 'dockerode';
import type { HostKeyFacts } from '../model/wire.js';

export interface ExecOptions {
  /** Bytes written to the command's standard input, then closed. */
  stdin?: string;
  timeoutMs?: number;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  /** Exit code; null when the command was killed by a signal or timed out. */
  code: number | null;
}

export interface Connection {
  /** Display form of the target (`local`, `user@host:port`). */
  readonly target: string;
  /** True when commands run as uid 0 on the host. Filled in by connect(). */
  readonly isRoot: boolean;
  exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /** The engine address the API client talks to (`unix:///var/run/docker.sock`, Podman's socket…). */
  readonly dockerHost?: string;
  /** A dockerode client whose every request goes over this connection. */
  readonly docker: Docker;
  /** How many Docker API requests to keep in flight (inspects during a capture). */
  readonly dockerConcurrency: number;
  /** What of the ssh config was not honoured for this host and its jump hosts, one line each. */
  readonly warnings?: readonly string[];
  /** False when this host's settings say never to run `sudo -n` (kernel facts are then read unprivileged). */
  readonly sudo?: boolean;
  /** Round trips made so far (exec channels opened), for benchmarks. */
  readonly stats: { execs: number };
  /** Called once when the connection drops or is closed; returns an unsubscribe function. */
  onClose(listener: (error?: Error) => void): () => void;
  close(): Promise<void>;
}

/** A failure the user can act on: `message` is one line naming the cause and what to do. */
export class ConnectionError extends Error {
  constructor(
    readonly code:
      | 'unreachable'
      | 'auth-failed'
      | 'host-key-unknown'
      | 'host-key-changed'
      | 'docker-unavailable'
      | 'permission-denied'
      | 'bad-target'
      | 'closed'
      | 'timeout',
    message: string,
    /** The refused host key (codes `host-key-unknown` and `host-key-changed`), for the app's dialog. */
    readonly hostKey?: HostKeyFacts,
  ) {
    super(message);
    this.name = 'ConnectionError';
  }
}
