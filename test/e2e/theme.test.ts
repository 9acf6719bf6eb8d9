// The theme follows the system until the user picks one: the toolbar's button cycles system → light →
// dark, and the picked one wins over the system's (the colour tokens are light-dark() pairs).
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { syntheticSnapshot } from '../support/snapshot-factory/index.js';
import { localHost, openRenderer } from '../support/renderer-harness.js';
import { describeInChromium } from '../support/chromium-suite.js';

const LIGHT_BG = 'rgb(244, 246, 249)';
const DARK_BG = 'rgb(18, 22, 28)';
const LIGHT_BOX = 'rgb(255, 255, 255)';
const DARK_BOX = 'rgb(33, 40, 53)';
const background = (page: Page) => page.evaluate<string>(`getComputedStyle(document.body).backgroundColor`);
/** The box fill of a container's namespace, as drawn. */
const boxFill = (page: Page) =>
  page.evaluate<string>(`getComputedStyle(document.querySelector('[data-kind="namespace"] .box')).fill`);

describeInChromium('theme (Chromium, fake API)', (env) => {
  const snapshot = syntheticSnapshot({ containers: 3, networks: 1 });

  for (const system of ['light', 'dark'] as const)
    it(`follows a ${system} system, then the user's pick over it`, async () => {
      const { page, errors } = await openRenderer(
        env.browser,
        env.url,
        { snapshot, hosts: [localHost()] },
        { width: 1280, height: 800 },
        system,
      );
      await page.waitForSelector('[data-kind="namespace"] .box');
      expect(await background(page)).toBe(system === 'dark' ? DARK_BG : LIGHT_BG);
      expect(await boxFill(page)).toBe(system === 'dark' ? DARK_BOX : LIGHT_BOX);
      const button = page.locator('.toolbar button', { hasText: /^[◐☀☾]$/ });
      await button.click();
      await expect.poll(() => background(page)).toBe(LIGHT_BG);
      expect(await boxFill(page)).toBe(LIGHT_BOX);
      await button.click();
      await expect.poll(() => background(page)).toBe(DARK_BG);
      expect(await boxFill(page)).toBe(DARK_BOX);
      // Back to the system's.
      await button.click();
      await expect.poll(() => background(page)).toBe(system === 'dark' ? DARK_BG : LIGHT_BG);
      expect(errors).toEqual([]);
      await page.context().close();
    });
});
