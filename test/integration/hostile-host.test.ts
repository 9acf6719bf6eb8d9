// What a hostile container or a planted file on a real host can do to a capture (issue #13): a
// container that renames its interface to hold a control character, a FIFO in a namespace folder.
// Everything is named `nlh-` and removed afterwards.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capture } from '../../src/capture/capturer.js';
import { pollCounters } from '../../src/collect/counters/counters.js';
import { interpretKernelOutput } from '../../src/collect/kernel/kernel.js';
import { kernelArgv, NS_TIMEOUT_S } from '../../src/collect/kernel/kernel-script.js';
import { createLocalConnection, runLocal } from '../../src/connection/local.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { cleanupPrefix, docker, dockerAvailable, ensureTestImage } from '../support/lab.js';

const isRoot = process.getuid?.() === 0;
if (process.env.CI === 'true' && !isRoot) throw new Error('CI: the hostile-host test must run as root');
const enabled = dockerAvailable() && isRoot;

const PREFIX = 'nlh-';
const CONTAINER = 'nlh-ctl';
const ESC_NAME = 'a\u001bb';

const inContainer = (pid: number, ...args: string[]) =>
  execFileSync('nsenter', ['-t', String(pid), '-n', 'ip', ...args], { stdio: 'pipe' });

describe.skipIf(!enabled)('a container with a control character in an interface name', () => {
  let snapshot: Snapshot;
  let pid: number;

  beforeAll(async () => {
    cleanupPrefix(PREFIX);
    docker('run', '-d', '--name', CONTAINER, ensureTestImage(), 'sleep', '3600');
    pid = Number(docker('inspect', '-f', '{{.State.Pid}}', CONTAINER));
    // What anyone with NET_ADMIN inside the container can do.
    inContainer(pid, 'link', 'set', 'eth0', 'down');
    inContainer(pid, 'link', 'set', 'eth0', 'name', ESC_NAME);
    inContainer(pid, 'link', 'set', ESC_NAME, 'up');
    const conn = createLocalConnection();
    try {
      snapshot = await capture(conn, { target: 'local' });
    } finally {
      await conn.close();
    }
  });
  afterAll(() => cleanupPrefix(PREFIX));

  it('reads its namespace whole: the renamed interface with its address, joined to its host veth', () => {
    const ip = docker('inspect', '-f', '{{.NetworkSettings.IPAddress}}', CONTAINER);
    const ns = snapshot.namespaces.find((n) => n.containers.includes(CONTAINER));
    expect(ns?.interfaces.sort()).toEqual([`${ns?.id ?? ''}/${ESC_NAME}`, `${ns?.id ?? ''}/lo`].sort());
    const inner = snapshot.interfaces.find((i) => i.id === `${ns?.id ?? ''}/${ESC_NAME}`);
    expect(inner?.kind).toBe('veth');
    expect(inner?.addresses.map((a) => a.address)).toContain(ip);
    const outer = snapshot.interfaces.find((i) => i.id === inner?.peer);
    expect(outer?.namespace).toBe('host');
    expect(outer?.peer).toBe(inner?.id);
    expect(outer?.master).toBe('host/docker0');
    const endpoint = snapshot.containers.find((c) => c.name === CONTAINER)?.endpoints[0];
    expect(endpoint?.interface).toBe(inner?.id);
  });

  it('reports no dangling veth and no unread namespace, and says the name holds control characters', () => {
    const outer = snapshot.interfaces.find((i) => i.peer?.endsWith(`/${ESC_NAME}`));
    expect(snapshot.findings.filter((f) => outer && f.subjects.includes(outer.id))).toEqual([]);
    const messages = snapshot.warnings.map((w) => w.message);
    expect(messages.filter((m) => /not JSON|could not read interfaces/.test(m))).toEqual([]);
    expect(messages).toContainEqual(
      expect.stringContaining('"a\\u001bb" has control characters in its name'),
    );
  });
});

const NETNS_DIR = '/var/run/netns';
const FIFO = `${NETNS_DIR}/nlh-fifo`;
const SLOW_NETNS = 'nlh-slow';

describe.skipIf(!enabled)('files in a namespace folder that are not namespaces', () => {
  let madeDir = false;
  let bin = '';

  beforeAll(() => {
    cleanupPrefix(PREFIX);
    if (!existsSync(NETNS_DIR)) {
      mkdirSync(NETNS_DIR, { recursive: true });
      madeDir = true;
    }
    rmSync(FIFO, { force: true });
    execFileSync('mkfifo', [FIFO]);
    docker('run', '-d', '--name', CONTAINER, ensureTestImage(), 'sleep', '3600');
    execFileSync('ip', ['netns', 'add', SLOW_NETNS]);
    // An nsenter that never answers for one namespace (the real one for every other), standing in
    // for a namespace whose read hangs, to prove the per-namespace timeout.
    bin = mkdtempSync(join(tmpdir(), 'nlh-bin-'));
    writeFileSync(
      join(bin, 'nsenter'),
      `#!/bin/sh\ncase "$1" in --net=${NETNS_DIR}/${SLOW_NETNS}) exec sleep 300 ;; esac\nexec ${execFileSync('sh', ['-c', 'command -v nsenter'], { encoding: 'utf8' }).trim()} "$@"\n`,
    );
    chmodSync(join(bin, 'nsenter'), 0o755);
  });
  afterAll(() => {
    rmSync(FIFO, { force: true });
    try {
      execFileSync('ip', ['netns', 'del', SLOW_NETNS], { stdio: 'pipe' });
    } catch {
      // already gone
    }
    if (bin) rmSync(bin, { recursive: true, force: true });
    cleanupPrefix(PREFIX);
    // `ip netns add` bind-mounts the folder on itself and leaves it so; then it stays.
    if (madeDir && readdirSync(NETNS_DIR).length === 0) {
      try {
        rmSync(NETNS_DIR, { recursive: true });
      } catch {
        // a mount point
      }
    }
  });

  it('a FIFO in /var/run/netns does not hang the capture, and is neither entered nor reported', async () => {
    const conn = createLocalConnection();
    let snapshot: Snapshot;
    try {
      snapshot = await capture(conn, { target: 'local' });
    } finally {
      await conn.close();
    }
    expect(snapshot.namespaces.some((n) => n.path === FIFO)).toBe(false);
    expect(snapshot.warnings.filter((w) => w.message.includes('nlh-fifo'))).toEqual([]);
    const ns = snapshot.namespaces.find((n) => n.containers.includes(CONTAINER));
    expect(ns?.interfaces.length).toBe(2);
    expect(snapshot.namespaces.some((n) => n.path === `${NETNS_DIR}/${SLOW_NETNS}`)).toBe(true);

    // The counters poll, given the FIFO as a namespace (a file swapped after the capture), skips it.
    snapshot.namespaces.push({ ...snapshot.namespaces[0]!, id: 'netns:1', kind: 'netns', path: FIFO });
    const poll = createLocalConnection();
    try {
      const sample = await pollCounters(poll, snapshot);
      expect(sample.problems).toEqual([]);
      expect(sample.interfaces.get(`${ns?.id ?? ''}/eth0`)).toBeDefined();
    } finally {
      await poll.close();
    }
  });

  it('a namespace that does not answer is given up after the per-namespace timeout; the rest is read', async () => {
    const nonce = 'feedface00000013';
    const argv = ['env', `PATH=${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, ...kernelArgv(nonce, true)];
    const result = await runLocal(argv, { timeoutMs: (NS_TIMEOUT_S + 50) * 1000 });
    expect(result.code).toBe(0);
    const { kernel } = interpretKernelOutput(result.stdout, result.stderr, nonce, result.code);
    const slow = kernel.namespaces.find((n) => n.path === `${NETNS_DIR}/${SLOW_NETNS}`);
    expect(slow?.error).toBe(
      `could not read interfaces, IPv4 routes, IPv6 routes: no answer within ${NS_TIMEOUT_S} s`,
    );
    const pid = docker('inspect', '-f', '{{.State.Pid}}', CONTAINER);
    const key = docker('inspect', '-f', '{{.NetworkSettings.SandboxKey}}', CONTAINER);
    const container = kernel.namespaces.find((n) => n.path === key);
    expect(container?.error, `container ${pid}`).toBeNull();
    expect(container?.links.map((l) => l.name).sort()).toEqual(['eth0', 'lo']);
    expect(kernel.namespaces.some((n) => n.path === FIFO)).toBe(false);
  });
});
