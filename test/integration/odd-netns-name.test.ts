// Namespace files whose names the kernel script must hex-encode (here a newline), in Docker's own
// folder, against the real kernel: after an event the scan lists the folder's files with one printf
// when every name is plain, and encodes each file when one is not. A name split over two lines would
// shift every later file's index, and the update would read the wrong files and miss new ones.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCapturer } from '../../src/capture/capturer.js';
import { createLocalConnection } from '../../src/connection/local.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { dockerAvailable } from '../support/lab.js';

const root = process.getuid?.() === 0;
if (!root && process.env.CI === 'true') throw new Error('CI: the odd namespace name test needs root');
const enabled = root && dockerAvailable();

const DIR = '/var/run/docker/netns';
// In C collation ' ' sorts before '-': the odd file comes before the later one.
const ODD = `${DIR}/nlo odd\nname`;
const LATER = `${DIR}/nlo-later`;
const NAMES = ['nlo-a', 'nlo-b'];
const run = (cmd: string, ...args: string[]) =>
  execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
const quietly = (f: () => unknown) => {
  try {
    f();
  } catch {
    // Not there: nothing to undo.
  }
};
/** A file in Docker's folder holding a namespace of our own, as Docker binds a sandbox's. */
function bind(file: string, netns: string) {
  run('ip', 'netns', 'add', netns);
  writeFileSync(file, '');
  run('mount', '--bind', `/var/run/netns/${netns}`, file);
}
const cleanup = () => {
  for (const file of [ODD, LATER]) {
    quietly(() => run('umount', file));
    if (existsSync(file)) rmSync(file);
  }
  for (const name of NAMES) quietly(() => run('ip', 'netns', 'del', name));
};
const paths = (s: Snapshot) => s.namespaces.map((ns) => ns.path);
/** No container has this id: the update is one after an event, as the live session makes them. */
const NO_CONTAINER = '0'.repeat(64);

describe.skipIf(!enabled)('a namespace file in Docker folder with a name that needs encoding', () => {
  const conn = createLocalConnection();
  beforeAll(() => {
    cleanup();
    bind(ODD, 'nlo-a');
  });
  afterAll(async () => {
    cleanup();
    await conn.close();
  });

  it('is found by a full capture, and an event update still finds a new file listed after it', async () => {
    const capturer = createCapturer(conn);
    const first = await capturer.capture({ full: true });
    expect(paths(first.snapshot)).toContain(ODD);
    bind(LATER, 'nlo-b');
    const update = await capturer.capture({ changed: [NO_CONTAINER] });
    expect(update.kind).not.toBe('full');
    expect(paths(update.snapshot)).toEqual(expect.arrayContaining([ODD, LATER]));
    const later = update.snapshot.namespaces.find((ns) => ns.path === LATER);
    expect(later?.interfaces.length).toBeGreaterThan(0);
  });
});
