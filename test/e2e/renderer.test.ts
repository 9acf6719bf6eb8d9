// End to end: the real `netlens serve` with the real back end, a real Docker lab (busybox image), and
// the built renderer in headless Chromium. What is drawn is checked against `docker inspect` and the
// kernel (veth peers by ifindex), live updates without reload, and the packet path of 8080 → :80.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import type { Page } from 'playwright-core';
import { cleanupPrefix, docker, dockerAvailable, ensureTestImage, waitFor } from '../support/lab.js';
import { attrs, rendererMissing } from '../support/renderer-harness.js';
import { hostEndOf, openServedApp } from '../support/served-app.js';
import type { ServedApp } from '../support/served-app.js';

const PREFIX = 'nlr-';
const missing = rendererMissing() ?? (dockerAvailable() ? null : 'no Docker engine');
if (missing && process.env.CI === 'true') throw new Error(`CI: ${missing}`);
const suite = missing || process.getuid?.() !== 0 ? describe.skip : describe;

async function freePort(preferred: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | null>((ok) => {
      const s = createServer();
      s.once('error', () => ok(null));
      s.listen(port, '0.0.0.0', () =>
        s.close(() => ok((s.address() as { port: number } | null)?.port ?? port)),
      );
    });
  return (await tryPort(preferred)) ?? (await tryPort(0)) ?? preferred;
}

const ids = (page: Page, kind: string) => attrs(page.locator(`[data-kind="${kind}"]`), 'data-id');

suite('renderer against netlens serve and a real Docker lab', () => {
  let app: ServedApp | undefined;
  let page: Page;
  let hostPort: number;
  let errors: string[] = [];

  beforeAll(async () => {
    cleanupPrefix(PREFIX);
    const image = ensureTestImage();
    hostPort = await freePort(8080);
    docker('network', 'create', '--subnet', '10.232.1.0/24', `${PREFIX}net`);
    docker(
      'run',
      '-d',
      '--name',
      `${PREFIX}web`,
      '--network',
      `${PREFIX}net`,
      '-p',
      `${hostPort}:80`,
      image,
      'httpd',
      '-f',
      '-p',
      '80',
    );
    docker(
      'run',
      '-d',
      '--name',
      `${PREFIX}side`,
      '--network',
      `container:${PREFIX}web`,
      image,
      'sleep',
      '3600',
    );
    docker('run', '-d', '--name', `${PREFIX}db`, image, 'sleep', '3600');
    docker('run', '-d', '--name', `${PREFIX}none`, '--network', 'none', image, 'sleep', '3600');
    docker('run', '-d', '--name', `${PREFIX}hostmode`, '--network', 'host', image, 'sleep', '3600');
    app = await openServedApp({ width: 1920, height: 1080 });
    page = app.page;
    errors = app.errors;
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    cleanupPrefix(PREFIX);
  });

  it('draws every lab container where it lives', async () => {
    await waitFor(
      async () => (await ids(page, 'container')).includes(`${PREFIX}hostmode`),
      60_000,
      'the lab in the drawing',
    );
    const drawn = await ids(page, 'container');
    for (const name of ['web', 'side', 'db', 'none', 'hostmode'])
      expect(drawn, name).toContain(`${PREFIX}${name}`);
    // web and its sidecar share one box; the none box has only lo; the host-mode one sits in the host region.
    const box = page.locator(`[data-kind="namespace"][data-id="container:${PREFIX}web"]`);
    expect(await attrs(box.locator('[data-kind="container"]'), 'data-id')).toEqual([
      `${PREFIX}web`,
      `${PREFIX}side`,
    ]);
    expect(
      await attrs(
        page.locator(`[data-kind="namespace"][data-id="container:${PREFIX}none"] [data-kind="interface"]`),
        'data-id',
      ),
    ).toEqual([`container:${PREFIX}none/lo`]);
    expect(
      await page.locator(`.host-mode [data-kind="container"][data-id="${PREFIX}hostmode"]`).count(),
    ).toBe(1);
    await page.screenshot({ path: 'test-results/e2e-serve-1920.png' });
  });

  it('joins each cable to the two interfaces the kernel pairs, on the right bridge', async () => {
    const netId = docker('network', 'inspect', '-f', '{{.Id}}', `${PREFIX}net`);
    for (const [name, bridge] of [
      [`${PREFIX}web`, `br-${netId.slice(0, 12)}`],
      [`${PREFIX}db`, 'docker0'],
    ] as const) {
      const hostEnd = hostEndOf(name);
      expect(hostEnd.master).toBe(bridge);
      const cable = page.locator(`[data-kind="cable"][data-from="container:${name}/eth0"]`);
      expect(await cable.getAttribute('data-to'), name).toBe(`host/${hostEnd.ifname}`);
      expect(await page.locator(`[data-kind="bridge"][data-id="host/${bridge}"]`).count(), bridge).toBe(1);
    }
    expect(
      await page
        .locator(`[data-kind="bridge"][data-id="host/br-${netId.slice(0, 12)}"]`)
        .getAttribute('data-network'),
    ).toBe(`${PREFIX}net`);
  });

  it(`draws the published port as a DNAT flow to the web container, and its packet path hop by hop`, async () => {
    const flow = page.locator(`[data-kind="nat-flow"][data-id="tcp/0.0.0.0:${hostPort}"]`);
    await waitFor(async () => (await flow.count()) === 1, 20_000, 'the DNAT flow');
    expect(await flow.getAttribute('data-to')).toBe(`container:${PREFIX}web/eth0`);
    const webIp = docker(
      'inspect',
      '-f',
      `{{(index .NetworkSettings.Networks "${PREFIX}net").IPAddress}}`,
      `${PREFIX}web`,
    );
    expect(await flow.locator('.badge-2').textContent()).toContain(`${webIp}:80`);
    await flow.locator('.badge').click();
    await page.waitForSelector('.hops li');
    const hops = await page.locator('.hops li .label').allTextContents();
    const veth = hostEndOf(`${PREFIX}web`).ifname;
    const wanted = [
      'nat PREROUTING',
      'nat DOCKER',
      `DNAT → ${webIp}:80`,
      'route 10.232.1.0/24',
      'filter FORWARD',
      'bridge br-',
      veth,
      `eth0 ${webIp}`,
      `${PREFIX}web:80/tcp`,
    ];
    let at = -1;
    for (const want of wanted) {
      const next = hops.findIndex((h, i) => i > at && h.includes(want));
      expect(next, `${want} after hop ${at} in ${hops.join(' | ')}`).toBeGreaterThan(at);
      at = next;
    }
    expect(await page.locator('.verdict').textContent()).toContain('delivered');
    await page.screenshot({ path: 'test-results/e2e-serve-path.png' });
  });

  it('shows a container started during the test without a reload', async () => {
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    docker(
      'run',
      '-d',
      '--name',
      `${PREFIX}late`,
      '--network',
      `${PREFIX}net`,
      ensureTestImage(),
      'sleep',
      '3600',
    );
    await waitFor(
      async () => (await ids(page, 'container')).includes(`${PREFIX}late`),
      60_000,
      'the late container',
    );
    const hostEnd = hostEndOf(`${PREFIX}late`);
    expect(
      await page
        .locator(`[data-kind="cable"][data-from="container:${PREFIX}late/eth0"]`)
        .getAttribute('data-to'),
    ).toBe(`host/${hostEnd.ifname}`);
    expect(navigations).toEqual([]);
    await page.screenshot({ path: 'test-results/e2e-serve-late.png' });
    expect(errors).toEqual([]);
  });
});
