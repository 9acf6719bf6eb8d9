// The demo in headless Chromium (fake API): with no usable Docker host the bundled demo opens by
// itself, labelled as a demo in the banner and the status bar; it is the redacted Compose shop (a
// published port, a shared namespace, an internal network); "Back to live" shows the host's problem,
// and the Demo entry opens it again.
import { expect, it } from 'vitest';

import { attrs, localHost, openRenderer } from '../support/renderer-harness.js';
import { describeInChromium } from '../support/chromium-suite.js';

describeInChromium('the demo in Chromium (fake API)', (env) => {
  it('opens by itself when no Docker host can be used, clearly labelled, and from the Demo entry', async () => {
    const { page, errors } = await openRenderer(env.browser, env.url, {
      snapshot: null,
      hosts: [localHost('error')],
    });
    await page.waitForSelector('[data-kind="container"][data-id="demo-shop-api-1"]');
    expect(await page.locator('.view-banner .tag').textContent()).toBe('Demo');
    expect(await page.locator('.status [role="status"]').textContent()).toContain('demo');
    expect(await page.locator('.topology-frame').getAttribute('aria-label')).toContain('demo');
    // The shop as captured: worker in api's namespace, the proxy's published port, db's internal network.
    expect(
      await attrs(page.locator('[data-id="container:demo-shop-api-1"] [data-kind="container"]'), 'data-id'),
    ).toEqual(['demo-shop-api-1', 'demo-shop-worker-1']);
    expect(await page.locator('[data-kind="nat-flow"][data-id$=":8080"]').count()).toBe(1);
    expect(await page.locator('.bar', { hasText: 'back (internal)' }).count()).toBe(1);
    await page.screenshot({ path: 'test-results/demo-1280.png' });

    await page.locator('.view-banner button').click();
    await expect.poll(() => page.locator('.empty h2').textContent()).toContain('No permission');
    await page.locator('.sidebar .demo').click();
    await page.waitForSelector('.view-banner .tag.demo');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
