// A container namespace file no running container claims, against the real kernel and engine: Docker
// calls a container stopped (its sandbox key cleared) a moment before it unmounts the namespace file,
// and a live capture that read the file in between showed it as an anonymous namespace. An update keeps
// a listed file's last reading unless something names its path, and no event does: the issue #13 soak
// showed such dead namespaces (`netns:<inode>`, their veths dangling) until Docker deleted the file. A
// namespace of our own bound at a sandbox-like name in Docker's folder, then unmounted as Docker
// does, stands in for one.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCapturer } from '../../src/capture/capturer.js';
import { createLocalConnection } from '../../src/connection/local.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { dockerAvailable } from '../support/lab.js';

const root = process.getuid?.() === 0;
if (!root && process.env.CI === 'true') throw new Error('CI: the unclaimed namespace test needs root');
const enabled = root && dockerAvailable();

const NETNS = 'nlh-unclaimed';
const FILE = `/var/run/docker/netns/${randomBytes(6).toString('hex')}`;
const run = (cmd: string, ...args: string[]) =>
  execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
const quietly = (f: () => unknown) => {
  try {
    f();
  } catch {
    // Not there: nothing to undo.
  }
};
const cleanup = () => {
  quietly(() => run('umount', FILE));
  if (existsSync(FILE)) rmSync(FILE);
  quietly(() => run('ip', 'netns', 'del', NETNS));
};
const at = (s: Snapshot) => s.namespaces.find((ns) => ns.path === FILE);
/** No container has this id: the update is one after an event, as the live session makes them. */
const NO_CONTAINER = '0'.repeat(64);

describe.skipIf(!enabled)('a container namespace file no running container claims', () => {
  const conn = createLocalConnection();
  beforeAll(() => {
    cleanup();
    run('ip', 'netns', 'add', NETNS);
    writeFileSync(FILE, '');
    run('mount', '--bind', `/var/run/netns/${NETNS}`, FILE);
    run('ip', 'netns', 'del', NETNS);
  });
  afterAll(async () => {
    cleanup();
    await conn.close();
  });

  it('is read again by the next update, which drops it once it is unmounted', async () => {
    const capturer = createCapturer(conn);
    const first = await capturer.capture({ full: true });
    expect(at(first.snapshot)?.id).toMatch(/^netns:\d+$/);

    run('umount', FILE);
    const next = await capturer.capture({ changed: [NO_CONTAINER] });
    expect(next.kind).toBe('update');
    expect(at(next.snapshot)).toBeUndefined();
  });
});
