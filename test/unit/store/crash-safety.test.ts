import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/index.js';
import { buildSnapshot } from '../../support/snapshot-factory/index.js';

const writer = fileURLToPath(new URL('./crash-writer.ts', import.meta.url));
let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('store crash safety', () => {
  it('keeps the old file and a usable list when a writer is killed mid-write', async () => {
    dir = await mkdtemp(join(tmpdir(), 'nld-crash-'));
    const store = openStore(join(dir, 'snapshots'));
    const original = buildSnapshot({ containers: [{ name: 'web' }] });
    const meta = await store.save(original, { name: 'original' });
    const other = await store.save(buildSnapshot({ host: { name: 'lab-02' } }), { name: 'other' });

    const child = spawn(process.execPath, ['--import', 'tsx', writer, store.dir, meta.id], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(child, 'exit');

    // Poll until the temp file holds some of the new content, then kill at once.
    let partial: { name: string; size: number } | null = null;
    const deadline = Date.now() + 30_000;
    while (!partial && Date.now() < deadline && child.exitCode === null) {
      for (const name of await readdir(store.dir)) {
        if (!name.startsWith(`.${meta.id}.json.`) || !name.endsWith('.tmp')) continue;
        const st = await stat(join(store.dir, name)).catch(() => null);
        if (st && st.size > 0) partial = { name, size: st.size };
      }
      if (!partial) await new Promise((resolve) => setImmediate(resolve));
    }
    child.kill('SIGKILL');
    await exited;

    expect(output).not.toContain('done');
    const seen = partial as { name: string; size: number } | null;
    expect(seen, `the writer never started writing (output: ${output})`).not.toBeNull();
    expect(seen?.size).toBeLessThan(64 << 20);
    expect(await store.open(meta.id)).toEqual(original);
    const listed = await store.list();
    const byId = (x: { id: string }, y: { id: string }) => (x.id < y.id ? -1 : 1);
    expect(listed.map((e) => ({ id: e.id, name: e.name, error: e.error })).sort(byId)).toEqual(
      [
        { id: meta.id, name: 'original', error: undefined },
        { id: other.id, name: 'other', error: undefined },
      ].sort(byId),
    );
    // The interrupted temp file is still there (fresh), ignored by the list and harmless to the next save.
    expect((await readdir(store.dir)).some((n) => n.endsWith('.tmp'))).toBe(true);
    await store.save(original, { name: 'again', id: meta.id });
    expect((await store.meta(meta.id)).name).toBe('again');
  });
});
