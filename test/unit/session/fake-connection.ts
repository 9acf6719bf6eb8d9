// A stand-in connection for session unit tests: events streams the test writes into, and a way to
// make the link drop. Everything else the session needs is injected (capture, pollCounters).
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import type { Connection } from '../../../src/connection/types.js';

export interface FakeConnection {
  conn: Connection;
  /** Every events stream opened, newest last, with the `since` it was opened with. */
  streams: { stream: PassThrough; since: unknown }[];
  closed: () => boolean;
  /** Simulates the link dropping (ssh2 'close'). */
  drop(error?: Error): void;
  /** Writes one Docker event line into the newest stream. */
  event(type: string, action: string, timeNano: string, name?: string, container?: string): void;
}

export function fakeConnection(options: { failEvents?: boolean } = {}): FakeConnection {
  const listeners = new Set<(error?: Error) => void>();
  const streams: FakeConnection['streams'] = [];
  let closed = false;
  const docker = {
    getEvents(opts: { since?: unknown }) {
      if (options.failEvents) return Promise.reject(new Error('connect ECONNREFUSED /var/run/docker.sock'));
      const stream = new PassThrough();
      streams.push({ stream, since: opts.since });
      return Promise.resolve(stream);
    },
  } as unknown as Docker;
  const conn: Connection = {
    target: 'fake',
    isRoot: true,
    docker,
    dockerConcurrency: 1,
    stats: { execs: 0 },
    exec: () => Promise.reject(new Error('exec is not used here')),
    onClose(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      if (!closed) {
        closed = true;
        for (const l of [...listeners]) l();
        listeners.clear();
      }
      return Promise.resolve();
    },
  };
  return {
    conn,
    streams,
    closed: () => closed,
    drop(error) {
      closed = true;
      for (const l of [...listeners]) l(error ?? new Error('connection reset'));
      listeners.clear();
    },
    event(type, action, timeNano, name = 'x', container) {
      const attributes = JSON.stringify({ name, ...(container ? { container } : {}) });
      const line = `{"Type":"${type}","Action":"${action}","Actor":{"ID":"id-${name}","Attributes":${attributes}},"time":${timeNano.slice(0, -9)},"timeNano":${timeNano}}\n`;
      streams.at(-1)?.stream.write(line);
    },
  };
}
