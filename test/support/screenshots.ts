// The screenshots under docs/screenshots/: the bundled demo capture drawn as a live host, at 1600×1000
// and 1280×800, light and dark, English and Korean, with a container picked (inspector open), the
// published port's packet path and the findings (the core's sentences in the language); and the legend. Run after `npm run build:renderer` (uses headless Chromium):
//   node --import tsx test/support/screenshots.ts
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Snapshot } from '../../src/model/snapshot.js';
import { launchChromium, localHost, openRenderer, serveRenderer } from './renderer-harness.js';

const OUT = resolve(import.meta.dirname, '../../docs/screenshots');
const DEMO = resolve(import.meta.dirname, '../../renderer/src/demo/demo-snapshot.json');

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const snapshot = Snapshot.parse(JSON.parse(readFileSync(DEMO, 'utf8')));
  const server = await serveRenderer();
  const browser = await launchChromium();
  try {
    for (const [width, height] of [
      [1600, 1000],
      [1280, 800],
    ] as const)
      for (const scheme of ['light', 'dark'] as const)
        for (const [lang, locale] of [
          ['en', 'en-US'],
          ['ko', 'ko-KR'],
        ] as const) {
          const { page, errors } = await openRenderer(
            browser,
            server.url,
            { snapshot, hosts: [localHost()] },
            { width, height },
            scheme,
            '',
            locale,
            false,
          );
          await page.waitForSelector('[data-kind="container"][data-id="demo-shop-api-1"]');
          await page.waitForTimeout(400);
          await page.screenshot({ path: `${OUT}/first-sight-${width}x${height}-${scheme}-${lang}.png` });
          // A container picked: the inspector opens on its summary.
          await page.locator('[data-kind="container"][data-id="demo-shop-api-1"] .ctr-name').click();
          await page.waitForSelector('.inspector .summary');
          await page.waitForTimeout(500);
          await page.screenshot({ path: `${OUT}/inspector-${width}x${height}-${scheme}-${lang}.png` });
          // The published port's path, hop by hop, then the findings: sentences the shared core makes.
          await page.locator('[data-kind="nat-flow"][data-id="tcp/0.0.0.0:8080"] .badge').click();
          await page.waitForSelector('.hops li');
          await page.waitForTimeout(400);
          await page.screenshot({ path: `${OUT}/path-${width}x${height}-${scheme}-${lang}.png` });
          await page.locator('button[role="tab"]').nth(2).click();
          await page.waitForSelector('.findings li');
          await page.waitForTimeout(300);
          await page.screenshot({ path: `${OUT}/findings-${width}x${height}-${scheme}-${lang}.png` });
          if (width === 1600 && scheme === 'light') {
            await page.keyboard.press('Escape');
            await page.locator('.legend-toggle').click();
            await page.locator('.legend [data-legend="line:dnat"] .more').click();
            await page.waitForTimeout(400);
            await page.screenshot({ path: `${OUT}/legend-${width}x${height}-${scheme}-${lang}.png` });
          }
          if (errors.length > 0) throw new Error(errors.join('\n'));
          await page.context().close();
          console.log(`screenshots: ${width}x${height} ${scheme} ${lang}`);
        }
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
