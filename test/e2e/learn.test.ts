// End to end, what a learner relies on: real `netlens serve`, a real Docker lab (a bridge network with a
// published port, the default bridge, a macvlan network on a veth parent) in headless Chromium. The
// legend explains every line style the picture uses, drawn the same way; the inspector keeps what the
// user opened (and where they scrolled) across live updates; Disconnect greys the picture and says how
// old it is; the browser's language (ko-KR, en-US) is the app's, down to the sentences the shared core
// makes (a packet path's hops and verdict, a finding).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { cleanupPrefix, docker, dockerAvailable, ensureTestImage, waitFor } from '../support/lab.js';
import { attrs, rendererMissing } from '../support/renderer-harness.js';
import { openServedApp, type ServedApp } from '../support/served-app.js';

const PREFIX = 'nll-';
/** The macvlan network's parent: one end of a veth pair the test makes (and removes). */
const DUMMY = 'nllvp0';
const missing = rendererMissing() ?? (dockerAvailable() ? null : 'no Docker engine');
if (missing && process.env.CI === 'true') throw new Error(`CI: ${missing}`);
const suite = missing || process.getuid?.() !== 0 ? describe.skip : describe;

const ip = (...args: string[]) =>
  execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const removeDummy = () => {
  try {
    ip('link', 'del', DUMMY);
  } catch {
    // not there
  }
};

/** The dash pattern of the first element matching `selector`. */
const dashOf = (page: Page, selector: string): Promise<string> =>
  page.evaluate(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).strokeDasharray`);

suite('learning from the picture against netlens serve and a real Docker lab', () => {
  const apps: ServedApp[] = [];

  beforeAll(() => {
    cleanupPrefix(PREFIX);
    removeDummy();
    const image = ensureTestImage();
    ip('link', 'add', DUMMY, 'type', 'veth', 'peer', 'name', 'nllvp1');
    ip('link', 'set', DUMMY, 'up');
    docker('network', 'create', '--subnet', '10.237.1.0/24', `${PREFIX}app`);
    // Internal only: Docker publishes nothing for `hidden`'s -p, a finding with the core's wording.
    docker('network', 'create', '--internal', '--subnet', '10.237.2.0/24', `${PREFIX}int`);
    docker(
      'network',
      'create',
      '-d',
      'macvlan',
      '--subnet',
      '10.237.9.0/24',
      '-o',
      `parent=${DUMMY}`,
      `${PREFIX}lan`,
    );
    const run = (name: string, ...args: string[]) =>
      docker('run', '-d', '--name', `${PREFIX}${name}`, ...args, image, 'sleep', '3600');
    run('web', '--network', `${PREFIX}app`, '-p', '127.0.0.1::80');
    run('db', '--network', `${PREFIX}app`);
    run('job');
    run('printer', '--network', `${PREFIX}lan`);
    run('hidden', '--network', `${PREFIX}int`, '-p', '127.0.0.1::80');
  }, 240_000);

  afterAll(async () => {
    for (const app of apps) await app.close();
    cleanupPrefix(PREFIX);
    removeDummy();
  });

  it('lists every line style the picture uses in the legend, drawn alike', async () => {
    const app = await openServedApp({ width: 1600, height: 1000 });
    apps.push(app);
    const { page } = app;
    await waitFor(
      async () =>
        (await attrs(page.locator('[data-kind="container"]'), 'data-id')).includes(`${PREFIX}printer`),
      60_000,
      'the lab in the drawing',
    );
    const used = [...new Set(await attrs(page.locator('.topology [data-line]'), 'data-line'))].filter(
      (l): l is string => l !== null,
    );
    // The lab draws veth cables, a published port, MASQUERADE and a macvlan parent link (its parent is a
    // veth, not a NIC, so no uplink: the unit test of the legend covers that entry).
    expect(used).toEqual(expect.arrayContaining(['veth', 'dnat', 'masquerade', 'parent']));
    await page.locator('.legend-toggle').click();
    for (const line of used) {
      const sample = `.legend [data-legend-line="${line}"]`;
      expect(await page.locator(sample).count(), line).toBe(1);
      expect(await dashOf(page, sample), line).toBe(await dashOf(page, `.topology [data-line="${line}"]`));
    }
    // Each entry leads to its idea.
    await page.locator('.legend [data-legend="line:dnat"] .more').click();
    await waitFor(
      async () => (await page.locator('#concept-dnat[open]').count()) === 1,
      5_000,
      'the DNAT idea',
    );
    expect(await page.locator('#concept-dnat p').textContent()).toContain('PREROUTING');
    await page.screenshot({ path: 'test-results/learn-legend.png' });
    expect(app.errors).toEqual([]);
  });

  it('keeps an open inspector section open, and the panel’s scroll, across 5 live updates', async () => {
    const app = await openServedApp({ width: 1600, height: 1000 }, { panelsOpen: true });
    apps.push(app);
    const { page } = app;
    const web = `${PREFIX}web`;
    await page.waitForSelector(`[data-kind="container"][data-id="${web}"]`, { timeout: 60_000 });
    await page.fill('#search', web);
    await page.keyboard.press('Enter');
    await waitFor(async () => (await page.locator('.inspector h3').textContent())?.includes(web), 10_000);
    // Summary first: what it is, its state and image, its addresses and its published port.
    expect(await page.locator('.summary [data-row="state"]').textContent()).toContain('running');
    expect(await page.locator('.summary [data-row="published"]').textContent()).toContain('→ 80/tcp');
    const section = page.locator('.inspector details[data-section="container"]');
    expect(await section.getAttribute('open')).toBeNull();
    await section.locator('summary').click();
    await waitFor(async () => (await section.getAttribute('open')) !== null, 5_000, 'the section open');
    // Page script as text: this file is type-checked without the DOM library.
    const scrollTop = (to?: number): Promise<number> =>
      page.evaluate(
        `(() => { const b = document.querySelector('.tab-body'); ${to === undefined ? '' : `b.scrollTop = ${to};`} return b.scrollTop; })()`,
      );
    const scrolled = await scrollTop(120);
    expect(scrolled).toBeGreaterThan(0);

    for (let i = 0; i < 5; i++) {
      const name = `${PREFIX}tick${i}`;
      docker('run', '-d', '--name', name, '--network', `${PREFIX}app`, ensureTestImage(), 'sleep', '3600');
      await waitFor(
        async () => (await page.locator(`[data-kind="container"][data-id="${name}"]`).count()) === 1,
        30_000,
        `live update ${i + 1}`,
      );
      expect(await section.getAttribute('open'), `after update ${i + 1}`).not.toBeNull();
      expect(await scrollTop(), `scroll after update ${i + 1}`).toBe(scrolled);
    }
    expect(await page.locator('.inspector h3').textContent()).toContain(web);
    await page.screenshot({ path: 'test-results/learn-inspector.png' });
    expect(app.errors).toEqual([]);
  });

  it('greys the picture on Disconnect, with a banner that says how old it is, until connected again', async () => {
    const app = await openServedApp({ width: 1600, height: 1000 }, { panelsOpen: true });
    apps.push(app);
    const { page } = app;
    await page.waitForSelector(`[data-kind="container"][data-id="${PREFIX}web"]`, { timeout: 60_000 });
    expect(await page.locator('.canvas.stale').count()).toBe(0);
    await page.locator('.sidebar button', { hasText: 'Disconnect' }).click();
    await waitFor(
      async () => (await page.locator('.canvas.stale').count()) === 1,
      20_000,
      'the grey picture',
    );
    // The last picture stays, greyed, with what happened and its age; the status bar agrees.
    expect(await page.locator(`[data-kind="container"][data-id="${PREFIX}web"]`).count()).toBe(1);
    const filter: string = await page.evaluate(
      `getComputedStyle(document.querySelector('.canvas.stale .topology-frame')).filter`,
    );
    expect(filter).toContain('grayscale');
    expect(await page.locator('.stale-banner').textContent()).toMatch(
      /disconnected: this picture is from (just now|\d+s ago)/,
    );
    expect(await page.locator('.status [role="status"]').textContent()).toContain('disconnected');
    await page.screenshot({ path: 'test-results/learn-disconnected.png' });

    await page.locator('.stale-banner button').click();
    await waitFor(async () => (await page.locator('.canvas.stale').count()) === 0, 60_000, 'live again');
    expect(await page.locator('.stale-banner').count()).toBe(0);
    expect(app.errors).toEqual([]);
  });

  for (const [locale, words] of [
    [
      'ko-KR',
      {
        fit: '맞춤',
        tab: '속성',
        host: '호스트 네트워크 네임스페이스',
        lang: 'ko',
        bridge: '브리지 br-',
        pair: 'veth 페어 ',
        verdict: `${PREFIX}web(`,
        delivered: '에 전달됩니다',
        finding: [`${PREFIX}hidden은(는) `, '포트 포워딩을 요청했지만'],
      },
    ],
    [
      'en-US',
      {
        fit: 'Fit',
        tab: 'Inspector',
        host: 'host namespace',
        lang: 'en',
        bridge: 'bridge br-',
        pair: 'veth pair ',
        verdict: `delivered to ${PREFIX}web (`,
        delivered: 'delivered to',
        finding: [`${PREFIX}hidden asks to publish `, 'but Docker publishes nothing'],
      },
    ],
  ] as const) {
    it(`speaks the browser's language: ${locale}`, async () => {
      const app = await openServedApp({ width: 1600, height: 1000 }, { locale, panelsOpen: true });
      apps.push(app);
      const { page } = app;
      await page.waitForSelector(`[data-kind="container"][data-id="${PREFIX}web"]`, { timeout: 60_000 });
      expect(await page.locator('html').getAttribute('lang')).toBe(words.lang);
      expect((await page.locator('.zoom button', { hasText: words.fit }).count()) > 0).toBe(true);
      expect(await page.locator('button[role="tab"]').first().textContent()).toBe(words.tab);
      expect(await page.locator('.region-title').textContent()).toContain(words.host);
      // The path of web's published port, worded in the language: hops, then the verdict.
      const flow = page.locator('[data-kind="nat-flow"][data-id^="tcp/127.0.0.1:"] .badge').first();
      await waitFor(async () => (await flow.count()) === 1, 30_000, 'the published port');
      await flow.click();
      await page.waitForSelector('.hops li');
      const hops = await page.locator('.hops li .label').allTextContents();
      expect(
        hops.some((h) => h.startsWith(words.bridge)),
        hops.join(' | '),
      ).toBe(true);
      expect(
        hops.some((h) => h.startsWith(words.pair)),
        hops.join(' | '),
      ).toBe(true);
      const verdict = (await page.locator('.path .verdict').textContent()) ?? '';
      expect(verdict).toContain(words.verdict);
      expect(verdict).toContain(words.delivered);
      const details = await page.locator('.hops li .detail').allTextContents();
      expect(details.join(' ')).toMatch(locale === 'ko-KR' ? /[\uac00-\ud7af]/ : /^[^\uac00-\ud7af]*$/);
      await page.screenshot({ path: `test-results/learn-${locale}-path.png` });
      // A finding the capture made, in the language.
      await page.locator('button[role="tab"]').nth(2).click();
      const finding = page.locator('.findings [data-group="port-not-published"] .title');
      await waitFor(async () => (await finding.count()) === 1, 10_000, 'the finding');
      for (const part of words.finding) expect(await finding.textContent()).toContain(part);
      await page.screenshot({ path: `test-results/learn-${locale}.png` });
      expect(app.errors).toEqual([]);
    });
  }
});
