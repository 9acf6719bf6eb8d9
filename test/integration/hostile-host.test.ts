// What a hostile container or a planted file on a real host can do to a capture (issue #13): a
// container that renames its interface to hold a control character, a FIFO in a namespace folder.
// Everything is named `nlh-` and removed afterwards.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capture } from '../../src/capture/capturer.js';
import { createLocalConnection } from '../../src/connection/local.js';
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
