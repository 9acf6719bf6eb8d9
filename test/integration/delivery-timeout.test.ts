// The kernel script's `listen` (ss) and `proxy` (docker-proxy command lines) sections run under the same
// per-section timeout as a namespace read: an `ss` that never answers and a read of a docker-proxy's
// /proc/<pid>/cmdline that blocks (a process stuck with its memory map locked) cost NS_TIMEOUT_S each,
// not the capture. Real script, real dockerd and docker-proxy; stand-ins for ss and grep that hang
// (the real grep for anything else). Everything is named `nlq-` and removed afterwards.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interpretKernelOutput } from '../../src/collect/kernel/kernel.js';
import { kernelArgv, NS_TIMEOUT_S } from '../../src/collect/kernel/kernel-script.js';
import { runLocal } from '../../src/connection/local.js';
import { cleanupPrefix, docker, dockerAvailable, ensureTestImage } from '../support/lab.js';

const isRoot = process.getuid?.() === 0;
if (process.env.CI === 'true' && !isRoot) throw new Error('CI: the delivery timeout test must run as root');
const enabled = dockerAvailable() && isRoot;

const PREFIX = 'nlq-';
const CONTAINER = 'nlq-pub';

/** Pids of the docker-proxy processes forwarding to this address. */
function proxiesTo(ip: string): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        const argv = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
        return argv[0]?.endsWith('docker-proxy') === true && argv.includes(ip);
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

describe.skipIf(!enabled)('ss and docker-proxy sections that hang', () => {
  let bin = '';
  let ip = '';

  beforeAll(() => {
    cleanupPrefix(PREFIX);
    docker('run', '-d', '--name', CONTAINER, '-p', '127.0.0.1::80/tcp', ensureTestImage(), 'sleep', '3600');
    ip = docker('inspect', '-f', '{{.NetworkSettings.IPAddress}}', CONTAINER);
    bin = mkdtempSync(join(tmpdir(), 'nlq-bin-'));
    const real = (name: string) =>
      execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    writeFileSync(join(bin, 'ss'), '#!/bin/sh\nexec sleep 297\n');
    // Blocks on a docker-proxy's command line as the kernel would; the real grep otherwise (the probe).
    writeFileSync(
      join(bin, 'grep'),
      `#!/bin/sh\nfor a; do case $a in /proc/*/cmdline) exec sleep 297 ;; esac; done\nexec ${real('grep')} "$@"\n`,
    );
    for (const f of ['ss', 'grep']) chmodSync(join(bin, f), 0o755);
  });
  afterAll(() => {
    if (bin) rmSync(bin, { recursive: true, force: true });
    cleanupPrefix(PREFIX);
  });

  it(
    'each is given up after the per-section timeout, said once, and the rest of the capture is read',
    async () => {
      // The userland proxy must be there for the proxy section to read a command line at all.
      expect(proxiesTo(ip).length, `a docker-proxy to ${ip}`).toBeGreaterThan(0);
      const nonce = 'feedface00000012';
      const argv = ['env', `PATH=${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, ...kernelArgv(nonce, true)];
      // Both hang: two timeouts and change, far below the stand-ins' 297 s.
      const result = await runLocal(argv, { timeoutMs: (2 * NS_TIMEOUT_S + 50) * 1000 });
      expect(result.code).toBe(0);
      const { kernel, firewall } = interpretKernelOutput(result.stdout, result.stderr, nonce, result.code);
      expect(kernel.listeners).toBeNull();
      expect(kernel.proxies).toBeNull();
      expect(kernel.problems).toEqual(
        expect.arrayContaining([
          `listening sockets: no answer within ${NS_TIMEOUT_S} s`,
          `docker-proxy processes: no answer within ${NS_TIMEOUT_S} s`,
        ]),
      );
      expect(kernel.sysctls?.ipForward).toBe(true);
      const key = docker('inspect', '-f', '{{.NetworkSettings.SandboxKey}}', CONTAINER);
      const ns = kernel.namespaces.find((n) => n.path === key);
      expect(ns?.error).toBeNull();
      expect(ns?.links.map((l) => l.name).sort()).toEqual(['eth0', 'lo']);
      expect(Object.keys(firewall).length).toBeGreaterThan(0);
      // No stand-in outlives its timeout.
      expect(execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })).not.toMatch(/^sleep 297$/m);
      // Longer than the exec's own bound, so a hang fails there, saying so.
    },
    (2 * NS_TIMEOUT_S + 60) * 1000,
  );
});
