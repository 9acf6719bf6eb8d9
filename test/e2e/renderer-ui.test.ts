// The built renderer in headless Chromium with a fake window.netlens: what it draws matches the
// snapshot, patches and counters arrive live, and the user's actions (select, path, search, keys) work.
// Screenshots go to test-results/.
import { expect, it } from 'vitest';

import type { Page } from 'playwright-core';
import { computePatch } from '../../src/model/patch.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { syntheticSnapshot } from '../support/snapshot-factory/index.js';
import { emit, localHost, openRenderer, attrs, styleOf } from '../support/renderer-harness.js';
import { describeInChromium } from '../support/chromium-suite.js';

const snapshot = syntheticSnapshot({ containers: 14, networks: 3, problems: true });
const running = snapshot.containers.filter((c) => c.namespace !== null).map((c) => c.name);

/** The snapshot with one more container `late-01` on the default bridge. */
function withLateContainer(s: Snapshot): Snapshot {
  const next = structuredClone(s);
  const ns = 'container:late-01';
  const iface = next.interfaces.find(
    (i) => i.namespace.startsWith('container:') && i.name === 'eth0' && i.peer?.startsWith('host/'),
  )!;
  const hostEnd = next.interfaces.find((i) => i.id === iface.peer)!;
  next.interfaces.push(
    {
      ...iface,
      id: `${ns}/eth0`,
      namespace: ns,
      ifindex: 990,
      peer: 'host/vethlate01',
      addresses: [{ family: 'ipv4', address: '172.17.5.5', prefixLen: 16, scope: 'global' }],
    },
    {
      ...hostEnd,
      id: 'host/vethlate01',
      name: 'vethlate01',
      ifindex: 991,
      peer: `${ns}/eth0`,
      master: 'host/docker0',
    },
  );
  next.namespaces.push({
    id: ns,
    kind: 'container',
    path: null,
    inode: 7,
    containers: ['late-01'],
    interfaces: [`${ns}/eth0`],
  });
  next.containers.push({
    id: 'e'.repeat(64),
    name: 'late-01',
    image: 'busybox',
    state: 'running',
    networkMode: 'default',
    namespace: ns,
    pid: 9,
    endpoints: [
      {
        network: 'bridge',
        interface: `${ns}/eth0`,
        ipv4: '172.17.5.5',
        ipv4PrefixLen: 16,
        ipv6: null,
        mac: null,
        gateway: '172.17.0.1',
        aliases: [],
      },
    ],
    ports: [],
    compose: null,
  });
  next.capturedAt = '2025-01-01T12:00:09.000Z';
  return next;
}

function attr(page: Page, selector: string, name: string): Promise<(string | null)[]> {
  return attrs(page.locator(selector), name);
}

describeInChromium('renderer in Chromium (fake API)', (env) => {
  it('draws every container, cable and flow from the snapshot, and updates live', async () => {
    // Wide enough that no network starts folded: every container is drawn.
    const { page, errors } = await openRenderer(
      env.browser,
      env.url,
      { snapshot, hosts: [localHost()] },
      { width: 1920, height: 1080 },
    );
    await page.waitForSelector('[data-kind="namespace"][data-id^="container:"]');
    const drawn = new Set(await attr(page, '[data-kind="container"]', 'data-id'));
    for (const name of running) expect(drawn.has(name), name).toBe(true);

    const from = await attrs(page.locator('[data-kind="cable"]'), 'data-from');
    const to = await attrs(page.locator('[data-kind="cable"]'), 'data-to');
    const cables = from.map((f, i) => [f, to[i]] as const);
    const byFrom = new Map(cables.map(([f, t]) => [f, t]));
    for (const i of snapshot.interfaces) {
      if (i.kind === 'veth' && i.namespace !== 'host' && i.peer) expect(byFrom.get(i.id), i.id).toBe(i.peer);
      if (i.kind === 'macvlan') expect(byFrom.get(i.id), i.id).toBe(i.parent);
    }
    for (const f of snapshot.natFlows) {
      if (f.kind !== 'dnat' || !f.endpoint) continue;
      expect(await page.locator(`[data-kind="nat-flow"][data-id="${f.id}"]`).getAttribute('data-to')).toBe(
        f.endpoint,
      );
    }
    await page.screenshot({ path: 'test-results/ui-stub-1280-light.png' });

    // A container starts: the patch is drawn without reload, other boxes keep their place.
    const box = (id: string) =>
      attrs(page.locator(`[data-kind="namespace"][data-id="${id}"] > rect.box`), 'x').then(async (x) => [
        ...x,
        ...(await attrs(page.locator(`[data-kind="namespace"][data-id="${id}"] > rect.box`), 'y')),
      ]);
    const other = `container:${running.find((n) => n.startsWith('api'))!}`;
    const before = await box(other);
    const next = withLateContainer(snapshot);
    await emit(page, 'host:patch', { hostId: 'local', patch: computePatch(snapshot, next)! });
    await page.waitForSelector('[data-kind="container"][data-id="late-01"]');
    expect(
      await page.locator('[data-kind="cable"][data-from="container:late-01/eth0"]').getAttribute('data-to'),
    ).toBe('host/vethlate01');
    await page.waitForTimeout(450);
    expect(await box(other)).toEqual(before);

    // Counters: a busy cable gets thicker and labelled; an idle one stays quiet.
    const veth = snapshot.interfaces.find((i) => i.namespace === 'host' && i.kind === 'veth' && i.peer)!;
    await emit(page, 'host:counters', {
      hostId: 'local',
      counters: {
        at: new Date().toISOString(),
        intervalMs: 2000,
        full: true,
        interfaces: [
          {
            id: veth.id,
            rxBytes: 1,
            txBytes: 1,
            rxPackets: 1,
            txPackets: 1,
            rxBps: 250_000,
            txBps: 50_000,
            rxPps: 200,
            txPps: 100,
          },
        ],
        rules: [],
      },
    });
    const cable = page.locator(`[data-kind="cable"][data-to="${veth.id}"]`);
    await expect.poll(() => cable.getAttribute('class')).toContain('active');
    expect(await page.locator('.rate-label').allTextContents()).toContain('300 kB/s');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows the packet path of a published port, hop by hop, and the isolation between networks', async () => {
    const { page, errors } = await openRenderer(
      env.browser,
      env.url,
      { snapshot, hosts: [localHost()] },
      { width: 1920, height: 1080 },
      'dark',
    );
    const flow = snapshot.natFlows.find((f) => f.kind === 'dnat' && f.container !== null)!;
    await page.locator(`[data-kind="nat-flow"][data-id="${flow.id}"] .badge`).click();
    await page.waitForSelector('.hops li');
    const hops = await page.locator('.hops li .label').allTextContents();
    const order = [
      'eth0',
      'nat PREROUTING',
      'nat DOCKER',
      'DNAT',
      'route',
      'filter FORWARD',
      'bridge',
      'veth',
      'eth0',
    ];
    let at = -1;
    for (const want of order) {
      const next = hops.findIndex((h, i) => i > at && h.includes(want));
      expect(next, `${want} in ${hops.join(' | ')}`).toBeGreaterThan(at);
      at = next;
    }
    expect(await page.locator('.verdict').textContent()).toContain('delivered');
    expect(await page.locator('.on-path').count()).toBeGreaterThan(4);
    await page.screenshot({ path: 'test-results/ui-stub-1920-dark-path.png' });

    const a = snapshot.containers.find(
      (c) => c.endpoints.length === 1 && c.endpoints[0]?.network === 'appnet',
    )!;
    const b = snapshot.containers.find(
      (c) => c.endpoints.length === 1 && c.endpoints[0]?.network === 'bridge',
    )!;
    // The pickers are searchable: type part of a name, take the match with Enter.
    for (const [picker, name] of [
      ['from', a.name],
      ['to', b.name],
    ] as const) {
      await page.fill(`input[aria-label^="${picker} ("]`, name);
      await expect.poll(() => page.locator(`[role="option"][data-value="${name}"]`).count()).toBe(1);
      await page.locator(`input[aria-label^="${picker} ("]`).press('Enter');
    }
    await page.click('.path form button[type="submit"]');
    await expect.poll(() => page.locator('.verdict').textContent()).toContain('blocked');
    expect((await page.locator('.hop.blocked .label').allTextContents()).join()).toContain(
      'DOCKER-ISOLATION-STAGE-2',
    );
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('is keyboard reachable and searchable, and lists findings that lead to their items', async () => {
    const { page, errors } = await openRenderer(
      env.browser,
      env.url,
      { snapshot, hosts: [localHost()] },
      { width: 1280, height: 800 },
      'dark',
    );
    await page.waitForSelector('[data-kind="namespace"][data-id^="container:"]');
    const first = page.locator('[data-kind="namespace"][data-id^="container:"]').first();
    await first.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.inspector h3').textContent()).toContain('namespace container:');
    const transform = () => styleOf(page.locator('.topology-frame > .viewport'), 'transform', true);
    const t0 = await transform();
    await page.keyboard.press('+');
    await expect.poll(transform).not.toBe(t0);

    const target = running.find((n) => n.startsWith('web'))!;
    await page.fill('#search', target);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.inspector h3').textContent()).toContain(`container ${target}`);
    expect(await page.locator(`[data-kind="namespace"].match`).count()).toBeGreaterThan(0);
    expect(await page.locator(`[data-kind="namespace"].dim`).count()).toBeGreaterThan(0);
    await page.check('.filter input');
    await expect.poll(() => page.locator('[data-kind="namespace"][data-id^="container:"]').count()).toBe(1);
    await page.uncheck('.filter input');
    await page.fill('#search', '');

    await page.click('button[role="tab"]:has-text("Findings")');
    const finding = snapshot.findings.find((f) => f.code === 'veth-peer-missing')!;
    await page.locator('.findings button', { hasText: finding.code }).click();
    await expect.poll(() => page.locator(`[data-id="${finding.subjects[0]}"].sel`).count()).toBe(1);
    await page.click('button[aria-label^="Theme"]');
    await page.screenshot({ path: 'test-results/ui-stub-1280-finding.png' });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('tells the user what to do when the host cannot be used', async () => {
    const { page } = await openRenderer(env.browser, env.url, {
      snapshot: null,
      hosts: [localHost('error')],
    });
    // Nothing to draw: the demo opens by itself; back to live shows what is wrong and what to do.
    await page.locator('.view-banner button').click();
    await expect.poll(() => page.locator('.empty h2').textContent()).toContain('No permission');
    expect(await page.locator('.empty').textContent()).toContain('docker');
    await page.screenshot({ path: 'test-results/ui-stub-error.png' });
    await page.context().close();
    const r = await openRenderer(env.browser, env.url, {
      snapshot: null,
      hosts: [localHost('reconnecting')],
    });
    await expect
      .poll(() => r.page.locator('.status [role="status"]').textContent())
      .toMatch(/reconnecting \(attempt 2, next try in \d+s\)/);
    expect(await r.page.locator('.empty').textContent()).toContain('cannot be reached');
    await r.page.context().close();
  });
});
