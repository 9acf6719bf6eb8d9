// A Unix socket that relays to the real Docker socket, for tests that must stop "the engine" or hold
// a request in flight at a moment they choose, without touching the shared dockerd.
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface DockerSocketProxy {
  path: string;
  /** Requests whose first bytes arrived, by request line (`GET /v1.43/containers/json…`). */
  requests: string[];
  /** While held, requests are received and counted but not relayed (nor answered). */
  hold(): void;
  release(): void;
  /** Cuts every relayed connection and refuses new ones: the engine stopped answering. */
  reset(): void;
  /** Stops listening and removes the socket file: the engine is gone. */
  close(): Promise<void>;
}

export async function startDockerSocketProxy(target = '/var/run/docker.sock'): Promise<DockerSocketProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'nls-dockerproxy-'));
  const path = join(dir, 'docker.sock');
  const requests: string[] = [];
  const clients = new Set<Socket>();
  let held = false;
  let refusing = false;
  const waiting: (() => void)[] = [];
  const server = createServer((client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => undefined);
    if (refusing) {
      client.destroy();
      return;
    }
    client.once('data', (first: Buffer) => {
      requests.push(first.toString('latin1').split('\r\n')[0] ?? '');
      client.pause();
      const relay = () => {
        if (client.destroyed) return;
        const engine = createConnection(target);
        engine.on('error', () => client.destroy());
        client.on('close', () => engine.destroy());
        engine.on('close', () => client.destroy());
        engine.write(first);
        client.pipe(engine);
        engine.pipe(client);
        client.resume();
      };
      if (held) waiting.push(relay);
      else relay();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  return {
    path,
    requests,
    hold: () => {
      held = true;
    },
    release: () => {
      held = false;
      for (const relay of waiting.splice(0)) relay();
    },
    reset: () => {
      refusing = true;
      waiting.length = 0;
      for (const client of clients) client.destroy();
    },
    close: async () => {
      for (const client of clients) client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
