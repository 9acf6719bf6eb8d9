import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, WS_PATH } from '../../../src/api/contract.js';
import type { HostEntry } from '../../../src/api/contract.js';
import type { WebSocketLike, WsApi } from '../../../renderer/src/lib/ws-client.js';
import { createWsApi, fromWireError } from '../../../renderer/src/lib/ws-client.js';
import type { Backend } from '../../../src/server/backend.js';
import { createBackend } from '../../../src/server/backend.js';
import type { RunningServer } from '../../../src/server/serve.js';
import { startServer } from '../../../src/server/serve.js';
import { waitFor } from '../../support/lab.js';
import { fakeDeps } from './fakes.js';

let dir: string;
let root: string;
let backend: Backend;
let server: RunningServer;
let client: WsApi | null = null;
const createSocket = (url: string) => new WebSocket(url) as unknown as WebSocketLike;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nlw-wsclient-'));
  root = join(dir, 'renderer');
  mkdirSync(root);
  writeFileSync(join(root, 'index.html'), '<!doctype html>');
  backend = createBackend(fakeDeps(join(dir, 'hosts.json')));
  server = await startServer({ staticDir: root, backend });
});
afterEach(async () => {
  client?.close();
  client = null;
  await server.close();
  await backend.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const urlOf = (s: RunningServer) => `ws://127.0.0.1:${s.port}${WS_PATH}?token=${s.token}`;

describe('createWsApi', () => {
  it('sends requests (queued until open) and resolves results', async () => {
    client = createWsApi(urlOf(server), { createSocket });
    const hosts = await client.request('hosts:list', {});
    expect(hosts.map((h: HostEntry) => h.id)).toEqual(['local']);
    expect(client.connected).toBe(true);
  });

  it('re-throws wire errors as ApiError with their code', async () => {
    client = createWsApi(urlOf(server), { createSocket });
    const failure = await client
      .request('hosts:remove', { hostId: 'local' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ code: 'bad-request', message: '"local" cannot be removed' });
    const bad = await client
      .request('hosts:add', { target: 7 as unknown as string })
      .catch((error: unknown) => error);
    expect(bad).toMatchObject({ code: 'bad-request', message: expect.stringContaining('target') as string });
  });

  it('delivers events to listeners until they unsubscribe', async () => {
    client = createWsApi(urlOf(server), { createSocket });
    const seen: string[][] = [];
    const off = client.on('hosts:changed', ({ hosts }) => seen.push(hosts.map((h) => h.id)));
    await client.request('hosts:add', { target: 'one' });
    await waitFor(() => seen.length === 1, 5000, 'first event');
    off();
    await client.request('hosts:add', { target: 'two' });
    await client.request('hosts:list', {});
    expect(seen).toEqual([['local', 'one']]);
  });

  it('rejects in-flight requests on loss and reconnects with backoff', async () => {
    client = createWsApi(urlOf(server), { createSocket, minDelayMs: 20, maxDelayMs: 100 });
    const states: boolean[] = [];
    client.onConnection((up) => states.push(up));
    await client.request('hosts:list', {});
    const port = server.port;
    const token = server.token;
    await server.close();
    await waitFor(() => states.includes(false), 5000, 'loss noticed');
    expect(client.connected).toBe(false);
    // Sent while down: kept and delivered once the server is back.
    const queued = client.request('hosts:list', {});
    server = await startServer({ port, token, staticDir: root, backend });
    await waitFor(() => states.at(-1) === true, 10_000, 'reconnect');
    expect((await queued).length).toBe(1);
    expect(states).toEqual([true, false, true]);
  });

  it('rejects pending requests when closed', async () => {
    client = createWsApi(`ws://127.0.0.1:1${WS_PATH}`, { createSocket, minDelayMs: 10_000 });
    const pending = client.request('hosts:list', {});
    client.close();
    await expect(pending).rejects.toMatchObject({ code: 'unavailable' });
    await expect(client.request('hosts:list', {})).rejects.toBeInstanceOf(ApiError);
  });
});

describe('fromWireError', () => {
  it('keeps known codes and falls back to internal', () => {
    expect(fromWireError({ code: 'not-found', message: 'gone' })).toMatchObject({
      code: 'not-found',
      message: 'gone',
    });
    expect(fromWireError({ code: 'weird', message: 'x' })).toMatchObject({ code: 'internal', message: 'x' });
    expect(fromWireError(new Error('boom'))).toMatchObject({ code: 'internal', message: 'boom' });
    expect(fromWireError('text')).toMatchObject({ code: 'internal', message: 'text' });
  });
});
