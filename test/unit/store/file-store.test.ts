import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/api/contract.js';
import { loadSnapshot, openStore, type SnapshotFileStore } from '../../../src/store/index.js';
import { buildSnapshot } from '../../support/snapshot-factory/index.js';

const web = buildSnapshot({ containers: [{ name: 'web', ports: [{ containerPort: 80, hostPort: 8080 }] }] });
const db = buildSnapshot({ host: { name: 'lab-02' }, containers: [{ name: 'db' }, { name: 'cache' }] });

let dir: string;
let store: SnapshotFileStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nld-store-'));
  store = openStore(join(dir, 'snapshots'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe('file store', () => {
  it('saves, lists, opens, renames and deletes', async () => {
    expect(await store.list()).toEqual([]);
    const meta = await store.save(web, { name: 'before upgrade', note: 'checked by hand' });
    expect(meta).toMatchObject({
      name: 'before upgrade',
      note: 'checked by hand',
      host: 'lab-01',
      target: 'local',
      containers: 1,
      capturedAt: web.capturedAt,
    });
    expect(meta.id).toMatch(/^\d{8}-\d{6}-[0-9a-f]{6}$/);
    expect(meta.bytes).toBe((await stat(join(store.dir, `${meta.id}.json`))).size);
    expect(await store.list()).toEqual([meta]);
    expect(await store.open(meta.id)).toEqual(web);

    const renamed = await store.rename(meta.id, 'after upgrade');
    expect(renamed).toMatchObject({
      id: meta.id,
      name: 'after upgrade',
      note: 'checked by hand',
      savedAt: meta.savedAt,
    });
    expect((await store.list())[0]?.name).toBe('after upgrade');

    await store.delete(meta.id);
    expect(await store.list()).toEqual([]);
    expect(await readdir(store.dir)).toEqual([]);
    expect((await rejection(store.open(meta.id))).code).toBe('not-found');
    expect((await rejection(store.delete(meta.id))).code).toBe('not-found');
  });

  it('lists from sidecars and rebuilds a missing, corrupt or stale one', async () => {
    const a = await store.save(web, { name: 'a' });
    const b = await store.save(db, { name: 'b' });
    await rm(join(store.dir, `${a.id}.meta.json`));
    await writeFile(join(store.dir, `${b.id}.meta.json`), '{"v":1,"meta":');
    const listed = await store.list();
    expect(listed.map((e) => e.name).sort()).toEqual(['a', 'b']);
    expect(listed.find((e) => e.id === a.id)).toEqual(a);
    expect(JSON.parse(await readFile(join(store.dir, `${a.id}.meta.json`), 'utf8'))).toMatchObject({
      v: 1,
      meta: a,
    });

    // Another program replaced the snapshot file: the sidecar no longer matches it and is ignored.
    const file = join(store.dir, `${a.id}.json`);
    const doc = JSON.parse(await readFile(file, 'utf8')) as {
      containers: unknown[];
      savedAs: { name: string };
    };
    doc.containers = [];
    doc.savedAs.name = 'edited';
    await writeFile(file, JSON.stringify(doc));
    expect((await store.list()).find((e) => e.id === a.id)).toMatchObject({ name: 'edited', containers: 0 });
  });

  it('keeps working when one file is broken, and says which and why', async () => {
    const good = await store.save(web, { name: 'good' });
    const bad = await store.save(db, { name: 'bad' });
    const badFile = join(store.dir, `${bad.id}.json`);
    const doc = JSON.parse(await readFile(badFile, 'utf8')) as { containers: { name: unknown }[] };
    if (doc.containers[1]) doc.containers[1].name = null;
    await writeFile(badFile, JSON.stringify(doc));
    await writeFile(join(store.dir, 'notes.json'), '{"todo": "buy milk"}');
    await writeFile(
      join(store.dir, 'future.json'),
      JSON.stringify({ ...web, schema: 'netlens.snapshot/v2' }),
    );

    const listed = await store.list();
    expect(listed).toHaveLength(4);
    expect(listed.find((e) => e.id === good.id)?.error).toBeUndefined();
    expect(listed.find((e) => e.id === bad.id)?.error).toBe('containers[1].name: expected string, got null');
    expect(listed.find((e) => e.id === 'notes')?.error).toBe('not a Netlens snapshot');
    expect(listed.find((e) => e.id === 'future')?.error).toBe(
      'made by a newer Netlens (v2); this one reads v1',
    );
    expect(await store.open(good.id)).toEqual(web);
    const error = await rejection(store.open(bad.id));
    expect(error.code).toBe('bad-request');
    expect(error.message).toBe(`snapshot ${bad.id}: containers[1].name: expected string, got null`);
  });

  it('refuses ids that could leave the folder', async () => {
    for (const id of [
      '../x',
      '..',
      'a/b',
      'a\\b',
      '/etc/passwd',
      '',
      '.hidden',
      'x.meta',
      'NUL',
      `${'a'.repeat(129)}`,
    ]) {
      expect((await rejection(store.open(id))).code).toBe('bad-request');
      expect((await rejection(store.delete(id))).code).toBe('bad-request');
      expect((await rejection(store.rename(id, 'x'))).code).toBe('bad-request');
      expect((await rejection(store.save(web, { name: 'x', id }))).code).toBe('bad-request');
      expect((await rejection(store.exportSnapshot(id))).code).toBe('bad-request');
    }
    expect(await readdir(dir)).toEqual([]);
  });

  it('replaces a snapshot in place when saving under its id', async () => {
    const first = await store.save(web, { name: 'rolling' });
    const second = await store.save(db, { name: 'rolling', id: first.id });
    expect(second.id).toBe(first.id);
    expect(await store.open(first.id)).toEqual(db);
    expect(await store.list()).toHaveLength(1);
  });

  it('imports plain and gzipped files, by path or by content', async () => {
    const plain = join(dir, 'plain.json');
    const packed = join(dir, 'monday.netlens.json.gz');
    await writeFile(plain, JSON.stringify(web));
    await writeFile(
      packed,
      gzipSync(
        JSON.stringify({
          ...db,
          savedAs: { name: 'from lab-02', note: 'n', savedAt: '2025-01-01T00:00:00.000Z' },
        }),
      ),
    );
    expect(await store.importFile(plain)).toMatchObject({
      name: 'plain',
      note: 'imported from plain.json',
      containers: 1,
    });
    expect(await store.importFile(packed)).toMatchObject({ name: 'from lab-02', note: 'n', containers: 2 });
    const viaApi = await store.importFile('upload.json.gz', gzipSync(JSON.stringify(web)).toString('base64'));
    expect(viaApi.name).toBe('upload');
    expect(await store.open(viaApi.id)).toEqual(web);
    expect((await rejection(store.importFile('x.json', '{"hello": 1}'))).message).toBe(
      'not a Netlens snapshot',
    );
    expect((await rejection(store.importFile(join(dir, 'missing.json')))).code).toBe('not-found');
    expect(await store.list()).toHaveLength(3);
  });

  it('exports with the name, or redacted without it', async () => {
    const meta = await store.save(web, { name: 'Prod / before', note: 'secret plan' });
    const plain = await store.exportSnapshot(meta.id);
    expect(plain.fileName).toBe('Prod-before.netlens.json');
    expect(loadSnapshot(plain.content)).toEqual(web);
    expect(plain.content).toContain('secret plan');
    const redacted = await store.exportSnapshot(meta.id, { redact: true, key: 'k' });
    expect(redacted.fileName).toBe(`snapshot-${meta.id}-redacted.netlens.json`);
    expect(redacted.content).not.toContain('secret plan');
    expect(redacted.content).not.toContain('"web"');
    expect(loadSnapshot(redacted.content).containers).toHaveLength(1);
    expect((await store.exportSnapshot(meta.id, { redact: true, key: 'k' })).content).toBe(redacted.content);
  });

  it('removes temp files left by a crashed writer once they are old', async () => {
    await store.save(web, { name: 'x' });
    const fresh = join(store.dir, '.abc.json.123.deadbeef.tmp');
    const stale = join(store.dir, '.def.json.456.deadbeef.tmp');
    await writeFile(fresh, '{"partial');
    await writeFile(stale, '{"partial');
    const old = new Date(Date.now() - 2 * 3600_000);
    await utimes(stale, old, old);
    expect(await store.list()).toHaveLength(1);
    const left = await readdir(store.dir);
    expect(left).toContain('.abc.json.123.deadbeef.tmp');
    expect(left).not.toContain('.def.json.456.deadbeef.tmp');
  });

  it('lists 500 snapshots (benchmark)', async () => {
    // Saved once, then copied: the files are what a store of 500 holds, without 500 fsyncs to set up.
    const first = await store.save(buildSnapshot({ containers: [{ name: 'web' }] }), { name: 'snap' });
    const text = await readFile(join(store.dir, `${first.id}.json`));
    await Promise.all(
      Array.from({ length: 499 }, (_, i) => writeFile(join(store.dir, `copy-${i}.json`), text)),
    );
    let t = performance.now();
    const cold = await store.list();
    const coldMs = performance.now() - t;
    t = performance.now();
    const warm = await store.list();
    const warmMs = performance.now() - t;
    console.log(
      `list 500: ${coldMs.toFixed(0)} ms building 499 sidecars, ${warmMs.toFixed(0)} ms from sidecars`,
    );
    expect(cold).toHaveLength(500);
    expect(warm).toEqual(cold);
    expect(warm.filter((e) => e.error)).toEqual([]);
  });
});
