// End to end: save a snapshot in the app (real `netlens serve`, real back end and store, real dockerd),
// restart a lab container so it comes back with a new host veth and a new address, save again, compare
// in the app. The compare view must mark the container changed (not removed + added) and list the new
// veth and address. Screenshots go to test-results/compare-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { cleanupPrefix, docker, dockerAvailable, ensureTestImage, waitFor } from '../support/lab.js';
import { attrs, rendererMissing } from '../support/renderer-harness.js';
import { hostEndOf, openServedApp } from '../support/served-app.js';
import type { ServedApp } from '../support/served-app.js';
import { syntheticSnapshot } from '../support/snapshot-factory/index.js';

const PREFIX = 'nlx-';
const WEB = `${PREFIX}web`;
const missing = rendererMissing() ?? (dockerAvailable() ? null : 'no Docker engine');
if (missing && process.env.CI === 'true') throw new Error(`CI: ${missing}`);
const suite = missing || process.getuid?.() !== 0 ? describe.skip : describe;

const hostVethOf = (container: string) => hostEndOf(container).ifname;
const ipOf = (container: string) =>
  docker('inspect', '-f', `{{(index .NetworkSettings.Networks "${PREFIX}net").IPAddress}}`, container);

suite('compare in the app against netlens serve and a real Docker lab', () => {
  let app: ServedApp | undefined;
  let page: Page;
  let errors: string[] = [];

  beforeAll(async () => {
    cleanupPrefix(PREFIX);
    const image = ensureTestImage();
    docker('network', 'create', '--subnet', '10.234.1.0/24', `${PREFIX}net`);
    docker('run', '-d', '--name', WEB, '--network', `${PREFIX}net`, image, 'httpd', '-f', '-p', '80');
    app = await openServedApp({ width: 1600, height: 1000 }, { panelsOpen: true });
    page = app.page;
    errors = app.errors;
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    cleanupPrefix(PREFIX);
  });

  /** Waits until the live drawing joins the container's eth0 to this host veth. */
  const drawnWith = (veth: string) =>
    waitFor(
      async () =>
        (await page
          .locator(`[data-kind="cable"][data-from="container:${WEB}/eth0"]`)
          .first()
          .getAttribute('data-to')
          .catch(() => null)) === `host/${veth}`,
      60_000,
      `the live drawing to show ${WEB} on ${veth}`,
    );

  async function saveInApp(name: string): Promise<string> {
    await page.click('button[role="tab"]:has-text("Snapshots")');
    await page.fill('#snapshot-name', name);
    await page.click('button:has-text("Save snapshot")');
    const item = page.locator('.snapshot', { has: page.locator('.name', { hasText: name }) });
    await waitFor(async () => (await item.count()) === 1, 30_000, `"${name}" in the list`);
    return (await item.getAttribute('data-snapshot-id'))!;
  }

  it('marks a restarted container changed, with its new veth and address in the change list', async () => {
    const oldVeth = hostVethOf(WEB);
    const oldIp = ipOf(WEB);
    await drawnWith(oldVeth);
    const before = await saveInApp('nlx before restart');

    // Restart, with another container taking the old address meanwhile: new veth and new IP.
    docker('stop', '-t', '1', WEB);
    docker(
      'run',
      '-d',
      '--name',
      `${PREFIX}taker`,
      '--network',
      `${PREFIX}net`,
      ensureTestImage(),
      'sleep',
      '3600',
    );
    docker('start', WEB);
    const newVeth = hostVethOf(WEB);
    const newIp = ipOf(WEB);
    expect(newVeth).not.toBe(oldVeth);
    expect(newIp).not.toBe(oldIp);
    expect(ipOf(`${PREFIX}taker`)).toBe(oldIp);
    await drawnWith(newVeth);
    const after = await saveInApp('nlx after restart');
    expect(await page.locator('.snapshot .meta').first().textContent()).toMatch(/captured .* containers?/);

    await page.click('button[role="tab"]:has-text("Compare")');
    await page.selectOption('#compare-a', `saved:${before}`);
    await page.selectOption('#compare-b', `saved:${after}`);
    await page.click('.compare button[type="submit"]');
    await waitFor(
      async () => (await page.locator('.view-banner').textContent())?.includes('Comparison'),
      30_000,
      'the comparison',
    );

    const ctr = page.locator(`[data-kind="container"][data-id="${WEB}"]`);
    expect(await ctr.getAttribute('class')).toContain('mark-changed');
    expect(await ctr.textContent()).toContain('~');
    expect(
      await page.locator(`[data-kind="interface"][data-id="host/${newVeth}"]`).getAttribute('class'),
    ).toContain('mark-changed');
    expect(await page.locator(`[data-id="host/${oldVeth}"]`).count()).toBe(0);
    expect(await attrs(page.locator(`[data-id^="container:${WEB}"].mark-removed`), 'data-id')).toEqual([]);
    expect(
      await page.locator(`[data-kind="container"][data-id="${PREFIX}taker"]`).getAttribute('class'),
    ).toContain('mark-added');

    const list = page.locator('.changes');
    expect(await list.locator('summary').allTextContents()).toContainEqual(
      expect.stringMatching(new RegExp(`^container ${WEB} — restarted with a new address \\(\\d+\\)$`)),
    );
    const web = list.locator('li', { hasText: `${WEB}: eth0` }).first();
    expect(await web.textContent()).toMatch(/~\s*changed/);
    expect(await web.textContent()).toContain(`eth0 ${oldIp} → ${newIp} on ${PREFIX}net`);
    const veth = list.locator('li', { hasText: `veth to container:${WEB}/eth0` }).first();
    expect(await veth.textContent()).toMatch(/~\s*changed/);
    expect(await veth.textContent()).toContain(`${oldVeth} → ${newVeth}`);
    expect(
      await list
        .locator('li', { hasText: `container:${WEB}` })
        .filter({ hasText: /removed|added/ })
        .count(),
    ).toBe(0);

    await web.locator('button').first().click();
    await waitFor(
      async () => (await page.locator(`[data-kind="container"][data-id="${WEB}"].sel`).count()) === 1,
    );
    await page.waitForTimeout(600); // let the zoom transition settle before the picture is taken
    await page.screenshot({ path: 'test-results/compare-e2e.png' });
    expect(errors).toEqual([]);
  });

  it('compares a saved snapshot with the live host', async () => {
    await page.click('button:has-text("Back to live")');
    await page.click('button[role="tab"]:has-text("Snapshots")');
    const item = page.locator('.snapshot', { has: page.locator('.name', { hasText: 'nlx before restart' }) });
    await item.locator('button', { hasText: 'vs live' }).click();
    await waitFor(
      async () => (await page.locator('.view-banner').textContent())?.includes('(live)'),
      30_000,
      'the comparison with the live host',
    );
    expect(await page.locator(`[data-kind="container"][data-id="${WEB}"]`).getAttribute('class')).toContain(
      'mark-changed',
    );
    // The pickers follow a comparison started from the list.
    expect(await page.inputValue('#compare-b')).toBe('live:local');
    await page.screenshot({ path: 'test-results/compare-e2e-live.png' });
    expect(errors).toEqual([]);
  });

  it('imports a gzipped snapshot file and exports a redacted copy through the real store', async () => {
    await page.click('button[role="tab"]:has-text("Snapshots")');
    await page.setInputFiles('input[type="file"]', {
      name: 'nlx-imported.json.gz',
      mimeType: 'application/gzip',
      buffer: gzipSync(JSON.stringify(syntheticSnapshot({ containers: 4 }))),
    });
    const item = page.locator('.snapshot', { has: page.locator('.name', { hasText: 'nlx-imported' }) });
    await waitFor(async () => (await item.count()) === 1, 30_000, 'the imported snapshot');

    const mine = page.locator('.snapshot', { has: page.locator('.name', { hasText: 'nlx after restart' }) });
    await page.check('text=redact exports for sharing');
    const download = page.waitForEvent('download');
    await mine.locator('button', { hasText: 'Export' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/-redacted\.netlens\.json$/);
    const text = readFileSync(await file.path(), 'utf8');
    expect((JSON.parse(text) as { schema: string }).schema).toBe('netlens.snapshot/v1');
    expect(text).not.toContain(WEB);
    expect(errors).toEqual([]);

    // The redacted copy compared with its original: another host by its name, nothing matches by
    // role (names are redacted), and the view draws it all, marked, without a page error.
    await page.setInputFiles('input[type="file"]', {
      name: 'nlx-redacted.json',
      mimeType: 'application/json',
      buffer: Buffer.from(text),
    });
    const copy = page.locator('.snapshot', { has: page.locator('.name', { hasText: 'nlx-redacted' }) });
    await waitFor(async () => (await copy.count()) === 1, 30_000, 'the imported redacted copy');
    const copyId = (await copy.getAttribute('data-snapshot-id'))!;
    const originalId = (await mine.getAttribute('data-snapshot-id'))!;
    await page.click('button[role="tab"]:has-text("Compare")');
    await page.selectOption('#compare-a', `saved:${originalId}`);
    await page.selectOption('#compare-b', `saved:${copyId}`);
    await page.click('.compare button[type="submit"]');
    await waitFor(
      async () => (await page.locator('.view-banner').textContent())?.includes('nlx-redacted'),
      30_000,
      'the comparison with the redacted copy',
    );
    expect(await page.locator('.compare button[type="submit"]').textContent()).toContain('Compare');
    expect(await page.locator('.compare .role').textContent()).toMatch(/^Compared by role/);
    for (const mark of ['mark-removed', 'mark-added'])
      expect(await page.locator(`[data-kind="container"].${mark}`).count(), mark).toBeGreaterThan(0);
    expect(await page.locator(`[data-kind="container"][data-id="${WEB}"]`).getAttribute('class')).toContain(
      'mark-removed',
    );
    // The toggles compare the pair again: strict, then back.
    const strict = page.locator('label.toggle', { hasText: 'Strict' }).locator('input');
    await strict.check();
    await waitFor(
      async () => (await page.locator('.compare .role').textContent())?.includes('strict'),
      30_000,
      'the strict comparison',
    );
    await strict.uncheck();
    await waitFor(
      async () => !(await page.locator('.compare .role').textContent())?.includes('strict'),
      30_000,
      'the comparison by role again',
    );
    await page.screenshot({ path: 'test-results/compare-e2e-redacted.png' });
    expect(errors).toEqual([]);
  });
});
