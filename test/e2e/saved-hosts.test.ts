// End to end (#10 item 5): a real `netlens serve` process with a throwaway HOME, the app in Chromium,
// real sshd processes. A host behind a jump host is added in the app's form (the target sshd listens
// on 127.0.0.1 of a network namespace of its own, so only the jump host, on that namespace's veth
// address, reaches it), each host key is trusted in the dialog, and the host's picture shows a
// container started for the test. A Docker context (a real context folder in that HOME, ssh:// to a
// loopback sshd) is imported and connected the same way.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupPrefix, docker, dockerAvailable, ensureTestImage, waitFor } from '../support/lab.js';
import { createNetnsPair, type NetnsPair } from '../support/netns-pair.js';
import { launchChromium, PANELS_OPEN, rendererMissing } from '../support/renderer-harness.js';
import { sshdSkipReason, startSshd, type Sshd } from '../support/sshd.js';

const PREFIX = 'nlsh-';
const CONTAINER = `${PREFIX}seen`;
const missing =
  rendererMissing() ??
  sshdSkipReason() ??
  (dockerAvailable() ? null : 'no Docker engine') ??
  (process.getuid?.() === 0 ? null : 'needs root (network namespaces, sshd as root)');
if (missing && process.env.CI === 'true') throw new Error(`CI: ${missing}`);
const suite = missing ? describe.skip : describe;

suite('saved hosts in the app, against netlens serve and real sshd processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nlsh-e2e-'));
  const home = join(dir, 'home');
  let pair: NetnsPair;
  let jump: Sshd;
  let target: Sshd;
  let plain: Sshd;
  let serve: ChildProcess;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  let stderr = '';

  beforeAll(async () => {
    cleanupPrefix(PREFIX);
    docker('run', '-d', '--name', CONTAINER, ensureTestImage(), 'sleep', '600');
    const tag = String((process.pid % 9000) + 1000);
    pair = createNetnsPair(tag, (process.pid % 200) + 20);
    jump = await startSshd({ netns: pair.name, listenAddress: pair.insideAddress });
    target = await startSshd({ netns: pair.name });
    plain = await startSshd();
    const key = jump.identityFile;
    const pub = readFileSync(`${key}.pub`, 'utf8');
    target.authorize(pub);
    plain.authorize(pub);
    // The jump host and the context's host use the default key of that HOME; the target gets it again
    // from the form's identity file field.
    mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
    copyFileSync(key, join(home, '.ssh', 'id_ed25519'));
    const meta = join(
      home,
      '.docker',
      'contexts',
      'meta',
      createHash('sha256').update('loopback').digest('hex'),
    );
    mkdirSync(meta, { recursive: true });
    writeFileSync(
      join(meta, 'meta.json'),
      JSON.stringify({
        Name: 'loopback',
        Metadata: {},
        Endpoints: { docker: { Host: `ssh://root@127.0.0.1:${plain.port}`, SkipTLSVerify: false } },
      }),
    );
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_DATA_HOME: join(dir, 'data') };
    delete env.SSH_AUTH_SOCK;
    delete env.DOCKER_CONFIG;
    serve = spawn(process.execPath, ['dist/src/cli/main.js', 'serve', '--port', '0', '--no-history'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    serve.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    serve.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const url = await waitFor(() => /serving on (\S+)/.exec(stdout)?.[1], 30_000, 'netlens serve to start');
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'en-US' });
    page = await context.newPage();
    // The hosts panel open, as after a person opened it (below 1900 px it starts folded).
    await page.addInitScript({ content: PANELS_OPEN });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(url);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    if (serve && serve.exitCode === null) {
      const exited = new Promise((resolve) => serve.once('exit', resolve));
      serve.kill('SIGINT');
      await exited;
    }
    await jump?.dispose();
    await target?.dispose();
    await plain?.dispose();
    pair?.remove();
    cleanupPrefix(PREFIX);
    rmSync(dir, { recursive: true, force: true });
  });

  const dialog = () => page.locator('[role="dialog"][aria-modal="true"]');
  const drawn = () => page.locator(`[data-kind="container"][data-id="${CONTAINER}"]`).count();
  const knownHosts = () =>
    readFileSync(join(home, '.ssh', 'known_hosts'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '');

  /** The dialog shows this key's fingerprint once; trusting it connects (or asks about the next hop). */
  async function trust(expected: string): Promise<void> {
    await waitFor(async () => (await dialog().count()) === 1, 60_000, 'the host-key dialog');
    expect(await dialog().locator('[data-fingerprint]').textContent()).toBe(`ssh-ed25519 ${expected}`);
    expect(await dialog().locator('button').allTextContents()).toEqual(['Cancel', 'Trust and connect']);
    await dialog().locator('button:has-text("Trust and connect")').click();
    await waitFor(async () => (await dialog().count()) === 0, 10_000, 'the dialog to close');
  }

  it('adds a host behind a jump host in the form, trusts each key in the dialog, and draws it', async () => {
    await page.click('button:has-text("Add host…")');
    await page.fill('#host-label', 'behind the jump host');
    await page.fill('#host-target', '127.0.0.1');
    await page.fill('#host-user', 'root');
    await page.fill('#host-port', '99999');
    await page.fill('#host-identityFile', jump.identityFile);
    await page.fill('#host-jump', `root@${pair.insideAddress}:${jump.port}`);
    await page.click('button:has-text("Save and connect")');
    // A syntax error stands next to its field, not in the status bar.
    const portError = page.locator('#host-port-error');
    await waitFor(async () => (await portError.count()) === 1, 10_000, 'the port error');
    expect(await portError.textContent()).toBe('a port is a number from 1 to 65535');
    expect(await page.locator('#host-port').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('footer.status').textContent()).not.toContain('port');

    await page.fill('#host-port', String(target.port));
    await page.click('button:has-text("Save and connect")');
    // First the jump host's key, then the target's: each hop is checked on its own.
    await trust(jump.hostKeyFingerprint);
    await trust(target.hostKeyFingerprint);
    await waitFor(
      async () => (await drawn()) === 1,
      120_000,
      `${CONTAINER} drawn from the host behind the jump host`,
    );
    expect(await page.locator('.sidebar li.active').textContent()).toContain('behind the jump host');
    expect(knownHosts()).toHaveLength(2);
    // The jump host was logged in to on the second and third try (its key known), the target on the third.
    expect([jump, target].map((s) => s.acceptedLogins())).toEqual([2, 1]);
    const saved = JSON.parse(readFileSync(join(dir, 'data', 'netlens', 'hosts.json'), 'utf8')) as unknown;
    expect(saved).toEqual({
      version: 2,
      hosts: [
        {
          target: '127.0.0.1',
          label: 'behind the jump host',
          user: 'root',
          port: target.port,
          identityFile: jump.identityFile,
          jump: `root@${pair.insideAddress}:${jump.port}`,
        },
      ],
    });
  }, 300_000);

  it('imports a Docker context with an ssh:// endpoint, and connects to it after the key dialog', async () => {
    await page.click('button:has-text("Import from Docker contexts")');
    const found = page.locator('[data-import-source="docker-contexts"]');
    await waitFor(async () => (await found.count()) === 1, 10_000, 'the contexts found');
    expect(await found.locator('li .target').allTextContents()).toEqual([
      `ssh://root@127.0.0.1:${plain.port}`,
    ]);
    await found.locator('button[aria-label="add loopback"]').click();
    // Cancel first: nothing is written, and the question is not asked again by itself.
    await waitFor(async () => (await dialog().count()) === 1, 60_000, 'the host-key dialog');
    await dialog().locator('button:has-text("Cancel")').click();
    await waitFor(async () => (await dialog().count()) === 0, 10_000, 'the dialog to close');
    expect(knownHosts()).toHaveLength(2);
    // Trusting from the host's own page brings the question back, once.
    await page.screenshot({ path: 'test-results/saved-hosts-cancelled.png' });
    await page.click('.empty button.primary');
    await trust(plain.hostKeyFingerprint);
    await waitFor(async () => (await drawn()) === 1, 120_000, `${CONTAINER} drawn from the context's host`);
    expect(await page.locator('.sidebar li.active').textContent()).toContain('loopback');
    expect(knownHosts()).toHaveLength(3);
    expect(errors).toEqual([]);
    expect(stderr).toBe('');
  }, 300_000);
});
