// End to end, the fleet view against `netlens serve` with two hosts: this computer and the same engine
// reached over SSH (a loopback sshd). Both are connected at once and shown side by side, each card's
// counts matching what `docker` says; opening a card shows that host's own picture.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { cleanupPrefix, docker, dockerAvailable, ensureTestImage, waitFor } from '../support/lab.js';
import { rendererMissing } from '../support/renderer-harness.js';
import { openServedApp, type ServedApp } from '../support/served-app.js';
import { options } from '../support/ssh-client.js';
import { sshdSkipReason, startSshd, type Sshd } from '../support/sshd.js';

const PREFIX = 'nlfl-';
const missing = rendererMissing() ?? sshdSkipReason() ?? (dockerAvailable() ? null : 'no Docker engine');
if (missing && process.env.CI === 'true') throw new Error(`CI: ${missing}`);
const suite = missing || process.getuid?.() !== 0 ? describe.skip : describe;

/** Every card's state and counts, as the page shows them. */
function cards(page: Page): Promise<{ host: string; state: string; containers: number | null }[]> {
  return page.evaluate(`[...document.querySelectorAll('[data-fleet-host]')].map((card) => ({
    host: card.getAttribute('data-fleet-host'),
    state: card.querySelector('.state').getAttribute('data-state'),
    containers: card.querySelector('[data-count="containers"]')
      ? Number(card.querySelector('[data-count="containers"]').getAttribute('data-n'))
      : null,
  }))`);
}

suite('the fleet view: several hosts side by side', () => {
  let app: ServedApp | undefined;
  let sshd: Sshd | undefined;
  let page: Page;
  /** The SSH host's id as the back end keeps it. */
  let sshId = '';

  beforeAll(async () => {
    cleanupPrefix(PREFIX);
    const image = ensureTestImage();
    docker('run', '-d', '--name', `${PREFIX}web`, '-p', '127.0.0.1::80', image, 'sleep', '3600');
    sshd = await startSshd();
    app = await openServedApp(
      { width: 1600, height: 1000 },
      { panelsOpen: true, connectOptions: options(sshd) },
    );
    page = app.page;
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await sshd?.dispose();
    cleanupPrefix(PREFIX);
  });

  it('connects both hosts at once and shows them side by side, counts as docker says', async () => {
    await page.getByRole('button', { name: 'Add host…' }).click();
    await page.fill('#host-target', 'root@127.0.0.1');
    await page.fill('#host-port', String(sshd?.port));
    await page.getByRole('button', { name: 'Save and connect' }).click();
    const fleet = page.getByRole('button', { name: /Fleet/ });
    await waitFor(async () => (await fleet.count()) === 1, 30_000, 'the fleet button (two hosts)');
    await fleet.click();
    await page.waitForSelector('[data-testid="fleet"]');
    await page.getByRole('button', { name: 'Connect all' }).click();
    let seen: Awaited<ReturnType<typeof cards>> = [];
    await waitFor(
      async () => {
        seen = await cards(page);
        const truth = docker('ps', '-aq').split('\n').filter(Boolean).length;
        return seen.length === 2 && seen.every((c) => c.state === 'live' && c.containers === truth);
      },
      90_000,
      'two live cards whose container counts match docker ps -a',
    );
    expect(seen[0]?.host).toBe('local');
    sshId = seen[1]?.host ?? '';
    expect(sshId).not.toBe('');
    // Side by side: the two cards share a row.
    const boxes: { top: number; left: number; right: number }[] = await page.evaluate(
      `[...document.querySelectorAll('[data-fleet-host]')].map((e) => {
        const r = e.getBoundingClientRect();
        return { top: Math.round(r.top), left: Math.round(r.left), right: Math.round(r.right) };
      })`,
    );
    expect(boxes[0]?.top).toBe(boxes[1]?.top);
    expect((boxes[0]?.right ?? 0) <= (boxes[1]?.left ?? 0)).toBe(true);
    // One engine seen twice: every overlay network it has would be a row with both hosts as members.
    const overlays = docker('network', 'ls', '--filter', 'driver=overlay', '-q').split('\n').filter(Boolean);
    expect(await page.locator('tr[data-overlay]').count()).toBe(overlays.length);
    if (overlays.length === 0) expect(await page.getByText('No overlay network is shared').count()).toBe(1);
    await page.screenshot({ path: 'test-results/fleet.png' });
  });

  it("opening a card shows that host's own picture", async () => {
    await page.locator(`[data-fleet-host="${sshId}"] .expand`).click();
    await page.waitForSelector(`[data-kind="container"][data-id="${PREFIX}web"]`, { timeout: 60_000 });
    expect(await page.locator('[data-testid="fleet"]').count()).toBe(0);
    const current = page.locator('.sidebar .host[aria-current="true"] .name');
    expect(await current.textContent()).toContain('127.0.0.1');
    expect(app?.errors).toEqual([]);
  });
});
