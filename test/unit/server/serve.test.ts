import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WS_PATH } from '../../../src/api/contract.js';
import type { Backend } from '../../../src/server/backend.js';
import { createBackend } from '../../../src/server/backend.js';
import type { RunningServer } from '../../../src/server/serve.js';
import { startServer } from '../../../src/server/serve.js';
import { contentSecurityPolicy } from '../../../src/server/static-files.js';
import { fakeDeps } from './fakes.js';
import { messages, openSocket, rawGet } from './http-client.js';

let dir: string;
let backend: Backend;
let server: RunningServer;
let wsUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nlw-serve-'));
  const root = join(dir, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(
    join(root, 'index.html'),
    '<!doctype html><title>Netlens</title><script type="module" src="/assets/app.js"></script>',
  );
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log("app")');
  writeFileSync(join(root, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(root, '.env'), 'SECRET=1');
  writeFileSync(join(dir, 'secret.txt'), 'TOP-SECRET');
  symlinkSync(join(dir, 'secret.txt'), join(root, 'assets', 'link.txt'));
  backend = createBackend(fakeDeps(join(dir, 'hosts.json')));
  server = await startServer({ port: 0, staticDir: root, backend, maxMessageBytes: 64 * 1024 });
  wsUrl = `ws://127.0.0.1:${server.port}${WS_PATH}?token=${server.token}`;
});
afterAll(async () => {
  await server.close();
  await backend.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('serve: HTTP', () => {
  it('prints a loopback URL with a fresh 32-byte token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(Buffer.from(server.token, 'base64url')).toHaveLength(32);
  });

  it('serves the page only with the right token, with a strict CSP', async () => {
    const page = await rawGet(server.port, `/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<title>Netlens</title>');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`ws://127.0.0.1:${server.port}`);
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect((await rawGet(server.port, '/')).status).toBe(401);
    expect((await rawGet(server.port, '/index.html')).status).toBe(401);
    expect((await rawGet(server.port, '/?token=wrong')).status).toBe(403);
    expect((await rawGet(server.port, `/?token=${server.token}x`)).status).toBe(403);
  });

  it('asks for the token whatever name reaches the page: encoded, or a link inside the folder', async () => {
    symlinkSync('../index.html', join(dir, 'renderer', 'assets', 'home.html'));
    for (const target of ['/%69ndex.html', '/index%2Ehtml', '/%2Findex.html', '/assets/home.html']) {
      const response = await rawGet(server.port, target);
      expect([target, response.status]).toEqual([target, target === '/%2Findex.html' ? 404 : 401]);
      expect(response.body).not.toContain('<title>Netlens</title>');
    }
    expect((await rawGet(server.port, `/%69ndex.html?token=${server.token}`)).status).toBe(200);
  });

  it('sends the policy of the meta tag in renderer/index.html, narrowed to its own port', async () => {
    const html = readFileSync('renderer/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(contentSecurityPolicy());
    const header = String(
      (await rawGet(server.port, `/?token=${server.token}`)).headers['content-security-policy'],
    );
    expect(header).toBe(`${(meta ?? '').replaceAll(':*', `:${server.port}`)}; frame-ancestors 'none'`);
  });

  it('does not serve source maps', async () => {
    writeFileSync(join(dir, 'renderer', 'assets', 'app.js.map'), '{"sources":["/home/dev/src/app.ts"]}');
    expect((await rawGet(server.port, '/assets/app.js.map')).status).toBe(404);
    expect((await rawGet(server.port, '/assets/app.js.MAP')).status).toBe(404);
  });

  it('serves assets with their content types', async () => {
    const js = await rawGet(server.port, '/assets/app.js');
    expect([js.status, js.headers['content-type'], js.body]).toEqual([
      200,
      'text/javascript; charset=utf-8',
      'console.log("app")',
    ]);
    expect((await rawGet(server.port, '/assets/app.css')).headers['content-type']).toBe(
      'text/css; charset=utf-8',
    );
    const head = await rawGet(server.port, '/assets/app.js', {}, 'HEAD');
    expect([head.status, head.body]).toEqual([200, '']);
    expect((await rawGet(server.port, '/assets/missing.js')).status).toBe(404);
    expect((await rawGet(server.port, '/assets/app.js', {}, 'POST')).status).toBe(405);
  });

  it('refuses traversal, encoded traversal, hidden files, directories and symlinks out', async () => {
    for (const target of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/..%255c..%255csecret.txt',
      '/%00index.html',
      '/%E0%A4%A',
      '/.env',
      '/assets/',
      '/assets',
      '/assets/link.txt',
      '//etc/passwd',
    ]) {
      const response = await rawGet(server.port, target);
      expect([target, response.status]).toEqual([target, 404]);
      expect(response.body).not.toContain('SECRET');
    }
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin', async () => {
    expect(
      (await rawGet(server.port, `/?token=${server.token}`, { host: `evil.example:${server.port}` })).status,
    ).toBe(403);
    expect((await rawGet(server.port, '/assets/app.js', { host: 'localhost:1' })).status).toBe(403);
    expect((await rawGet(server.port, '/assets/app.js', { host: `localhost:${server.port}` })).status).toBe(
      200,
    );
    expect((await rawGet(server.port, '/assets/app.js', { origin: 'http://evil.example' })).status).toBe(403);
  });
});

describe('serve: WebSocket', () => {
  it('refuses a missing or wrong token, a foreign Origin or Host, and other paths', async () => {
    const base = `ws://127.0.0.1:${server.port}${WS_PATH}`;
    expect(await openSocket(base)).toBe(401);
    expect(await openSocket(`${base}?token=`)).toBe(401);
    expect(await openSocket(`${base}?token=AAAA${server.token}`)).toBe(403);
    expect(await openSocket(wsUrl, { origin: 'http://evil.example' })).toBe(403);
    expect(await openSocket(wsUrl, { origin: `http://127.0.0.1:${server.port + 1}` })).toBe(403);
    expect(await openSocket(wsUrl, { host: `attacker.example:${server.port}` })).toBe(403);
    expect(await openSocket(`ws://127.0.0.1:${server.port}/other?token=${server.token}`)).toBe(404);
    const ok = await openSocket(wsUrl, { origin: `http://localhost:${server.port}` });
    expect(ok).toBeInstanceOf(WebSocket);
    (ok as WebSocket).close();
  });

  it('answers requests and reports bad ones without dying', async () => {
    const socket = (await openSocket(wsUrl)) as WebSocket;
    const { call, next } = messages(socket);
    expect(await call('hosts:list')).toMatchObject({
      type: 'response',
      id: 1,
      ok: true,
      result: [{ id: 'local' }],
    });
    expect(await call('hosts:add', { target: 42 })).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: expect.stringContaining('target') as string },
    });
    expect(await call('nope:nothing')).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: 'unknown request "nope:nothing"' },
    });
    expect(await call('__proto__')).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    socket.send('{not json');
    expect(await next((m) => m.type === 'response' && m.id === 0)).toMatchObject({
      ok: false,
      error: { message: 'message is not valid JSON' },
    });
    socket.send(JSON.stringify({ type: 'request', id: 77, name: 5 }));
    expect(await next((m) => m.type === 'response' && m.id === 77)).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    socket.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(
      await next((m) => m.type === 'response' && m.ok === false && m.error.message.includes('JSON text')),
    ).toBeTruthy();
    // Still alive.
    expect(await call('hosts:list')).toMatchObject({ ok: true });
    socket.close();
  });

  it('closes a socket that sends more than the message limit', async () => {
    const socket = (await openSocket(wsUrl)) as WebSocket;
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(
      JSON.stringify({ type: 'request', id: 1, name: 'hosts:list', args: { pad: 'x'.repeat(100 * 1024) } }),
    );
    expect(await closed).toBe(1009);
    const again = (await openSocket(wsUrl)) as WebSocket;
    expect(await messages(again).call('hosts:list')).toMatchObject({ ok: true });
    again.close();
  });

  it('fans events out to every connected client', async () => {
    const a = (await openSocket(wsUrl)) as WebSocket;
    const b = (await openSocket(wsUrl)) as WebSocket;
    const ma = messages(a);
    const mb = messages(b);
    await ma.call('hosts:add', { target: 'fanout@example' });
    const isChange = (m: { type: string; event?: string }) =>
      m.type === 'event' && m.event === 'hosts:changed';
    expect(await ma.next(isChange)).toMatchObject({
      payload: { hosts: [{ id: 'local' }, { id: 'fanout@example' }] },
    });
    expect(await mb.next(isChange)).toMatchObject({
      payload: { hosts: [{ id: 'local' }, { id: 'fanout@example' }] },
    });
    a.close();
    b.close();
  });
});
