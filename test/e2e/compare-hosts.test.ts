// End to end: compare a capture of this host with a capture of "another host" taken over a real
// loopback sshd. That sshd runs in a UTS namespace of its own, so the kernel there is named nlo-other
// (the same dockerd, reached through the SSH connection's forwarded socket), and one more container runs
// by then. Both captured with the built `netlens snapshot` (locally, and over SSH), imported into the app
// (`netlens serve`, headless Chromium), compared: by role (the host names differ), the extra container
// marked added, the change list grouped under it, no page error. Everything is named `nlo-`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/model/snapshot.js';
import { cleanupPrefix, docker, dockerAvailable, ensureTestImage, waitFor } from '../support/lab.js';
import { rendererMissing } from '../support/renderer-harness.js';
import { openServedApp, type ServedApp } from '../support/served-app.js';
import { sshdSkipReason, startSshd, type Sshd } from '../support/sshd.js';

const PREFIX = 'nlo-';
const WEB = `${PREFIX}web`;
const EXTRA = `${PREFIX}extra`;
const OTHER = `${PREFIX}other`;
const BIN = 'bin/netlens.js';
const missing =
  rendererMissing() ??
  (dockerAvailable() ? null : 'no Docker engine') ??
  sshdSkipReason() ??
  (existsSync('dist/src/cli/main.js') ? null : 'the CLI is not built (npm run build)');
if (missing && process.env.CI === 'true') throw new Error(`CI: ${missing}`);
const suite = missing || process.getuid?.() !== 0 ? describe.skip : describe;

function netlens(args: string[]): string {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`netlens ${args[0] ?? ''}: ${r.stderr}`);
  return r.stdout;
}

suite('compare two hosts in the app: this one and one captured over SSH', () => {
  let app: ServedApp | undefined;
  let sshd: Sshd | undefined;
  let page: Page;
  const dir = mkdtempSync(join(tmpdir(), 'nlo-'));
  const here = join(dir, `${PREFIX}here.json`);
  const there = join(dir, `${PREFIX}there.json`);

  beforeAll(async () => {
    cleanupPrefix(PREFIX);
    const image = ensureTestImage();
    docker('network', 'create', '--subnet', '10.234.9.0/24', `${PREFIX}net`);
    docker(
      'run',
      '-d',
      '--name',
      WEB,
      '--network',
      `${PREFIX}net`,
      '-p',
      '127.0.0.1::80',
      image,
      'sleep',
      '600',
    );
    netlens(['snapshot', '-o', here]);
    docker('run', '-d', '--name', EXTRA, '--network', `${PREFIX}net`, image, 'sleep', '600');
    sshd = await startSshd({ hostname: OTHER });
    netlens([
      'snapshot',
      '--host',
      `ssh://root@127.0.0.1:${sshd.port}`,
      '-i',
      sshd.identityFile,
      '--known-hosts',
      sshd.knownHostsFile,
      '-o',
      there,
    ]);
    app = await openServedApp({ width: 1600, height: 1000 }, { panelsOpen: true });
    page = app.page;
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await sshd?.stop();
    if (sshd) rmSync(sshd.dir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
    cleanupPrefix(PREFIX);
  });

  async function importFile(path: string, name: string): Promise<string> {
    await page.getByRole('tab', { name: /Snapshots/ }).click();
    await page.setInputFiles('input[type="file"]', {
      name: `${name}.json`,
      mimeType: 'application/json',
      buffer: readFileSync(path),
    });
    const item = page.locator('.snapshot', { has: page.locator('.name', { hasText: name }) });
    await waitFor(async () => (await item.count()) === 1, 30_000, `${name} in the list`);
    return (await item.getAttribute('data-snapshot-id'))!;
  }

  it('captures the other host under its own name, over SSH', () => {
    const snapshot = JSON.parse(readFileSync(there, 'utf8')) as Snapshot;
    expect(snapshot.host.name).toBe(OTHER);
    expect(snapshot.host.target).toMatch(/^ssh:\/\/root@127\.0\.0\.1:\d+$/);
    expect(snapshot.containers.map((c) => c.name)).toEqual(expect.arrayContaining([WEB, EXTRA]));
    expect((JSON.parse(readFileSync(here, 'utf8')) as Snapshot).host.name).not.toBe(OTHER);
  });

  it('compares them by role: the extra container marked added and listed, no page error', async () => {
    const a = await importFile(here, `${PREFIX}here`);
    const b = await importFile(there, `${PREFIX}there`);
    await page.getByRole('tab', { name: /Compare/ }).click();
    await page.selectOption('#compare-a', `saved:${a}`);
    await page.selectOption('#compare-b', `saved:${b}`);
    await page
      .getByRole('region', { name: /Compare/ })
      .locator('button[type="submit"]')
      .click();
    await waitFor(
      async () =>
        (
          await page
            .locator('.compare .role')
            .textContent()
            .catch(() => '')
        )?.includes('by role'),
      60_000,
      'the comparison by role',
    );
    const container = (name: string) => page.locator(`[data-kind="container"][data-id="${name}"]`);
    expect(await container(EXTRA).getAttribute('class')).toContain('mark-added');
    // The container both have is matched by name: drawn, and not marked as one side only.
    expect(await container(WEB).count()).toBe(1);
    expect(await container(WEB).getAttribute('class')).not.toMatch(/mark-(added|removed)/);
    expect(await page.locator('.compare').textContent()).toContain(`container ${EXTRA}`);
    // Two hosts: the by-role box says so, ticked and fixed.
    const byRole = page.getByRole('checkbox', { name: /Compare by role/ });
    expect(await byRole.isChecked()).toBe(true);
    expect(await byRole.isDisabled()).toBe(true);
    await page.screenshot({ path: 'test-results/compare-hosts-e2e.png' });
    expect(app!.errors).toEqual([]);
  });
});
