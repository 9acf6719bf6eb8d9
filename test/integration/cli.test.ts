// The `netlens` command as a user runs it (the built bin): output, exit codes, one-line errors.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Snapshot } from '../../src/model/snapshot.js';
import { cleanupPrefix, docker, dockerAvailable, ensureTestImage } from '../support/lab.js';
import { sshdSkipReason, startSshd } from '../support/sshd.js';
import type { Sshd } from '../support/sshd.js';

const BIN = 'bin/netlens.js';
const built = existsSync('dist/src/cli/main.js');
if (!built && process.env.CI === 'true') throw new Error('CI: run `npm run build` before the CLI tests');
const enabled = built && dockerAvailable() && sshdSkipReason() === undefined;

function netlens(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A failure is one line starting with `netlens:` (or `netlens <command>:`) and no stack trace. */
function expectOneLineError(r: { code: number | null; stderr: string }, pattern: RegExp) {
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^netlens( [a-z]+)?: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe.skipIf(!enabled)('netlens CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netlens-cli-'));
  let sshd: Sshd;

  beforeAll(async () => {
    cleanupPrefix('nlq-');
    docker('network', 'create', '--subnet', '10.233.1.0/24', 'nlq-net');
    docker(
      'run',
      '-d',
      '--name',
      'nlq-web',
      '--network',
      'nlq-net',
      '-p',
      '28181:80',
      ensureTestImage(),
      'sleep',
      '600',
    );
    sshd = await startSshd();
  });

  afterAll(async () => {
    cleanupPrefix('nlq-');
    await sshd?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints a readable summary of the local host', () => {
    const r = netlens(['snapshot', '--summary']);
    expect(r.code).toBe(0);
    const ip = docker(
      'inspect',
      '-f',
      '{{(index .NetworkSettings.Networks "nlq-net").IPAddress}}',
      'nlq-web',
    );
    expect(r.stdout).toMatch(/^Host .* · Docker /);
    expect(r.stdout).toMatch(
      new RegExp(`nlq-net \\(bridge, 10\\.233\\.1\\.0/24 gw 10\\.233\\.1\\.1\\) → br-[0-9a-f]{12}`),
    );
    expect(r.stdout).toMatch(
      new RegExp(`veth\\w+ \\[\\d+\\] ↔ nlq-web:eth0 \\[\\d+\\] ${ip.replace(/\./g, '\\.')}`),
    );
    expect(r.stdout).toContain(`tcp 0.0.0.0:28181 → ${ip}:80 nlq-web on nlq-net`);
  });

  it('writes valid JSON to a file and saves to a store; diff exits 0 when equal and 1 when not', () => {
    const a = join(dir, 'a.json');
    const store = join(dir, 'store');
    const r = netlens(['snapshot', '-o', a, '--pretty', '--save', 'before', '--store', store]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/saved as .* \(before\)/);
    expect(() => Snapshot.parse(JSON.parse(readFileSync(a, 'utf8')))).not.toThrow();
    // A device is written to, never replaced by the atomic rename (that once turned /dev/null into a file).
    expect(netlens(['snapshot', '-o', '/dev/null']).code).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(netlens(['diff', a, a]).code).toBe(0);
    docker('rm', '-f', 'nlq-web');
    const d = netlens(['diff', '--store', store, 'before', '--host', 'local']);
    expect(d.code).toBe(1);
    expect(d.stdout).toMatch(/nlq-web/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"schema":"netlens.snapshot/v1","capturedAt":3}');
    expectOneLineError(netlens(['diff', bad, a]), /capturedAt/);
  });

  it('captures over SSH, and refuses an unknown host key until told to accept it', () => {
    const target = `ssh://root@127.0.0.1:${sshd.port}`;
    const knownHosts = join(dir, 'known_hosts');
    writeFileSync(knownHosts, '');
    const refused = netlens([
      'snapshot',
      '--host',
      target,
      '-i',
      sshd.identityFile,
      '--known-hosts',
      knownHosts,
    ]);
    expectOneLineError(refused, /--accept-new-host-key/);
    expect(refused.stderr).toContain(sshd.hostKeyFingerprint);
    const ok = netlens([
      'snapshot',
      '--summary',
      '--host',
      target,
      '-i',
      sshd.identityFile,
      '--known-hosts',
      knownHosts,
      '--accept-new-host-key',
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^Host .*\(ssh:\/\/root@127\.0\.0\.1:\d+\)/);
    expect(readFileSync(knownHosts, 'utf8')).not.toBe('');
  });

  it('explains unreachable hosts and a missing Docker engine in one line', () => {
    expectOneLineError(netlens(['snapshot', '--host', 'root@127.0.0.1:1']), /refused the SSH connection/);
    expectOneLineError(
      netlens(['snapshot'], { DOCKER_HOST: `unix://${join(dir, 'nope.sock')}` }),
      /no Docker socket/,
    );
  });
});
