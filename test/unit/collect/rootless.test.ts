// Entering a rootless engine's namespaces: which pid files are read, and that only validated paths
// and the constant wrapper reach the one exec.
import { describe, expect, it } from 'vitest';
import {
  PODMAN_WRAPPER,
  ROOTLESS_WRAPPER,
  podmanRootlessEntry,
  rootlessArgv,
  rootlessEntry,
} from '../../../src/collect/kernel/rootless.js';
import { KERNEL_SCRIPT } from '../../../src/collect/kernel/kernel-script.js';
import { parseSections } from '../../../src/collect/kernel/parse-sections.js';
import { runLocal } from '../../../src/connection/local.js';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

describe('rootlessEntry', () => {
  it('looks for the pid files next to the engine socket', () => {
    expect(rootlessEntry('unix:///run/user/1001/docker.sock')).toEqual({
      pidFiles: ['/run/user/1001/dockerd-rootless/child_pid', '/run/user/1001/docker.pid'],
    });
  });
  it.each([
    undefined,
    'tcp://box:2375',
    'unix://relative',
    'unix:///run/user/../x.sock',
    'unix:///a b/x.sock',
  ])('names no entry for %j', (host) => {
    expect(rootlessEntry(host)).toBeNull();
  });
});

describe('the rootless wrapper', () => {
  it('puts the pid files and the inner argv in positional parameters only', () => {
    const argv = rootlessArgv({ pidFiles: ['/r/a', '/r/b'] }, ['sh', '-c', 'x', 'y']);
    expect(argv).toEqual([
      'sh',
      '-c',
      ROOTLESS_WRAPPER,
      'netlens-rootless',
      '/r/a',
      '/r/b',
      '--',
      'sh',
      '-c',
      'x',
      'y',
    ]);
    expect(() => rootlessArgv({ pidFiles: ['/r/$(x)', '/r/b'] }, ['true'])).toThrow(/refusing/);
  });

  it('refuses a pid file that holds anything but digits, and says where it looked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nl-rootless-'));
    try {
      mkdirSync(join(dir, 'dockerd-rootless'));
      writeFileSync(join(dir, 'dockerd-rootless', 'child_pid'), '1; touch /tmp/pwned\n');
      writeFileSync(join(dir, 'docker.pid'), '');
      const entry = rootlessEntry(`unix://${dir}/docker.sock`);
      if (!entry) throw new Error('no entry');
      const result = await runLocal(rootlessArgv(entry, ['true']));
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(
        `no RootlessKit pid in ${dir}/dockerd-rootless/child_pid or ${dir}/docker.pid`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('enters the namespaces of the pid a file names (its last newline optional)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nl-rootless-'));
    try {
      writeFileSync(join(dir, 'docker.pid'), String(process.pid));
      const entry = rootlessEntry(`unix://${dir}/docker.sock`);
      if (!entry) throw new Error('no entry');
      // Our own namespaces: nsenter -U into one's own user namespace is refused by the kernel (EINVAL),
      // which proves the wrapper got as far as nsenter with the pid from the file.
      const result = await runLocal(rootlessArgv(entry, ['true']));
      expect(result.stderr).toMatch(/nsenter/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("rootless Podman's entry (its pause process)", () => {
  it("reads the pause pid file of the socket's runtime folder and only that user's netns folder", () => {
    expect(podmanRootlessEntry('unix:///run/user/1001/podman/podman.sock')).toEqual({
      pidFiles: ['/run/user/1001/libpod/tmp/pause.pid'],
      podman: { netnsDir: '/var/run/user/1001/netns' },
    });
    for (const host of [
      undefined,
      'unix:///run/podman/podman.sock',
      'unix:///run/user/1001/docker.sock',
      'unix:///run/user/../podman/podman.sock',
      'unix:///run/user/1001/podman/x y.sock',
    ])
      expect(podmanRootlessEntry(host), host).toBeNull();
  });

  it('enters user and mount namespaces only, and tells the script to keep to the folder, without firewall', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nl-podman-'));
    try {
      const pidFile = join(dir, 'pause.pid');
      const entry = { pidFiles: [pidFile], podman: { netnsDir: '/var/run/user/1001/netns' } };
      const argv = rootlessArgv(entry, ['true']);
      expect(argv.slice(0, 7)).toEqual([
        'sh',
        '-c',
        PODMAN_WRAPPER,
        'netlens-podman',
        pidFile,
        '/var/run/user/1001/netns',
        '--',
      ]);
      expect(PODMAN_WRAPPER).toContain('exec nsenter -U -m -t "$p" -- "$@"');
      expect(() => rootlessArgv({ ...entry, podman: { netnsDir: '/x/$(y)' } }, ['true'])).toThrow(/refusing/);
      writeFileSync(pidFile, '1; touch /tmp/pwned\n');
      const refused = await runLocal(argv);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toContain(`no Podman pause process pid in ${pidFile}`);
      // Our own pid: nsenter -U into one's own user namespace is refused (EINVAL), so the wrapper got
      // as far as nsenter; with `env` instead of nsenter the variables the script reads are set.
      writeFileSync(pidFile, String(process.pid));
      expect((await runLocal(argv)).stderr).toMatch(/nsenter/);
      const vars = await runLocal([
        'sh',
        '-c',
        PODMAN_WRAPPER.replace('exec nsenter -U -m -t "$p" --', 'exec'),
        'x',
        pidFile,
        '/var/run/user/1001/netns',
        '--',
        'env',
      ]);
      expect(vars.stdout).toContain('NETLENS_ONLY_NETNS=/var/run/user/1001/netns\n');
      expect(vars.stdout).toContain('NETLENS_NO_FIREWALL=1\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the kernel script as rootless Podman's wrapper starts it", () => {
  it('reads no firewall and no namespace folder but the one it is given', async () => {
    const nonce = 'abcdef0123456789';
    const dir = '/var/run/user/4242424/netns';
    const run = (env: Record<string, string>) =>
      runLocal([
        'env',
        ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
        'sh',
        '-c',
        KERNEL_SCRIPT,
        'k',
        nonce,
        'root',
      ]);
    const told = parseSections(
      (await run({ NETLENS_ONLY_NETNS: dir, NETLENS_NO_FIREWALL: '1' })).stdout,
      '',
      nonce,
    );
    expect(told.complete).toBe(true);
    expect(told.sections.filter((s) => s.name === 'fw' || s.name === 'iptables-version')).toEqual([]);
    expect(told.sections.filter((s) => s.name === 'netns-dir').map((s) => s.args)).toEqual([
      [dir, 'missing'],
    ]);
    // Untold, the same script lists the usual folders (the check above can fail); no firewall read
    // here either: reading iptables is for tests under the docker lock.
    const untold = parseSections((await run({ NETLENS_NO_FIREWALL: '1' })).stdout, '', nonce);
    expect(untold.sections.filter((s) => s.name === 'netns-dir').map((s) => s.args[0])).toContain(
      '/var/run/docker/netns',
    );
  });
});
