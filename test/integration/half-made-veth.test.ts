// A host veth read half-made by an update in part, against the real kernel: Docker makes a veth pair in
// the host and then moves one end into the container's namespace; an update that ran in between read
// the host end with its peer still in the host. The next update in part must read it again (the
// issue #13 soak showed such a veth unpaired, with a dangling-veth warning, for as long as the churn
// lasted). A pair and a namespace of our own (nlh-…) stand in for Docker's.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readKernel, type KernelReading } from '../../src/collect/kernel/read-kernel.js';
import { createLocalConnection } from '../../src/connection/local.js';

const root = process.getuid?.() === 0;
if (!root && process.env.CI === 'true') throw new Error('CI: the half-made veth test needs root');

const HOST_END = 'nlh-va';
const PEER = 'nlh-vb';
const NETNS = 'nlh-ns';
const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] });
const quietly = (f: () => unknown) => {
  try {
    f();
  } catch {
    // Not there: nothing to remove.
  }
};
const cleanup = () => {
  quietly(() => ip('link', 'del', HOST_END));
  quietly(() => ip('netns', 'del', NETNS));
};
const hostEnd = (r: KernelReading) => r.kernel.host?.links.find((l) => l.name === HOST_END);
/** An update after some other container's event: the host read in part, nothing named. */
const update = (conn: ReturnType<typeof createLocalConnection>, last: KernelReading) =>
  readKernel(conn, last.cache, { part: true, reread: new Set(), firewall: false });

describe.skipIf(!root)('a host veth read while its peer was still in the host', () => {
  const conn = createLocalConnection();
  beforeAll(cleanup);
  afterAll(async () => {
    cleanup();
    await conn.close();
  });

  it('is read again by the next update once its peer is in a namespace', async () => {
    const first = await readKernel(conn);
    ip('link', 'add', HOST_END, 'type', 'veth', 'peer', 'name', PEER);
    const half = await update(conn, first);
    expect(hostEnd(half)?.linkNetnsId).toBeNull();
    expect(half.kernel.host?.links.some((l) => l.name === PEER)).toBe(true);

    ip('netns', 'add', NETNS);
    ip('link', 'set', PEER, 'netns', NETNS);
    const next = await update(conn, half);
    const full = await readKernel(conn);
    expect(next.kernel.host?.links.some((l) => l.name === PEER)).toBe(false);
    expect(hostEnd(next)?.linkNetnsId).not.toBeNull();
    expect(hostEnd(next)?.linkNetnsId).toBe(hostEnd(full)?.linkNetnsId);
    expect(hostEnd(next)?.linkIndex).toBe(hostEnd(full)?.linkIndex);
  });
});
