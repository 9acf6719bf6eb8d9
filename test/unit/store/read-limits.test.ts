// Reading what the user names is bounded even where stat cannot tell the size: a device that never
// ends, a pipe (issue #13, item 7).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/index.js';
import { readFileLimited } from '../../../src/store/read-limited.js';
import { loadSnapshotFile } from '../../../src/store/resolve-ref.js';
import { buildSnapshot } from '../../support/snapshot-factory/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nlh-limit-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bounded reads', () => {
  it('stops reading /dev/zero at the limit', async () => {
    await expect(readFileLimited('/dev/zero', 3 * 2 ** 20)).rejects.toThrow('/dev/zero is larger than 3 MB');
    expect((await readFileLimited('/dev/null', 10)).length).toBe(0);
  });

  it('`snapshots import /dev/zero` and `diff /dev/zero …` fail at 512 MB instead of growing', async () => {
    const store = openStore(join(dir, 'store'));
    await expect(store.importFile('/dev/zero')).rejects.toThrow('/dev/zero is larger than 512 MB');
    await expect(loadSnapshotFile('/dev/zero')).rejects.toThrow('/dev/zero is larger than 512 MB');
    expect(process.memoryUsage().rss).toBeLessThan(4 * 2 ** 30);
  });

  it('still imports a snapshot that arrives through a pipe', async () => {
    const fifo = join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', 'cat > "$1"', 'writer', fifo], { stdio: ['pipe', 'ignore', 'ignore'] });
    writer.stdin.end(JSON.stringify(buildSnapshot()));
    const meta = await openStore(join(dir, 'store')).importFile(fifo);
    expect(meta.name).toBe('pipe');
  });
});
