import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../../src/server/backend.js';
import { openerArgv, openUrl } from '../../../src/server/open-url.js';
import { runServe } from '../../../src/server/run-serve.js';
import { fakeDeps } from './fakes.js';
import { rawGet } from './http-client.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nlw-run-'));
  mkdirSync(join(dir, 'renderer'));
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Netlens</title>');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runServe', () => {
  it('refuses to start without a built renderer', async () => {
    await expect(runServe({ staticDir: join(dir, 'missing'), print: () => undefined })).rejects.toThrow(
      /npm run build/,
    );
  });

  it('serves, prints the URL once, and stops cleanly', async () => {
    const lines: string[] = [];
    const backend = createBackend(fakeDeps(join(dir, 'hosts.json')));
    const handle = await runServe({
      staticDir: join(dir, 'renderer'),
      backend,
      print: (line) => lines.push(line),
    });
    expect(lines[0]).toBe(`netlens: serving on ${handle.url}`);
    expect(handle.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    expect(
      (await rawGet(handle.port, new URL(handle.url).pathname + new URL(handle.url).search)).status,
    ).toBe(200);
    await handle.close();
    await handle.closed;
    await expect(rawGet(handle.port, '/')).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('openUrl', () => {
  it('uses a fixed argv per platform', () => {
    const url = 'http://127.0.0.1:5/?token=abc';
    expect(openerArgv(url, 'linux')).toEqual(['xdg-open', url]);
    expect(openerArgv(url, 'darwin')).toEqual(['open', url]);
    expect(openerArgv(url, 'win32')).toEqual(['cmd', '/d', '/c', 'start', '', url]);
  });

  it('opens nothing but our own loopback URL', async () => {
    expect(await openUrl('http://127.0.0.1:5/?token=abc&x=$(id)')).toBe(false);
    expect(await openUrl('file:///etc/passwd')).toBe(false);
  });
});
