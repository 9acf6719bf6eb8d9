// Entering a rootless engine's namespaces: which pid files are read, and that only validated paths
// and the constant wrapper reach the one exec.
import { describe, expect, it } from 'vitest';
import { ROOTLESS_WRAPPER, rootlessArgv, rootlessEntry } from '../../../src/collect/kernel/rootless.js';
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
