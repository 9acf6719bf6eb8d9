import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadDocument, loadSnapshot, SnapshotLoadError } from '../../../src/store/index.js';
import type { MigrationRegistry } from '../../../src/store/migrations.js';
import { buildSnapshot } from '../../support/snapshot-factory/index.js';

const snapshot = buildSnapshot({
  containers: [{ name: 'web' }, { name: 'db' }, { name: 'cache' }, { name: 'api' }],
});
const text = JSON.stringify(snapshot);

function failure(input: string | Uint8Array, migrations?: MigrationRegistry): SnapshotLoadError {
  try {
    loadSnapshot(input, migrations ? { migrations } : {});
  } catch (error) {
    if (error instanceof SnapshotLoadError) return error;
    throw error;
  }
  throw new Error('expected loadSnapshot to fail');
}

describe('loadSnapshot', () => {
  it('reads plain JSON, bytes, gzip, base64 gzip and a BOM', () => {
    expect(loadSnapshot(text)).toEqual(snapshot);
    expect(loadSnapshot(Buffer.from(text))).toEqual(snapshot);
    expect(loadSnapshot(gzipSync(text))).toEqual(snapshot);
    expect(loadSnapshot(gzipSync(text).toString('base64'))).toEqual(snapshot);
    expect(loadSnapshot(`\ufeff${text}`)).toEqual(snapshot);
  });

  it('takes UTF-8 only: a byte that is not UTF-8 is an error, never a silent U+FFFD (#13)', () => {
    const bytes = Buffer.from(text.replace('"web"', '"w\u00ffeb"'), 'latin1');
    expect(bytes.includes(0xff)).toBe(true);
    for (const input of [bytes, gzipSync(bytes)]) {
      const error = failure(input);
      expect([error.reason, error.message]).toEqual([
        'not-json',
        'not UTF-8 text (a snapshot file is UTF-8 JSON)',
      ]);
    }
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    expect(loadSnapshot(bom)).toEqual(snapshot);
    const named = loadSnapshot(Buffer.from(text.replaceAll('"web"', '"wéb ✓"')));
    expect(named.containers.map((c) => c.name)).toContain('wéb ✓');
  });

  it('names the field and the problem of a broken file', () => {
    const doc = structuredClone(snapshot) as unknown as { containers: Record<string, unknown>[] };
    const third = doc.containers[3];
    if (third) third.name = 42;
    const error = failure(JSON.stringify(doc));
    expect(error.reason).toBe('invalid');
    expect(error.field).toBe('containers[3].name');
    expect(error.message).toBe('containers[3].name: expected string, got number');
    expect(error.code).toBe('bad-request');
  });

  it('counts further problems and reports missing fields', () => {
    const doc = structuredClone(snapshot) as unknown as Record<string, unknown>;
    delete doc.host;
    doc.routes = 'none';
    const error = failure(JSON.stringify(doc));
    expect(error.message).toBe('host: expected object, got nothing (and 1 more problems)');
  });

  it('says "not a Netlens snapshot" for foreign JSON', () => {
    for (const foreign of [
      '{"name":"left-pad","version":"1.0.0"}',
      '[1,2,3]',
      '"text"',
      '{"schema":"other/v1"}',
      'null',
    ]) {
      const error = failure(foreign);
      expect(error.reason).toBe('foreign');
      expect(error.message).toMatch(/^not a Netlens snapshot/);
    }
    expect(failure('{"schema":"netlens.snapshot/latest"}').message).toContain('unknown schema');
  });

  it('refuses text that is not JSON, and a corrupt gzip', () => {
    expect(failure('{"schema": netlens').reason).toBe('not-json');
    const gz = gzipSync(text);
    expect(failure(gz.subarray(0, gz.length / 2)).message).toBe(
      'not a readable gzip file (truncated or corrupt)',
    );
  });

  it('explains a snapshot from a newer Netlens', () => {
    const error = failure(JSON.stringify({ ...snapshot, schema: 'netlens.snapshot/v2' }));
    expect(error.reason).toBe('newer');
    expect(error.message).toBe('made by a newer Netlens (v2); this one reads v1');
  });

  it('runs registered migrations to reach the current version', () => {
    // A fake v0 whose containers were a map by name and whose host was called `machine`.
    const { host, containers, ...rest } = snapshot;
    const v0 = {
      ...rest,
      schema: 'netlens.snapshot/v0',
      machine: host,
      containers: Object.fromEntries(containers.map((c) => [c.name, c])),
    };
    const migrations: MigrationRegistry = {
      0: (doc) => {
        const { machine, containers: byName, ...others } = doc;
        return {
          ...others,
          schema: 'netlens.snapshot/v1',
          host: machine,
          containers: Object.values(byName as object),
        };
      },
    };
    expect(loadSnapshot(JSON.stringify(v0), { migrations })).toEqual(snapshot);
    const error = failure(JSON.stringify(v0));
    expect(error.reason).toBe('too-old');
    expect(error.message).toBe('snapshot format v0 is too old: no upgrade to v1');
  });

  it('keeps the store block apart from the snapshot', () => {
    const savedAs = { name: 'before upgrade', note: 'n', savedAt: '2025-01-01T00:00:00.000Z' };
    const loaded = loadDocument(JSON.stringify({ ...snapshot, savedAs }));
    expect(loaded.savedAs).toEqual(savedAs);
    expect(loaded.snapshot).toEqual(snapshot);
    expect(loadDocument(text).savedAs).toBeNull();
  });
});
