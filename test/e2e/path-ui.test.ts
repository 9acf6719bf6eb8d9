// End to end, the packet path in the app on a real Docker lab: a port published on 127.0.0.1 is shown
// as the host reaching it through docker-proxy (not DNAT from outside), and while traffic flows the
// counters poll marks the rule and the cables on the path that carried it.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { cleanupPrefix, docker, dockerAvailable, ensureTestImage, waitFor } from '../support/lab.js';
import { rendererMissing } from '../support/renderer-harness.js';
import { openServedApp, type ServedApp } from '../support/served-app.js';

const PREFIX = 'nlpe-';
const missing = rendererMissing() ?? (dockerAvailable() ? null : 'no Docker engine');
if (missing && process.env.CI === 'true') throw new Error(`CI: ${missing}`);
const suite = missing || process.getuid?.() !== 0 ? describe.skip : describe;

const freePort = () =>
  new Promise<number>((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });

suite('the packet path in the app, on a real lab', () => {
  let app: ServedApp | undefined;
  let page: Page;
  let port: number;

  beforeAll(async () => {
    cleanupPrefix(PREFIX);
    const image = ensureTestImage();
    port = await freePort();
    docker('network', 'create', '--subnet', '10.238.1.0/24', `${PREFIX}net`);
    const httpd = ['sh', '-c', 'echo ok > /www/index.html && exec httpd -f -p 80 -h /www'];
    docker(
      'run',
      '-d',
      '--name',
      `${PREFIX}web`,
      '--network',
      `${PREFIX}net`,
      '-p',
      `127.0.0.1:${port}:80`,
      image,
      ...httpd,
    );
    docker('run', '-d', '--name', `${PREFIX}client`, '--network', `${PREFIX}net`, image, 'sleep', '3600');
    app = await openServedApp({ width: 1600, height: 1000 });
    page = app.page;
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    cleanupPrefix(PREFIX);
  });

  it('a port bound to 127.0.0.1: the host, nat OUTPUT skipped, docker-proxy, then the container', async () => {
    const flow = page.locator(`[data-kind="nat-flow"][data-id="tcp/127.0.0.1:${port}"] .badge`);
    await waitFor(async () => (await flow.count()) === 1, 60_000, 'the loopback-bound flow');
    await flow.click();
    await page.waitForSelector('.hops li');
    const hops = await page.locator('.hops li .label').allTextContents();
    const wanted = [
      'host',
      'local 127.0.0.1',
      `tcp 127.0.0.1:${port}`,
      'docker-proxy pid',
      'bridge br-',
      `${PREFIX}web:80/tcp`,
    ];
    let at = -1;
    for (const want of wanted) {
      const next = hops.findIndex((h, i) => i > at && h.includes(want));
      expect(next, `${want} after hop ${at} in ${hops.join(' | ')}`).toBeGreaterThan(at);
      at = next;
    }
    expect(hops.some((h) => h.includes('PREROUTING'))).toBe(false);
    expect(await page.locator('.verdict').textContent()).toContain('delivered');
    await page.screenshot({ path: 'test-results/e2e-path-loopback.png' });
  });

  it('while traffic flows, the rule that matched and the cables that carried it are marked', async () => {
    // The pickers are searchable: type the name, take the match with Enter.
    for (const [picker, name] of [
      ['from', `${PREFIX}client`],
      ['to', `${PREFIX}web`],
    ] as const) {
      await page.fill(`input[aria-label^="${picker} ("]`, name);
      await expect.poll(() => page.locator(`[role="option"][data-value="${name}"]`).count()).toBe(1);
      await page.locator(`input[aria-label^="${picker} ("]`).press('Enter');
    }
    await page.fill('input[aria-label="destination port"]', '80');
    await page.click('.path form button[type="submit"]');
    await expect.poll(() => page.locator('.verdict').textContent()).toContain('delivered');
    expect(await page.locator('.hop.moved').count()).toBe(0);
    const web = docker(
      'inspect',
      '-f',
      `{{(index .NetworkSettings.Networks "${PREFIX}net").IPAddress}}`,
      `${PREFIX}web`,
    );
    const pid = docker('inspect', '-f', '{{.State.Pid}}', `${PREFIX}client`);
    // Each poll opens new connections from the client: the FORWARD accept counts the first packet of each.
    await waitFor(
      async () => {
        for (let i = 0; i < 5; i++)
          spawnSync('nsenter', ['-t', pid, '-n', 'busybox', 'nc', '-w', '2', web, '80'], {
            input: 'GET / HTTP/1.0\r\n\r\n',
            timeout: 5_000,
          });
        const moved = await page.locator('.hop.moved .label').allTextContents();
        return (
          moved.some((l) => /FORWARD #\d+: accept ▲ [\d.]+ pkt\/s/.test(l)) &&
          moved.some((l) => l.startsWith('veth pair'))
        );
      },
      60_000,
      'the accept rule and a cable marked as moving',
    );
    expect(await page.locator('.cable-g.path-live').count()).toBeGreaterThan(0);
    await page.screenshot({ path: 'test-results/e2e-path-live.png' });
    expect(app?.errors).toEqual([]);
  });
});
