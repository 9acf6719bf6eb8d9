// The drawing as first fitted stays whole in view when a side panel opens and narrows the frame (at
// 1280×800 the inspector hid a third of it); once the user has zoomed, their view is kept.
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Snapshot } from '../../src/model/snapshot.js';
import { localHost, openRenderer } from '../support/renderer-harness.js';
import { describeInChromium } from '../support/chromium-suite.js';

const DEMO = resolve(import.meta.dirname, '../../renderer/src/demo/demo-snapshot.json');
const snapshot = Snapshot.parse(JSON.parse(readFileSync(DEMO, 'utf8')));

/** How many namespace boxes lie wholly inside the drawing's frame, of how many. */
function inFrame(page: Page): Promise<{ inside: number; all: number; transform: string }> {
  return page.evaluate(`(() => {
    const frame = document.querySelector('.topology-frame').getBoundingClientRect();
    const boxes = [...document.querySelectorAll('[data-kind="namespace"]')].map((b) => b.getBoundingClientRect());
    const inside = boxes.filter((b) => b.left >= frame.left - 0.5 && b.right <= frame.right + 0.5 && b.top >= frame.top - 0.5 && b.bottom <= frame.bottom + 0.5).length;
    return { inside, all: boxes.length, transform: document.querySelector('.viewport').style.transform };
  })()`);
}

describeInChromium('fit when the frame changes size (Chromium, fake API)', (env) => {
  it('fits the whole drawing again when the inspector opens, until the user zooms', async () => {
    const { page, errors } = await openRenderer(
      env.browser,
      env.url,
      { snapshot, hosts: [localHost()] },
      { width: 1280, height: 800 },
      'light',
      '',
      'en-US',
      false,
    );
    const api = '[data-kind="container"][data-id="demo-shop-api-1"]';
    await page.waitForSelector(api);
    const first = await inFrame(page);
    expect(first.all).toBeGreaterThan(3);
    expect(first.inside).toBe(first.all);

    // Picking a container opens the inspector beside the drawing.
    await page.locator(api).click();
    await page.waitForSelector('.inspector');
    await expect.poll(async () => (await inFrame(page)).inside, { timeout: 5000 }).toBe(first.all);

    // The user zooms in: a change of the frame's size keeps their view.
    await page.locator('.topology-frame').hover();
    await page.mouse.wheel(0, -400);
    await expect.poll(async () => (await inFrame(page)).inside).toBeLessThan(first.all);
    await page.waitForTimeout(300);
    const zoomed = (await inFrame(page)).transform;
    await page.setViewportSize({ width: 1400, height: 800 });
    await page.waitForTimeout(400);
    expect((await inFrame(page)).transform).toBe(zoomed);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
