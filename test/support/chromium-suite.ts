// A block of renderer tests in headless Chromium against the fake API: the built renderer served and
// one browser for the block, both closed after it. Without a built renderer or Chromium the block is
// skipped, and in CI that is a failure.
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe } from 'vitest';
import { launchChromium, rendererMissing, serveRenderer } from './renderer-harness.js';

export interface ChromiumEnv {
  browser: Browser;
  /** Where the renderer is served. */
  url: string;
}

export function describeInChromium(name: string, body: (env: ChromiumEnv) => void): void {
  const missing = rendererMissing();
  if (missing && process.env.CI === 'true') throw new Error(`CI: ${missing}`);
  (missing ? describe.skip : describe)(name, () => {
    const env = {} as ChromiumEnv;
    let close: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      mkdirSync('test-results', { recursive: true });
      const server = await serveRenderer();
      close = () => server.close();
      env.url = server.url;
      env.browser = await launchChromium();
    });
    afterAll(async () => {
      await env.browser?.close();
      await close?.();
    });
    body(env);
  });
}
