// `netlens serve` end to end: the real server, the real back end (sessions, store, diff) and the real
// local dockerd with a small lab of our own (prefix nlw-), driven over the WebSocket like a browser would.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotMeta, ServerMessage } from '../../src/api/contract.js';
import { WS_PATH } from '../../src/api/contract.js';
import type { SnapshotDiff } from '../../src/model/diff-types.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import type { Backend } from '../../src/server/backend.js';
import type { RunningServer } from '../../src/server/serve.js';
import { startServer } from '../../src/server/serve.js';
import { createDefaultBackend } from '../../src/server/wire.js';
import { cleanupPrefix, docker, dockerAvailable, ensureTestImage } from '../support/lab.js';
import { messages, openSocket, rawGet } from '../unit/server/http-client.js';

const PREFIX = 'nlw-';
const hasDocker = dockerAvailable();

let dir: string;
let backend: Backend;
let server: RunningServer;
let socket: WebSocket;
let api: ReturnType<typeof messages>;
let wsUrl: string;

const isEvent = (name: string) => (m: ServerMessage) => m.type === 'event' && m.event === name;
const payloadOf = <T>(m: ServerMessage): T => (m as { payload: T }).payload;
const resultOf = <T>(m: ServerMessage): T => {
  if (m.type !== 'response' || !m.ok) throw new Error(`request failed: ${JSON.stringify(m)}`);
  return m.result as T;
};

describe.runIf(hasDocker)('netlens serve against the local Docker engine', () => {
  beforeAll(async () => {
    ensureTestImage();
    cleanupPrefix(PREFIX);
    docker('network', 'create', `${PREFIX}net`);
    docker(
      'run',
      '-d',
      '--name',
      `${PREFIX}web`,
      '--network',
      `${PREFIX}net`,
      '-p',
      '127.0.0.1::80',
      'netlens-test/busybox',
      'httpd',
      '-f',
      '-p',
      '80',
    );
    docker(
      'run',
      '-d',
      '--name',
      `${PREFIX}side`,
      '--network',
      `container:${PREFIX}web`,
      'netlens-test/busybox',
      'sleep',
      '3600',
    );
    dir = mkdtempSync(join(tmpdir(), 'nlw-serve-it-'));
    mkdirSync(join(dir, 'static', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'static', 'index.html'), '<!doctype html><title>Netlens</title>');
    writeFileSync(join(dir, 'static', 'assets', 'app.js'), '');
    writeFileSync(join(dir, 'secret.txt'), 'TOP-SECRET');
    backend = createDefaultBackend({
      storeDir: join(dir, 'store'),
      dataDir: join(dir, 'data'),
      log: () => undefined,
    });
    server = await startServer({ port: 0, staticDir: join(dir, 'static'), backend });
    wsUrl = `ws://127.0.0.1:${server.port}${WS_PATH}?token=${server.token}`;
    socket = (await openSocket(wsUrl, { origin: `http://127.0.0.1:${server.port}` })) as WebSocket;
    api = messages(socket);
  });

  afterAll(async () => {
    socket?.close();
    await server?.close();
    await backend?.dispose();
    try {
      cleanupPrefix(PREFIX);
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists hosts, connects to local and pushes a snapshot with the lab', async () => {
    expect(resultOf(await api.call('hosts:list'))).toEqual([
      {
        id: 'local',
        target: 'local',
        dockerHost: null,
        label: 'This computer',
        status: { state: 'disconnected' },
      },
    ]);
    expect(resultOf(await api.call('session:connect', { hostId: 'local' }, 120_000))).toBeNull();
    const pushed = payloadOf<{ hostId: string; snapshot: Snapshot }>(
      await api.next(isEvent('host:snapshot'), 60_000),
    );
    expect(pushed.hostId).toBe('local');
    const names = pushed.snapshot.containers.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining([`${PREFIX}web`, `${PREFIX}side`]));
    expect(pushed.snapshot.networks.map((n) => n.name)).toContain(`${PREFIX}net`);
    expect(
      api.seen.some(
        (m) =>
          isEvent('host:status')(m) && payloadOf<{ status: { state: string } }>(m).status.state === 'live',
      ),
    ).toBe(true);
  });

  it('saves a snapshot, sees a new container live, and compares the two', async () => {
    const saved = resultOf<SnapshotMeta>(
      await api.call('snapshots:save', { hostId: 'local', name: 'before' }),
    );
    expect(saved).toMatchObject({ name: 'before', target: 'local' });
    expect(resultOf<SnapshotMeta[]>(await api.call('snapshots:list')).map((s) => s.id)).toEqual([saved.id]);
    docker(
      'run',
      '-d',
      '--name',
      `${PREFIX}late`,
      '--network',
      `${PREFIX}net`,
      'netlens-test/busybox',
      'sleep',
      '3600',
    );
    await api.next(
      (m) =>
        (isEvent('host:patch')(m) || isEvent('host:snapshot')(m)) &&
        JSON.stringify(m).includes(`${PREFIX}late`),
      60_000,
    );
    const { diff, a, b } = resultOf<{ diff: SnapshotDiff; a: Snapshot; b: Snapshot }>(
      await api.call('snapshots:compare', {
        a: { kind: 'saved', id: saved.id },
        b: { kind: 'live', hostId: 'local' },
      }),
    );
    // The diff was made from the two snapshots it returns (the live one resolved once).
    expect([diff.a.capturedAt, diff.b.capturedAt]).toEqual([a.capturedAt, b.capturedAt]);
    expect(b.containers.map((c) => c.name)).toContain(`${PREFIX}late`);
    expect(diff.a.label).toBe('before');
    expect(diff.changes).toContainEqual(
      expect.objectContaining({ kind: 'added', collection: 'container', key: `${PREFIX}late` }),
    );
  });

  it('answers bad arguments with a bad-request naming the field', async () => {
    expect(await api.call('session:connect', { hostId: 7 })).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: expect.stringMatching(/^session:connect: hostId: /) as string },
    });
    expect(await api.call('snapshots:open', { id: '../../etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: expect.stringContaining('id') as string },
    });
    expect(await api.call('snapshots:open', { id: 'missing-id' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(await api.call('hosts:add', { target: '-oProxyCommand=touch /tmp/nlw-pwned' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
  });

  it('refuses sockets without the token, with a wrong one, from a foreign Origin or Host', async () => {
    const base = `ws://127.0.0.1:${server.port}${WS_PATH}`;
    expect(await openSocket(base)).toBe(401);
    expect(await openSocket(`${base}?token=${'A'.repeat(43)}`)).toBe(403);
    expect(await openSocket(wsUrl, { origin: 'https://evil.example' })).toBe(403);
    expect(await openSocket(wsUrl, { host: `rebind.evil.example:${server.port}` })).toBe(403);
  });

  it('refuses static paths outside the renderer folder', async () => {
    for (const target of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/../package.json',
    ]) {
      const response = await rawGet(server.port, target);
      expect([target, response.status]).toEqual([target, 404]);
      expect(response.body).not.toContain('SECRET');
    }
    expect((await rawGet(server.port, `/?token=${server.token}`)).status).toBe(200);
  });

  it('disconnects and stops pushing', async () => {
    expect(resultOf(await api.call('session:disconnect', { hostId: 'local' }))).toBeNull();
    const listed = resultOf<{ status: { state: string } }[]>(await api.call('hosts:list'));
    expect(listed[0]?.status.state).toBe('disconnected');
  });
});
