// The real app as a user opens it: `netlens serve` on a throwaway store, and one Chromium page on it
// that records every page error and console error (a test asserts the list stays empty).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ConnectOptions } from '../../src/connection/connect.js';
import { runServe } from '../../src/server/run-serve.js';
import { createDefaultBackend } from '../../src/server/wire.js';
import type { ServeHandle, ServeOptions } from '../../src/server/run-serve.js';
import { docker } from './lab.js';
import { PANELS_OPEN, RENDERER_DIR, launchChromium } from './renderer-harness.js';

export interface ServedApp {
  serve: ServeHandle;
  /** The throwaway folder of the store (`store/`), the hosts file and the timeline (`history/`). */
  dir: string;
  browser: Browser;
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

export interface PageOptions {
  /** The browser's language (navigator.language), e.g. `ko-KR`. */
  locale?: string;
  colorScheme?: 'light' | 'dark';
  /** Start with the side panels open (remembered), whatever the window's width. */
  panelsOpen?: boolean;
  /** How `netlens serve` records the session (its store is a fresh folder). */
  history?: ServeOptions['history'];
  /** The clock `netlens serve` stamps its captures with (and so the timeline). */
  now?: ServeOptions['now'];
  /** SSH options for the hosts the app connects (a loopback sshd's key and known_hosts). */
  connectOptions?: ConnectOptions;
}

export async function openServedApp(
  viewport: { width: number; height: number },
  options: PageOptions = {},
): Promise<ServedApp> {
  const dir = mkdtempSync(join(tmpdir(), 'netlens-served-app-'));
  mkdirSync('test-results', { recursive: true });
  const handle = await runServe({
    port: 0,
    staticDir: RENDERER_DIR,
    storeDir: join(dir, 'store'),
    dataDir: dir,
    print: () => undefined,
    ...(options.history && { history: options.history }),
    ...(options.now && { now: options.now }),
    ...(options.connectOptions && {
      backend: createDefaultBackend({
        storeDir: join(dir, 'store'),
        dataDir: dir,
        connectOptions: options.connectOptions,
        history: options.history ?? false,
        ...(options.now && { now: options.now }),
      }),
    }),
  });
  const browser = await launchChromium();
  const page = await (
    await browser.newContext({
      viewport,
      locale: options.locale ?? 'en-US',
      colorScheme: options.colorScheme ?? 'light',
    })
  ).newPage();
  if (options.panelsOpen) await page.addInitScript({ content: PANELS_OPEN });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(handle.url);
  return {
    serve: handle,
    dir,
    browser,
    page,
    errors,
    async close() {
      await browser.close();
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface IpLink {
  ifindex: number;
  ifname: string;
  link_index?: number;
  master?: string;
}

const links = (args: string[]): IpLink[] =>
  JSON.parse(execFileSync(args[0]!, args.slice(1), { encoding: 'utf8' })) as IpLink[];

/** The host end of a container's eth0 as the kernel says: the host link whose ifindex is eth0's peer. */
export function hostEndOf(container: string): IpLink {
  const pid = docker('inspect', '-f', '{{.State.Pid}}', container);
  const eth0 = links(['nsenter', '-t', pid, '-n', 'ip', '-j', 'link', 'show', 'eth0'])[0]!;
  const host = links(['ip', '-j', 'link', 'show']).find((l) => l.ifindex === eth0.link_index);
  if (!host) throw new Error(`no host link with ifindex ${eth0.link_index} for ${container}`);
  return host;
}
