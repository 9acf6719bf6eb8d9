// Render bench: a 1,000-container snapshot in the built renderer, in headless Chromium, with a fake
// in-page API. Prints first paint and the main-thread cost of pan/zoom frames; exits 1 over budget
// (first paint 1.5 s, frames 16 ms at the 95th percentile). Also prints each frame's main-thread CPU
// time from a trace, which holds on a loaded machine where the wall-clock figures do not.
// Run: npm run build:renderer && node --import tsx test/bench/render.ts [containers] [networks]
import type { Page } from 'playwright-core';
import { syntheticSnapshot } from '../support/snapshot-factory/index.js';
import { frameCpu } from './frame-cpu.js';
import {
  launchChromium,
  localHost,
  openRenderer,
  rendererMissing,
  serveRenderer,
} from '../support/renderer-harness.js';

const containers = Number(process.argv[2] ?? 1000);
const networks = Number(process.argv[3] ?? 10);
const FIRST_PAINT_BUDGET = 1500;
const FRAME_BUDGET = 16;

/** Marks when the drawing first exists in the DOM and when the frame showing it has been rendered. */
const PAINT_PROBE = `new MutationObserver((_, o) => {
  if (!document.querySelector('[data-kind="summary"], [data-kind="namespace"]')) return;
  o.disconnect();
  performance.mark('drawn');
  requestAnimationFrame(() => setTimeout(() => performance.mark('drawn-painted'), 0));
}).observe(document, { subtree: true, childList: true });`;

/**
 * One pan/zoom step per animation frame. `work`: main-thread time of the frame (the event, then
 * style, layout, paint and commit, up to the next task); `interval`: time between frames.
 */
async function frames(
  page: Page,
  kind: 'zoom' | 'pan',
  steps: number,
): Promise<{ work: number[]; interval: number[] }> {
  return page.evaluate(`(${FRAMES})(${JSON.stringify(kind)}, ${steps})`);
}

/** Page JavaScript (a string: this file is type-checked without the DOM library). */
const FRAMES = `(kind, n) => new Promise((done) => {
  const frame = document.querySelector('.topology-frame');
  const box = frame.getBoundingClientRect();
  const cx = box.left + box.width / 2;
  const cy = box.top + box.height / 2;
  const work = [];
  const interval = [];
  let last = null;
  let i = 0;
  if (kind === 'pan') frame.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, clientX: cx, clientY: cy, button: 0, view: window }));
  const step = (ts) => {
    if (last !== null) interval.push(ts - last);
    last = ts;
    if (i >= n) {
      if (kind === 'pan') window.dispatchEvent(new MouseEvent('mouseup', { bubbles: true, clientX: cx, clientY: cy, view: window }));
      setTimeout(() => done({ work, interval }), 50);
      return;
    }
    const t0 = performance.now();
    if (kind === 'zoom') frame.dispatchEvent(new WheelEvent('wheel', { bubbles: true, cancelable: true, clientX: cx, clientY: cy, deltaY: i % 20 < 10 ? -40 : 40, view: window }));
    else window.dispatchEvent(new MouseEvent('mousemove', { bubbles: true, clientX: cx + ((i % 20) - 10) * 12, clientY: cy + (i % 7) * 8, view: window }));
    // A task queued now runs after this frame's style, layout, paint and commit.
    setTimeout(() => work.push(performance.now() - t0), 0);
    i++;
    requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
})`;

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? 0;
const fmt = (xs: number[]) =>
  `p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`;

async function main(): Promise<number> {
  const why = rendererMissing();
  if (why) {
    console.error(`bench:render: ${why}`);
    return 1;
  }
  const snapshot = syntheticSnapshot({ containers, networks, publishEvery: 4, problems: true });
  console.log(
    `bench:render: ${snapshot.containers.length} containers, ${snapshot.interfaces.length} interfaces, ${snapshot.natFlows.length} NAT flows, ${(JSON.stringify(snapshot).length / 1e6).toFixed(1)} MB of JSON`,
  );
  const server = await serveRenderer();
  const browser = await launchChromium();
  let failed = false;
  try {
    for (const [label, expand] of [
      ['collapsed (default)', 'none'],
      ['one network expanded', 'one'],
      ['every network expanded', 'all'],
    ] as const) {
      const { page, errors } = await openRenderer(
        browser,
        server.url,
        { snapshot, hosts: [localHost()] },
        { width: 1920, height: 1080 },
        'light',
        PAINT_PROBE,
      );
      await page.waitForFunction(() => performance.getEntriesByName('drawn-painted').length > 0, undefined, {
        timeout: 30_000,
      });
      const paint = await page.evaluate(() => ({
        drawn: performance.getEntriesByName('drawn')[0]?.startTime ?? NaN,
        ready: performance.getEntriesByName('drawn-painted')[0]?.startTime ?? NaN,
      }));
      // Open folded networks one by one (Enter on a summary), the first only or all of them.
      for (let left = await page.locator('[data-kind="summary"]').count(); expand !== 'none' && left > 0;) {
        await page.locator('[data-kind="summary"]').first().focus();
        await page.keyboard.press('Enter');
        // A function, not a string: the page's CSP forbids eval. The bench compiles without DOM types.
        await page.waitForFunction(
          (before: number) =>
            (
              globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
            ).document.querySelectorAll('[data-kind="summary"]').length < before,
          left,
          { timeout: 60_000 },
        );
        left = expand === 'one' ? 0 : await page.locator('[data-kind="summary"]').count();
      }
      const zoom = await frames(page, 'zoom', 90);
      const pan = await frames(page, 'pan', 90);
      // Again under a trace (its overhead kept out of the wall-clock figures above).
      const zoomCpu = await frameCpu(browser, page, () => frames(page, 'zoom', 90));
      const panCpu = await frameCpu(browser, page, () => frames(page, 'pan', 90));
      const drawn = await page.locator('[data-kind]').count();
      console.log(`\n[${label}] ${drawn} drawn items`);
      console.log(
        `  first paint of the drawing: ${paint.ready.toFixed(0)} ms after navigation (in the DOM at ${paint.drawn.toFixed(0)} ms)`,
      );
      console.log(
        `  zoom: main-thread work per frame ${fmt(zoom.work)}; frame interval ${fmt(zoom.interval)}`,
      );
      console.log(`  pan:  main-thread work per frame ${fmt(pan.work)}; frame interval ${fmt(pan.interval)}`);
      console.log(`  main-thread CPU per frame (trace): zoom ${fmt(zoomCpu)}; pan ${fmt(panCpu)}`);
      if (errors.length > 0) console.log(`  page errors: ${errors.join('; ')}`);
      const over = [
        paint.ready > FIRST_PAINT_BUDGET && expand === 'none'
          ? `first paint ${paint.ready.toFixed(0)} ms > ${FIRST_PAINT_BUDGET}`
          : '',
        pct(zoom.work, 95) > FRAME_BUDGET ? `zoom p95 > ${FRAME_BUDGET} ms` : '',
        pct(pan.work, 95) > FRAME_BUDGET ? `pan p95 > ${FRAME_BUDGET} ms` : '',
      ].filter(Boolean);
      console.log(`  ${over.length === 0 ? 'PASS' : `OVER BUDGET: ${over.join(', ')}`}`);
      failed ||= over.length > 0 || errors.length > 0;
      await page.context().close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return failed ? 1 : 0;
}

process.exitCode = await main();
