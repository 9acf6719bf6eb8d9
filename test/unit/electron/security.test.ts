// Window and session hardening with fake web contents and session objects.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRequestHandler } from '../../../electron/protocol.js';
import type { SessionLike, WebContentsLike } from '../../../electron/security.js';
import { hardenSession, hardenWebContents, isAllowedRequest, isAppUrl } from '../../../electron/security.js';

describe('isAppUrl / isAllowedRequest', () => {
  it('accepts only our own page', () => {
    expect(isAppUrl('netlens://app/index.html')).toBe(true);
    expect(isAppUrl('netlens://app/assets/x.js?y#z')).toBe(true);
    for (const url of [
      'netlens://evil/index.html',
      'https://app/',
      'file:///etc/passwd',
      'http://127.0.0.1/',
      'javascript:alert(1)',
      'not a url',
      '',
    ]) {
      expect([url, isAppUrl(url)]).toEqual([url, false]);
    }
  });

  it('lets the renderer load nothing remote', () => {
    expect(isAllowedRequest('netlens://app/assets/a.js')).toBe(true);
    expect(isAllowedRequest('data:image/png;base64,AAAA')).toBe(true);
    expect(isAllowedRequest('devtools://devtools/bundled/x')).toBe(true);
    for (const url of [
      'https://example.com/x.js',
      'http://127.0.0.1:8080/',
      'ws://127.0.0.1/api',
      'file:///etc/passwd',
      'ftp://x/',
    ]) {
      expect([url, isAllowedRequest(url)]).toEqual([url, false]);
    }
  });
});

function fakeContents() {
  const listeners = new Map<
    string,
    ((event: { preventDefault(): void; url?: string }, url?: string) => void)[]
  >();
  let openHandler: ((details: { url: string }) => { action: string }) | null = null;
  const contents = {
    on(name: string, listener: (event: { preventDefault(): void; url?: string }, url?: string) => void) {
      listeners.set(name, [...(listeners.get(name) ?? []), listener]);
      return contents;
    },
    setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }) {
      openHandler = handler;
    },
  };
  const fire = (name: string, url?: string, viaEvent = true): boolean => {
    let prevented = false;
    const event = { preventDefault: () => void (prevented = true), ...(viaEvent && url ? { url } : {}) };
    for (const listener of listeners.get(name) ?? []) listener(event, url);
    return prevented;
  };
  return { contents: contents as WebContentsLike, fire, openWith: (url: string) => openHandler?.({ url }) };
}

describe('hardenWebContents', () => {
  it('blocks navigation and redirects away from the app', () => {
    const { contents, fire } = fakeContents();
    hardenWebContents(contents);
    for (const name of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
      expect(fire(name, 'https://evil.example/')).toBe(true);
      expect(fire(name, 'file:///etc/passwd', false)).toBe(true);
      expect(fire(name, 'netlens://app/index.html')).toBe(false);
    }
  });

  it('denies new windows and webviews', () => {
    const { contents, fire, openWith } = fakeContents();
    hardenWebContents(contents);
    expect(openWith('https://example.com/')).toEqual({ action: 'deny' });
    expect(openWith('netlens://app/index.html')).toEqual({ action: 'deny' });
    expect(fire('will-attach-webview')).toBe(true);
  });
});

describe('hardenSession', () => {
  it('denies every permission and cancels foreign requests', () => {
    let requestHandler: Parameters<SessionLike['setPermissionRequestHandler']>[0] | null = null;
    let checkHandler: (() => boolean) | null = null;
    let beforeRequest: Parameters<SessionLike['webRequest']['onBeforeRequest']>[0] | null = null;
    hardenSession({
      setPermissionRequestHandler: (handler) => void (requestHandler = handler),
      setPermissionCheckHandler: (handler) => void (checkHandler = handler),
      webRequest: { onBeforeRequest: (listener) => void (beforeRequest = listener) },
    });
    const granted: boolean[] = [];
    requestHandler!({}, 'media', (value) => granted.push(value));
    requestHandler!({}, 'notifications', (value) => granted.push(value));
    expect(granted).toEqual([false, false]);
    expect(checkHandler!()).toBe(false);
    const verdicts: boolean[] = [];
    beforeRequest!({ url: 'https://cdn.example/lib.js' }, ({ cancel }) => verdicts.push(cancel));
    beforeRequest!({ url: 'netlens://app/assets/a.js' }, ({ cancel }) => verdicts.push(cancel));
    expect(verdicts).toEqual([true, false]);
  });
});

describe('netlens://app protocol handler', () => {
  let dir: string;
  let handle: ReturnType<typeof createAppRequestHandler>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nlw-protocol-'));
    mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Netlens</title>');
    writeFileSync(join(dir, 'renderer', 'assets', 'a.js'), 'export {}');
    writeFileSync(join(dir, 'secret.txt'), 'TOP-SECRET');
    handle = createAppRequestHandler(join(dir, 'renderer'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the bundle with content types and the CSP', async () => {
    const page = await handle({ url: 'netlens://app/index.html', method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>Netlens</title>');
    const root = await handle({ url: 'netlens://app/', method: 'GET' });
    expect(root.status).toBe(200);
    expect(
      (await handle({ url: 'netlens://app/assets/a.js', method: 'GET' })).headers.get('content-type'),
    ).toBe('text/javascript; charset=utf-8');
  });

  it('refuses other hosts, methods and paths outside the bundle', async () => {
    expect((await handle({ url: 'netlens://other/index.html', method: 'GET' })).status).toBe(404);
    expect((await handle({ url: 'netlens://app/index.html', method: 'POST' })).status).toBe(405);
    for (const url of [
      'netlens://app/../secret.txt',
      'netlens://app/%2e%2e/secret.txt',
      'netlens://app/..%2fsecret.txt',
      'netlens://app/assets/..%5c..%5csecret.txt',
    ]) {
      const response = await handle({ url, method: 'GET' });
      expect([url, response.status]).toEqual([url, 404]);
      expect(await response.text()).not.toContain('SECRET');
    }
  });
});
