// A saved host's "never use sudo -n" (#10 item 5): the kernel script then runs unprivileged without
// trying sudo at all. The command is run for real by sh with a `sudo` on PATH that records each call.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kernelCommand } from '../../../src/collect/kernel/kernel-script.js';

const dir = mkdtempSync(join(tmpdir(), 'nlk-sudo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const marker = join(dir, 'sudo-was-run');
writeFileSync(join(dir, 'sudo'), `#!/bin/sh\necho "$@" > '${marker}'\nexit 1\n`);
chmodSync(join(dir, 'sudo'), 0o755);

function run(sudo: boolean): string {
  rmSync(marker, { force: true });
  const [file, ...args] = kernelCommand('0123456789abcdef', false, undefined, sudo).argv;
  return execFileSync(file ?? 'sh', args, {
    env: { ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}` },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    timeout: 60_000,
  });
}

describe('the sudo setting of a host', () => {
  it('by default a non-root run tries sudo -n first', () => {
    const out = run(true);
    expect(existsSync(marker)).toBe(true);
    expect(out).toContain('@@0123456789abcdef sudo-failed 1');
  });

  it('"never use sudo -n": sudo is not run, the script starts unprivileged', () => {
    const out = run(false);
    expect(existsSync(marker)).toBe(false);
    expect(out).not.toContain('sudo-failed');
    expect(out).toMatch(/@@0123456789abcdef start \S+ none\n/);
  });
});
