// Runs the built renderer in headless Chromium against a fake in-page API (window.netlens injected
// with addInitScript), for the UI tests, the screenshots and the render bench. No back end needed.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { contentTypeOf, resolveStaticFile } from '../../src/server/static-files.js';
import type { EventName, EventPayloads, HostEntry, SnapshotMeta } from '../../src/api/contract.js';
import type { SnapshotDiff } from '../../src/model/diff-types.js';
import type { Snapshot } from '../../src/model/snapshot.js';

export const RENDERER_DIR = resolve(import.meta.dirname, '../../dist/renderer');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Why the renderer cannot be run here, or null when it can. */
export function rendererMissing(): string | null {
  if (!existsSync(resolve(RENDERER_DIR, 'index.html')))
    return 'dist/renderer is not built (npm run build:renderer)';
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is not installed`;
  return null;
}

export async function serveRenderer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      const file = await resolveStaticFile(RENDERER_DIR, path);
      if (!file) {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': contentTypeOf(file), 'cache-control': 'no-store' });
      res.end(await readFile(file));
    })();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export interface StubInit {
  snapshot: Snapshot | null;
  hosts: HostEntry[];
  /** Saved snapshots the fake store starts with (a null snapshot: a broken file, give meta.error). */
  saved?: { meta: SnapshotMeta & { error?: string }; snapshot: Snapshot | null }[];
  /** What `snapshots:compare` answers, whatever it is asked. */
  diff?: SnapshotDiff;
}

export function localHost(state: HostEntry['status']['state'] = 'live'): HostEntry {
  const now = new Date().toISOString();
  const status: HostEntry['status'] =
    state === 'live'
      ? { state, since: now, lastUpdate: now }
      : state === 'connecting'
        ? { state, since: now }
        : state === 'disconnected'
          ? { state }
          : state === 'error'
            ? { state, reason: 'connect EACCES /var/run/docker.sock' }
            : {
                state,
                attempt: 2,
                nextRetryAt: new Date(Date.now() + 8000).toISOString(),
                reason: 'connect ECONNREFUSED 192.0.2.7:22',
              };
  return { id: 'local', target: 'local', dockerHost: null, label: 'local', status };
}

/**
 * The fake window.netlens, as page JavaScript (a string, so no transpiler helper leaks into it): it
 * answers requests from `init` and lets the test push events through window.__netlensTest.emit.
 */
const STUB = `(function (init) {
  // tsx (esbuild keepNames) wraps named functions of page.evaluate callbacks in __name(): make it exist.
  globalThis.__name = globalThis.__name || ((f) => f);
  const listeners = new Map();
  const state = { snapshot: init.snapshot, hosts: init.hosts, saved: init.saved || [], diff: init.diff || null, calls: [] };
  const entry = (id) => {
    const found = state.saved.find((s) => s.meta.id === id);
    if (!found) throw { code: 'not-found', message: 'no saved snapshot with id "' + id + '"' };
    return found;
  };
  const newMeta = (name, note, snapshot) => ({
    id: 'stub-' + (state.saved.length + 1) + '-' + Date.now(), name, note: note || '',
    host: snapshot.host.name, target: snapshot.host.target, capturedAt: snapshot.capturedAt,
    savedAt: new Date().toISOString(), bytes: 1000, containers: snapshot.containers.length,
  });
  const emit = (event, payload) => { for (const l of listeners.get(event) || []) l(payload); };
  const answer = (name, args) => {
    state.calls.push({ name, args });
    switch (name) {
      case 'hosts:list': return state.hosts;
      case 'session:connect': case 'session:disconnect': case 'hosts:remove': return undefined;
      case 'session:current': case 'session:capture': return state.snapshot;
      case 'session:counters': return null;
      case 'hosts:add': {
        const entry = { id: String(args.target), target: String(args.target), label: String(args.target), status: { state: 'connecting', since: new Date().toISOString() } };
        state.hosts = [...state.hosts, entry];
        return entry;
      }
      case 'snapshots:list': return state.saved.map((s) => s.meta);
      case 'snapshots:save': {
        const meta = newMeta(args.name, args.note, state.snapshot);
        state.saved = [{ meta, snapshot: state.snapshot }, ...state.saved];
        return meta;
      }
      case 'snapshots:rename': { const e = entry(args.id); e.meta = { ...e.meta, name: args.name }; return e.meta; }
      case 'snapshots:delete': entry(args.id); state.saved = state.saved.filter((s) => s.meta.id !== args.id); return undefined;
      case 'snapshots:open': {
        const e = entry(args.id);
        if (!e.snapshot) throw { code: 'bad-request', message: e.meta.error || 'broken' };
        return e.snapshot;
      }
      case 'snapshots:import': {
        if (!String(args.content).startsWith('{')) throw { code: 'bad-request', message: 'not JSON' };
        const snapshot = JSON.parse(args.content);
        const meta = newMeta(String(args.fileName).replace(/\\.json$/, ''), 'imported', snapshot);
        state.saved = [{ meta, snapshot }, ...state.saved];
        return meta;
      }
      case 'snapshots:export': {
        const e = entry(args.id);
        return { fileName: e.meta.name + (args.redact ? '-redacted' : '') + '.netlens.json', content: JSON.stringify(e.snapshot) };
      }
      case 'snapshots:compare': {
        if (!state.diff) throw { code: 'not-found', message: 'stub has no diff' };
        const side = (ref) => (ref.kind === 'saved' ? entry(ref.id).snapshot : state.snapshot);
        return { diff: state.diff, a: side(args.a), b: side(args.b) };
      }
      default: throw { code: 'not-found', message: 'stub has no ' + name };
    }
  };
  window.netlens = {
    request(name, args) { return new Promise((ok, fail) => { try { ok(answer(name, args)); } catch (e) { fail(e); } }); },
    on(event, listener) {
      const set = listeners.get(event) || new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  };
  window.__netlensTest = { emit, state };
})`;

/** Page script: both side panels remembered open (the app's own choice folds them below 1900 px). */
export const PANELS_OPEN = `try { localStorage.setItem('netlens.panel.hosts', 'open'); localStorage.setItem('netlens.panel.details', 'open'); } catch {}`;

export async function openRenderer(
  browser: Browser,
  url: string,
  init: StubInit,
  viewport = { width: 1280, height: 800 },
  colorScheme: 'light' | 'dark' = 'light',
  /** More page script to run before the app (e.g. timing probes). */
  extraInit = '',
  /** The browser's language (navigator.language). */
  locale = 'en-US',
  /** Start with the side panels open, as a user who opened them before (remembered); else the app's default for the window's width. */
  panelsOpen = true,
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, colorScheme, deviceScaleFactor: 1, locale });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  // A JSON string parsed in the page is far cheaper than a multi-megabyte object literal.
  await page.addInitScript({ content: `${STUB}(JSON.parse(${JSON.stringify(JSON.stringify(init))}));` });
  if (extraInit) await page.addInitScript({ content: extraInit });
  if (panelsOpen) await page.addInitScript({ content: PANELS_OPEN });
  await page.goto(url);
  return { page, errors };
}

/** Push an event to the renderer as the back end would. */
export async function emit<E extends EventName>(
  page: Page,
  event: E,
  payload: EventPayloads[E],
): Promise<void> {
  await page.evaluate(
    ([e, p]) =>
      (
        globalThis as unknown as { __netlensTest: { emit: (e: string, p: unknown) => void } }
      ).__netlensTest.emit(e, p),
    [event, payload] as const,
  );
}

// Page-side reads with structural parameter types: the tests are type-checked without the DOM library.
interface PageElement {
  getAttribute(name: string): string | null;
  style: { getPropertyValue(property: string): string };
}
type PageGlobal = { getComputedStyle(e: PageElement): { getPropertyValue(property: string): string } };

/** An attribute of every element the locator matches, in document order. */
export function attrs(locator: Locator, name: string): Promise<(string | null)[]> {
  return locator.evaluateAll((els: PageElement[], n: string) => els.map((e) => e.getAttribute(n)), name);
}

/** A computed (or, with inline, the element's own) style property of the first match. */
export function styleOf(locator: Locator, property: string, inline = false): Promise<string> {
  return locator.evaluate(
    (e: PageElement, [p, own]: [string, boolean]) =>
      own
        ? e.style.getPropertyValue(p)
        : (globalThis as unknown as PageGlobal).getComputedStyle(e).getPropertyValue(p),
    [property, inline] as [string, boolean],
  );
}
