// The snapshots panel, the compare view, picture export and host key trust in the built renderer, in
// headless Chromium, with the fake in-page API (the diff is computed here by the real src/diff).
// Screenshots go to test-results/.
import { expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { HostEntry, SnapshotMeta } from '../../src/api/contract.js';
import { diffSnapshots } from '../../src/diff/index.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { syntheticSnapshot } from '../support/snapshot-factory/index.js';
import { attrs, localHost, openRenderer } from '../support/renderer-harness.js';
import { describeInChromium } from '../support/chromium-suite.js';

const before = syntheticSnapshot({ containers: 12, networks: 3 });
const oldVeth = before.interfaces.find((i) => i.peer === 'container:web-01/eth0')!;
const oldIp = before.containers.find((c) => c.name === 'web-01')!.endpoints[0]!.ipv4!;
/** web-01 restarted (new veth, new address) and api-01 gone. */
const after: Snapshot = (() => {
  const text = JSON.stringify(before)
    .replaceAll(oldVeth.name, 'vethfeed001')
    .replace(new RegExp(`${oldIp.replaceAll('.', '\\.')}(?![\\w.])`, 'g'), '172.18.0.77');
  const s = JSON.parse(text) as Snapshot;
  const gone = new Set(['container:api-01/eth0', 'container:api-01/lo']);
  for (const i of s.interfaces) if (i.peer && gone.has(i.peer)) gone.add(i.id);
  return {
    ...s,
    capturedAt: '2025-01-01T13:00:00.000Z',
    containers: s.containers.filter((c) => c.name !== 'api-01'),
    namespaces: s.namespaces
      .filter((n) => n.id !== 'container:api-01')
      .map((n) => ({ ...n, interfaces: n.interfaces.filter((i) => !gone.has(i)) })),
    interfaces: s.interfaces.filter((i) => !gone.has(i.id)),
    routes: s.routes.filter((r) => r.namespace !== 'container:api-01'),
    networks: s.networks.map((n) => ({
      ...n,
      endpoints: n.endpoints.filter((e) => e.container !== 'api-01'),
    })),
  };
})();

function meta(id: string, name: string, s: Snapshot, savedAt: string): SnapshotMeta {
  const { host, capturedAt, containers } = s;
  return {
    id,
    name,
    note: '',
    host: host.name,
    target: host.target,
    capturedAt,
    savedAt,
    bytes: 1,
    containers: containers.length,
  };
}
const saved = [
  { meta: meta('s-after', 'after restart', after, '2025-01-01T13:00:01Z'), snapshot: after },
  { meta: meta('s-before', 'before restart', before, '2025-01-01T12:00:01Z'), snapshot: before },
  {
    meta: {
      ...meta('s-bad', 's-bad', before, '2025-01-01T11:00:00Z'),
      error: 'containers[1].name: expected string',
    },
    snapshot: null,
  },
];
const diff = diffSnapshots(before, after, { a: 'before restart', b: 'after restart' });

/** Page JavaScript (a string: tests are type-checked without the DOM library): parse and render an SVG. */
const STANDALONE_CHECK = `async (text) => {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const labels = [...doc.querySelectorAll('text')].map((t) => t.textContent ?? '');
  const img = new Image();
  img.src = 'data:image/svg+xml;base64,' + btoa(unescape(encodeURIComponent(text)));
  await img.decode();
  return { error: doc.querySelector('parsererror')?.textContent ?? null, labels, width: img.naturalWidth };
}`;

type Calls = { name: string; args: Record<string, unknown> }[];
const calls = (page: Page): Promise<Calls> =>
  page.evaluate(
    () => (globalThis as unknown as { __netlensTest: { state: { calls: Calls } } }).__netlensTest.state.calls,
  );

describeInChromium('snapshots, compare and export in Chromium (fake API)', (env) => {
  it('lists, saves, renames, deletes, opens, imports and exports snapshots', async () => {
    const { page, errors } = await openRenderer(env.browser, env.url, {
      snapshot: before,
      hosts: [localHost()],
      saved,
    });
    await page.click('button[role="tab"]:has-text("Snapshots")');
    const items = page.locator('.snapshot');
    await expect.poll(() => items.count()).toBe(3);
    expect(await page.locator('[data-snapshot-id="s-bad"]').textContent()).toContain(
      'broken: containers[1].name: expected string',
    );
    expect(await page.locator('[data-snapshot-id="s-bad"] button', { hasText: 'Open' }).count()).toBe(0);

    await page.fill('#snapshot-name', 'baseline');
    await page.fill('textarea[aria-label="note (optional)"]', 'before the upgrade');
    await page.click('button:has-text("Save snapshot")');
    await expect.poll(() => items.count()).toBe(4);
    expect(await items.first().textContent()).toContain('baseline');
    expect(await items.first().textContent()).toContain(`${before.containers.length} containers`);
    expect((await calls(page)).find((c) => c.name === 'snapshots:save')?.args).toEqual({
      hostId: 'local',
      name: 'baseline',
      note: 'before the upgrade',
    });

    await page.click('button[aria-label="rename baseline"]');
    await page.fill('input[aria-label="new name for baseline"]', 'baseline v2');
    await page.click('.snapshot form button[type="submit"]');
    await expect.poll(() => items.first().locator('.name').textContent()).toBe('baseline v2');
    await page.click('button[aria-label="delete baseline v2"]');
    expect(await page.locator('.snapshot .confirm').textContent()).toContain('Delete “baseline v2”');
    await page.click('.snapshot .confirm button:has-text("Delete")');
    await expect.poll(() => items.count()).toBe(3);

    await page.click('button[aria-label="open after restart"]');
    await expect.poll(() => page.locator('.view-banner').textContent()).toContain('Saved snapshot, not live');
    await expect
      .poll(async () => (await attrs(page.locator('[data-kind="container"]'), 'data-id')).includes('api-01'))
      .toBe(false);
    await page.click('button:has-text("Back to live")');
    await expect.poll(() => page.locator('.view-banner').count()).toBe(0);

    await page.setInputFiles('input[type="file"]', {
      name: 'lab.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(before)),
    });
    await expect.poll(() => items.count()).toBe(4);
    expect((await calls(page)).find((c) => c.name === 'snapshots:import')?.args.fileName).toBe('lab.json');

    await page.check('text=redact exports for sharing');
    const download = page.waitForEvent('download');
    await page.click('button[aria-label="export before restart (redacted)"]');
    expect((await download).suggestedFilename()).toBe('before restart-redacted.netlens.json');
    expect((await calls(page)).find((c) => c.name === 'snapshots:export')?.args).toEqual({
      id: 's-before',
      redact: true,
    });
    await page.screenshot({ path: 'test-results/compare-ui-snapshots.png' });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('opens a saved snapshot with no host connected, labelled as not live', async () => {
    const { page, errors } = await openRenderer(
      env.browser,
      env.url,
      { snapshot: null, hosts: [localHost('disconnected')], saved },
      // Wide enough that no network of the snapshot starts folded.
      { width: 1920, height: 1080 },
    );
    await page.click('button[role="tab"]:has-text("Snapshots")');
    expect(await page.locator('button:has-text("Save snapshot")').isDisabled()).toBe(true);
    await page.click('button[aria-label="open before restart"]');
    await page.waitForSelector('[data-kind="container"][data-id="api-01"]');
    expect(await page.locator('.view-banner').textContent()).toContain('Saved snapshot, not live');
    // The status bar says what is shown, not the (disconnected) host's state first.
    expect(await page.locator('.status [role="status"]').textContent()).toContain(
      'showing saved snapshot “before restart”, not live',
    );
    expect(await page.locator('.topology-frame').getAttribute('aria-label')).toMatch(
      /before restart.*not live/,
    );
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('compares two snapshots: marks in the merged picture, a grouped change list, SVG and PNG export', async () => {
    const { page, errors } = await openRenderer(
      env.browser,
      env.url,
      { snapshot: after, hosts: [localHost()], saved, diff },
      { width: 1600, height: 900 },
    );
    await page.click('button[role="tab"]:has-text("Compare")');
    await page.selectOption('#compare-a', 'saved:s-before');
    await page.selectOption('#compare-b', 'saved:s-after');
    await page.click('.compare button[type="submit"]');
    await expect.poll(() => page.locator('.view-banner').textContent()).toContain('Comparison');
    expect((await calls(page)).find((c) => c.name === 'snapshots:compare')?.args).toEqual({
      a: { kind: 'saved', id: 's-before' },
      b: { kind: 'saved', id: 's-after' },
    });

    const cls = (sel: string) => page.locator(sel).first().getAttribute('class');
    await expect.poll(() => cls('[data-kind="container"][data-id="web-01"]')).toContain('mark-changed');
    expect(await cls('[data-kind="interface"][data-id="host/vethfeed001"]')).toContain('mark-changed');
    expect(await page.locator(`[data-id="${oldVeth.id}"]`).count()).toBe(0);
    expect(await cls('[data-kind="namespace"][data-id="container:api-01"]')).toContain('mark-removed');
    expect(
      await page.locator('[data-kind="namespace"][data-id="container:api-01"] .mark-glyph').textContent(),
    ).toBe('−');

    // The change list tells it the way `netlens diff` does: a summary, then each container's story.
    expect(await page.locator('.compare .summary').textContent()).toBe(
      '1 container removed, 1 restarted with a new address',
    );
    const list = page.locator('.changes');
    const titles = await list.locator('summary').allTextContents();
    expect(titles[0]).toMatch(/^container api-01 — removed \(\d+\)$/);
    expect(titles[1]).toMatch(/^container web-01 — restarted with a new address \(\d+\)$/);
    const web = list.locator('li', { hasText: 'web-01: eth0' }).first();
    expect(await web.textContent()).toMatch(/~\s*changed\s*web-01: eth0 [\d.]+ → 172\.18\.0\.77 on appnet/);
    expect(await list.textContent()).toContain('vethfeed001');
    expect(await list.locator('li', { hasText: 'container api-01' }).first().textContent()).toMatch(
      /−\s*removed/,
    );

    await web.locator('button').first().click();
    await expect.poll(() => page.locator('[data-kind="container"][data-id="web-01"].sel').count()).toBe(1);
    await page.screenshot({ path: 'test-results/compare-ui.png' });

    const svgDownload = page.waitForEvent('download');
    await page.click('button[aria-label="export the picture as SVG"]');
    const svgFile = await svgDownload;
    expect(svgFile.suggestedFilename()).toMatch(/^netlens-[A-Za-z0-9._-]+-compare-\d{8}-\d{6}\.svg$/);
    const svg = readFileSync(await svgFile.path(), 'utf8');
    expect(svg).toMatch(/^<\?xml[^>]*>\s*<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).not.toMatch(/class="/);
    expect(svg).not.toContain('var(--');

    // Standalone: parses as SVG and renders from a blank page, without the app's styles, with the labels.
    const blank = await page.context().newPage();
    const rendered = await blank.evaluate<{ error: string | null; labels: string[]; width: number }>(
      `(${STANDALONE_CHECK})(${JSON.stringify(svg)})`,
    );
    expect(rendered.error).toBeNull();
    expect(rendered.width).toBeGreaterThan(500);
    // Marked names carry their sign: `~ web-01`, `− api-01`.
    for (const name of ['~ web-01', '− api-01', 'db-01', 'appnet'])
      expect(rendered.labels, name).toContain(name);
    await blank.close();

    const pngDownload = page.waitForEvent('download');
    await page.click('button[aria-label="export the picture as PNG"]');
    const png = readFileSync(await (await pngDownload).path());
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(2 * rendered.width);
    writeFileSync('test-results/compare-ui-export.svg', svg);
    writeFileSync('test-results/compare-ui-export.png', png);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('asks about an unknown SSH host key in a dialog, trusts that fingerprint only, and refuses a changed one', async () => {
    const fingerprint = 'SHA256:Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG0';
    const changedPrint = 'SHA256:b3RoZXJvdGhlcm90aGVyb3RoZXJvdGhlcm90aGVyb3RoZXI';
    const host = (id: string, status: HostEntry['status']): HostEntry => ({
      id,
      target: id,
      dockerHost: null,
      label: id,
      status,
    });
    const { page, errors } = await openRenderer(env.browser, env.url, {
      snapshot: null,
      hosts: [
        host('ops@new-host', {
          state: 'error',
          code: 'host-key-unknown',
          reason: `the host key of ops@new-host is not known yet: ssh-ed25519 ${fingerprint}; check it with the host's administrator before trusting it`,
          hostKey: {
            host: 'ops@new-host',
            keyType: 'ssh-ed25519',
            fingerprint,
            knownHostsPath: '/home/ops/.ssh/known_hosts',
          },
        }),
        host('ops@moved-host', {
          state: 'error',
          code: 'host-key-changed',
          reason: `the host key of ops@moved-host has CHANGED to ssh-ed25519 ${changedPrint}: refusing to connect`,
          hostKey: {
            host: 'ops@moved-host',
            keyType: 'ssh-ed25519',
            fingerprint: changedPrint,
            knownHostsPath: '/home/ops/.ssh/known_hosts',
            removeCommand: "ssh-keygen -R 'moved-host' -f '/home/ops/.ssh/known_hosts'",
          },
        }),
      ],
    });
    const dialog = page.locator('[role="dialog"][aria-modal="true"]');
    await expect
      .poll(() => dialog.locator('[data-fingerprint]').textContent())
      .toBe(`ssh-ed25519 ${fingerprint}`);
    expect(await dialog.textContent()).toContain('/home/ops/.ssh/known_hosts');
    await page.screenshot({ path: 'test-results/compare-ui-hostkey.png' });
    await dialog.locator('button', { hasText: 'Trust and connect' }).click();
    await expect
      .poll(async () => (await calls(page)).filter((c) => c.name === 'session:connect').map((c) => c.args))
      .toContainEqual({ hostId: 'ops@new-host', trustHostKey: fingerprint });
    // Nothing in the app trusts any key that comes: the CLI's acceptNewHostKey is never sent.
    expect((await calls(page)).some((c) => 'acceptNewHostKey' in c.args)).toBe(false);

    // Then the changed key: refused, with the line that removes the old one, and no trust button.
    const refusal = page.locator('[role="alertdialog"][aria-modal="true"]');
    await expect
      .poll(() => refusal.locator('[data-remove-command]').textContent())
      .toBe("ssh-keygen -R 'moved-host' -f '/home/ops/.ssh/known_hosts'");
    expect(await refusal.textContent()).toContain('Host key changed: connection refused');
    expect(await refusal.locator('button').allTextContents()).toEqual(['Copy', 'Close']);
    await page.screenshot({ path: 'test-results/compare-ui-hostkey-changed.png' });
    await refusal.locator('button', { hasText: 'Close' }).click();
    await expect.poll(() => refusal.count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
