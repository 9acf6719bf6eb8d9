// End to end: the live session of `netlens serve` records its patches; a real container is removed (a
// real Docker event), and two minutes later, after another real event, the timeline's slider shows the
// host as it was before, with the container; two moments compare; a moment is saved as a snapshot; the
// files are private. Recorded with a 2 s keyframe period (instead of 10 min), so a session of a few
// seconds has keyframes too. The two minutes are the session's capture clock (`now`, which stamps
// capturedAt and so the timeline): it runs two minutes behind until the removal is recorded, then
// catches up, so the removal is recorded two minutes before the next event without the test waiting.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHistory } from '../../src/history/index.js';
import { cleanupPrefix, docker, dockerAvailable, ensureTestImage, waitFor } from '../support/lab.js';
import { rendererMissing } from '../support/renderer-harness.js';
import { openServedApp, type ServedApp } from '../support/served-app.js';

const PREFIX = 'nlt-';
const GONE = `${PREFIX}gone`;
const STAY = `${PREFIX}stay`;
const LATER = `${PREFIX}later`;
const TWO_MINUTES = 120_000;
const missing = rendererMissing() ?? (dockerAvailable() ? null : 'no Docker engine');
if (missing && process.env.CI === 'true') throw new Error(`CI: ${missing}`);
const suite = missing || process.getuid?.() !== 0 ? describe.skip : describe;

suite('the timeline of a live session, in the app against netlens serve and a real Docker lab', () => {
  let app: ServedApp | undefined;
  let page: Page;
  let behind = TWO_MINUTES;

  beforeAll(async () => {
    cleanupPrefix(PREFIX);
    const image = ensureTestImage();
    docker('network', 'create', '--subnet', '10.234.7.0/24', `${PREFIX}net`);
    for (const name of [GONE, STAY])
      docker('run', '-d', '--name', name, '--network', `${PREFIX}net`, image, 'sleep', '600');
    app = await openServedApp(
      { width: 1600, height: 1000 },
      { history: { keyframeMs: 2000 }, now: () => new Date(Date.now() - behind), panelsOpen: true },
    );
    page = app.page;
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    cleanupPrefix(PREFIX);
  });

  const drawn = (name: string) => page.locator(`[data-kind="container"][data-id="${name}"]`).count();
  const bannerSays = (text: string) =>
    waitFor(async () => (await page.locator('.view-banner').textContent())?.includes(text), 30_000, text);

  it('shows a container removed earlier when the slider goes back, compares moments and saves one', async () => {
    await waitFor(async () => (await drawn(GONE)) === 1, 60_000, `${GONE} drawn live`);
    docker('rm', '-f', GONE);
    await waitFor(async () => (await drawn(GONE)) === 0, 60_000, `${GONE} gone from the live drawing`);
    // Two minutes later, another real event.
    behind = 0;
    docker('run', '-d', '--name', LATER, '--network', `${PREFIX}net`, ensureTestImage(), 'sleep', '600');
    await waitFor(async () => (await drawn(LATER)) === 1, 60_000, `${LATER} drawn live`);

    await page.click('button[role="tab"]:has-text("Timeline")');
    const list = page.locator('.timeline .points');
    await waitFor(
      async () => (await list.textContent())?.includes(`${LATER} added`),
      30_000,
      'the later event in the timeline',
    );
    expect(await list.textContent()).toContain(`${GONE} removed`);
    // As recorded: the removal, then the later event two minutes after it.
    const history = openHistory(join(app!.dir, 'history'));
    const [host] = await history.hosts();
    const points = await history.points(host!);
    const at = (text: string) =>
      Date.parse(points.find((p) => p.changes.some((c) => c.startsWith(text)))?.at ?? '');
    expect(at(`${LATER} added`) - at(`${GONE} removed`)).toBeGreaterThanOrEqual(TWO_MINUTES);
    const slider = page.locator('.timeline input[type="range"]');
    const max = Number(await slider.getAttribute('max'));
    expect(max).toBeGreaterThanOrEqual(1);

    // Back to the first recorded moment: the container is there again, drawn offline.
    await slider.fill('0');
    await bannerSays('Recorded moment');
    await waitFor(async () => (await drawn(GONE)) === 1, 30_000, `${GONE} at the first moment`);
    expect(await drawn(STAY)).toBe(1);
    await page.screenshot({ path: 'test-results/timeline-e2e.png' });

    // The moment of the removal, picked in the list: gone.
    const removal = list.locator('li', { hasText: `${GONE} removed` });
    await removal.locator('button.when').click();
    await waitFor(async () => (await drawn(GONE)) === 0, 30_000, `${GONE} gone at the removal`);

    // Compare the first moment with the removal: the container is marked removed.
    await list.locator('li').last().locator('button', { hasText: 'A' }).click();
    await removal.locator('button', { hasText: 'B' }).click();
    await page.click('.timeline button:has-text("Compare A → B")');
    await bannerSays('Comparison');
    expect(await page.locator(`[data-kind="container"][data-id="${GONE}"]`).getAttribute('class')).toContain(
      'mark-removed',
    );

    // Save the first moment as a snapshot.
    await page.click('button[role="tab"]:has-text("Timeline")');
    await slider.fill('0');
    await bannerSays('Recorded moment');
    await page.fill('.timeline .save input', 'nlt before removal');
    await page.click('.timeline button:has-text("Save this moment")');
    await waitFor(async () => (await page.locator('.timeline').textContent())?.includes('Saved as'), 30_000);
    await page.click('button[role="tab"]:has-text("Snapshots")');
    await waitFor(
      async () => (await page.locator('.snapshot .name', { hasText: 'nlt before removal' }).count()) === 1,
      30_000,
      'the saved moment in the list',
    );
    await page.click('button:has-text("Back to live")');
    expect(app!.errors).toEqual([]);
  });

  it('keeps the timeline beside the store, private', () => {
    const root = join(app!.dir, 'history');
    expect(statSync(root).mode & 0o777).toBe(0o700);
    const [host] = readdirSync(root);
    const files = readdirSync(join(root, host!));
    for (const f of files) expect(statSync(join(root, host!, f)).mode & 0o777, f).toBe(0o600);
    expect(files.filter((f) => f.endsWith('.jsonl')).length).toBeGreaterThanOrEqual(1);
  });
});
