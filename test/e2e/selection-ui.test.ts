// The focus and selection state of the built renderer in headless Chromium (fake API): a column's
// toggle closes it into a summary and Enter on the summary opens it, Space selects like Enter, Escape
// drops the selection and the packet path, a search pick selects a network's bar.
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { syntheticSnapshot } from '../support/snapshot-factory/index.js';
import { localHost, openRenderer } from '../support/renderer-harness.js';
import { describeInChromium } from '../support/chromium-suite.js';

const snapshot = syntheticSnapshot({ containers: 14, networks: 3 });
/** Boxes of the appnet column: namespaces whose eth0 is on appnet. */
const appnetBoxes = new Set(
  snapshot.containers
    .filter((c) => c.endpoints.find((e) => e.interface === `${c.namespace}/eth0`)?.network === 'appnet')
    .map((c) => c.namespace),
).size;
/** Wide enough that no network starts folded. */
const WIDE = { width: 1920, height: 1080 };
const boxes = (page: Page) => page.locator('[data-kind="namespace"][data-id^="container:"]').count();

describeInChromium('focus and selection in Chromium (fake API)', (env) => {
  it('closes a column with its toggle and opens it again with Enter on the summary', async () => {
    const { page, errors } = await openRenderer(
      env.browser,
      env.url,
      { snapshot, hosts: [localHost()] },
      WIDE,
    );
    await page.waitForSelector('[data-kind="namespace"][data-id^="container:"]');
    const all = await boxes(page);
    expect(appnetBoxes).toBeGreaterThan(0);

    await page.locator('[data-toggle="net:appnet"]').click();
    const summary = page.locator('[data-kind="summary"][data-column="net:appnet"]');
    await expect.poll(() => summary.count()).toBe(1);
    await expect.poll(() => boxes(page)).toBe(all - appnetBoxes);
    expect(await page.locator('[data-toggle="net:appnet"]').getAttribute('aria-expanded')).toBe('false');

    await summary.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => summary.count()).toBe(0);
    await expect.poll(() => boxes(page)).toBe(all);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('selects with Space, and Escape drops the selection and the packet path', async () => {
    const { page, errors } = await openRenderer(
      env.browser,
      env.url,
      { snapshot, hosts: [localHost()] },
      WIDE,
    );
    const flow = snapshot.natFlows.find((f) => f.kind === 'dnat' && f.container !== null)!;
    const item = page.locator(`[data-kind="nat-flow"][data-id="${flow.id}"]`);
    await item.focus();
    await page.keyboard.press(' ');
    await expect.poll(() => item.getAttribute('class')).toContain('sel');
    await page.waitForSelector('.hops li');
    expect(await page.locator('.on-path').count()).toBeGreaterThan(4);

    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.sel').count()).toBe(0);
    await expect.poll(() => page.locator('.on-path').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('selects the bar of a network picked from the search', async () => {
    const { page, errors } = await openRenderer(
      env.browser,
      env.url,
      { snapshot, hosts: [localHost()] },
      WIDE,
    );
    await page.waitForSelector('[data-kind="namespace"][data-id^="container:"]');
    await page.fill('#search', 'backend');
    await page.keyboard.press('Enter');
    const bridge = snapshot.networks.find((n) => n.name === 'backend')!.bridge!;
    await expect.poll(() => page.locator(`[data-id="${bridge}"].sel`).count()).toBe(1);
    expect(await page.locator('.inspector h3').textContent()).toContain(bridge.slice('host/'.length));
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
