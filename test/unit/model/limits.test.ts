// The limits of model/limits.ts are the ones every layer applies: what the target grammar accepts, the
// request contract accepts as a target and as a host id; what the contract accepts as a snapshot
// name, note or id, the store accepts and reads back.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiError, parseRequest } from '../../../src/api/contract.js';
import { parseDockerHost } from '../../../src/connection/docker-host.js';
import { splitTarget } from '../../../src/connection/ssh/target.js';
import {
  HOST_ID_MAX,
  HOST_LABEL_MAX,
  IMPORT_CONTENT_MAX,
  SNAPSHOT_ID_MAX,
  SNAPSHOT_NAME_MAX,
  SNAPSHOT_NOTE_MAX,
  TARGET_HOST_MAX,
  TARGET_MAX,
  TARGET_USER_MAX,
} from '../../../src/model/limits.js';
import { MAX_MESSAGE_BYTES } from '../../../src/server/serve.js';
import { openStore } from '../../../src/store/file-store.js';
import { isValidId } from '../../../src/store/paths.js';
import { buildSnapshot } from '../../support/snapshot-factory/index.js';

const dir = mkdtempSync(join(tmpdir(), 'nld-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A DNS name of exactly `length` characters (labels of at most 63). */
function hostOfLength(length: number): string {
  let host = '';
  while (length - host.length > 63) host += `${'h'.repeat(62)}.`;
  return host + 'h'.repeat(length - host.length);
}

const accepts = (name: string, args: unknown) => () => parseRequest(name, args);
const refusal = (name: string, args: unknown): string => {
  try {
    parseRequest(name, args);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('bad-request');
    return (error as Error).message;
  }
  throw new Error(`${name} accepted ${JSON.stringify(args).slice(0, 80)}`);
};

/** Every request that names a host by id. */
const hostIdRequests = (hostId: string): [string, unknown][] => [
  ['hosts:remove', { hostId }],
  ['session:connect', { hostId }],
  ['session:disconnect', { hostId }],
  ['session:capture', { hostId }],
  ['session:current', { hostId }],
  ['session:counters', { hostId }],
  ['snapshots:save', { hostId, name: 'n' }],
  ['snapshots:compare', { a: { kind: 'live', hostId }, b: { kind: 'live', hostId } }],
];

describe('target and host id limits', () => {
  const longest = `ssh://${'u'.repeat(TARGET_USER_MAX)}@${hostOfLength(TARGET_HOST_MAX)}:65535/`;

  it('the longest target the grammar can spell is exactly TARGET_MAX, and the contract takes it', () => {
    expect(longest).toHaveLength(TARGET_MAX);
    expect(splitTarget(longest)).toMatchObject({ port: 65535 });
    expect(accepts('hosts:add', { target: longest })).not.toThrow();
    for (const [name, args] of hostIdRequests(longest)) expect(accepts(name, args), name).not.toThrow();
    // Whitespace around it is not part of the target: the contract trims, as the parser does.
    expect(parseRequest('hosts:add', { target: ` ${longest}\n` }).args).toMatchObject({ target: longest });
  });

  it('one character more is refused by the grammar and by the contract', () => {
    const tooLong = `${longest}x`;
    expect(() => splitTarget(tooLong)).toThrow(new RegExp(`longer than ${TARGET_MAX} characters`));
    expect(refusal('hosts:add', { target: tooLong })).toMatch(/: target: Too big/);
    // A host id may also carry the engine address after a space: the longest is exactly HOST_ID_MAX.
    const longestId = `${longest} tcp://${hostOfLength(TARGET_HOST_MAX)}:65535`;
    expect(longestId).toHaveLength(HOST_ID_MAX);
    expect(parseDockerHost(longestId.slice(longest.length + 1)).kind).toBe('tcp');
    for (const [name, args] of hostIdRequests(longestId)) expect(accepts(name, args), name).not.toThrow();
    for (const [name, args] of hostIdRequests(`${longestId}x`))
      expect(refusal(name, args), name).toMatch(/hostId: Too big/);
    // The pieces cannot grow either: the user and the host are capped by the grammar itself.
    expect(() => splitTarget(`${'u'.repeat(TARGET_USER_MAX + 1)}@h`)).toThrow(/user name/);
    expect(() => splitTarget(`u@${hostOfLength(TARGET_HOST_MAX + 1)}`)).toThrow(/not a valid name/);
  });

  it('every target the grammar accepts is a valid target, host id and label for the contract', () => {
    const label = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,62}$/);
    const target = fc
      .record({
        scheme: fc.boolean(),
        user: fc.option(fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$/), { nil: undefined }),
        labels: fc.array(label, { minLength: 1, maxLength: 5 }),
        port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
      })
      .map(({ scheme, user, labels, port }) => {
        const host = labels
          .join('.')
          .slice(0, TARGET_HOST_MAX)
          .replace(/[.-]+$/, '');
        return `${scheme ? 'ssh://' : ''}${user ? `${user}@` : ''}${host}${port ? `:${port}` : ''}`;
      });
    fc.assert(
      fc.property(target, (text) => {
        try {
          splitTarget(text);
        } catch {
          return; // not every generated text is in the grammar; the others are what this is about
        }
        parseRequest('hosts:add', { target: text, label: text });
        for (const [name, args] of hostIdRequests(text)) parseRequest(name, args);
      }),
      { numRuns: 300 },
    );
    expect(HOST_ID_MAX).toBeGreaterThanOrEqual(TARGET_MAX);
    expect(HOST_LABEL_MAX).toBeGreaterThanOrEqual(TARGET_MAX);
  });
});

describe('snapshot limits', () => {
  const store = openStore(join(dir, 'store'));
  const snapshot = buildSnapshot({ containers: [{ name: 'web' }] });

  it('a name and a note of the maximum length are accepted, saved and read back; one more is refused', async () => {
    const name = 'n'.repeat(SNAPSHOT_NAME_MAX);
    const note = 'o'.repeat(SNAPSHOT_NOTE_MAX);
    expect(accepts('snapshots:save', { hostId: 'local', name, note })).not.toThrow();
    const meta = await store.save(snapshot, { name, note });
    expect(accepts('snapshots:rename', { id: meta.id, name })).not.toThrow();
    // Read back from disk, not from the sidecar cache: load-snapshot.ts checks the same limits.
    rmSync(join(dir, 'store', `${meta.id}.meta.json`));
    expect((await store.meta(meta.id)).note).toBe(note);
    expect((await store.meta(meta.id)).name).toBe(name);
    expect(JSON.parse(readFileSync(join(dir, 'store', `${meta.id}.json`), 'utf8'))).toMatchObject({
      savedAs: { name, note },
    });

    expect(refusal('snapshots:save', { hostId: 'local', name: `${name}n` })).toMatch(/: name: Too big/);
    expect(refusal('snapshots:save', { hostId: 'local', name, note: `${note}o` })).toMatch(/: note: Too big/);
    expect(refusal('snapshots:rename', { id: meta.id, name: `${name}n` })).toMatch(/: name: Too big/);
    await expect(store.save(snapshot, { name: `${name}n` })).rejects.toThrow(/1 to 200 characters/);
    await expect(store.save(snapshot, { name, note: `${note}o` })).rejects.toThrow(/at most 5000/);
    await expect(store.rename(meta.id, `${name}n`)).rejects.toThrow(/1 to 200 characters/);
  });

  it('the contract and the store agree on which snapshot ids exist', async () => {
    const meta = await store.save(snapshot, { name: 'x' });
    expect(accepts('snapshots:open', { id: meta.id })).not.toThrow();
    const verdict = (id: string) => {
      try {
        parseRequest('snapshots:open', { id });
        return true;
      } catch {
        return false;
      }
    };
    for (const id of [
      'a',
      'a'.repeat(SNAPSHOT_ID_MAX),
      'a'.repeat(SNAPSHOT_ID_MAX + 1),
      'a.b',
      '.',
      '-a',
      'a_b',
    ])
      expect([id, verdict(id)]).toEqual([id, isValidId(id)]);
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'Z', '0', '_', '-', '.', '/'), maxLength: 140 }),
        (id) => {
          // Windows device names are the store's own extra refusal (a valid id shape, never a file name).
          if (/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(id)) return;
          expect(verdict(id)).toBe(isValidId(id));
        },
      ),
    );
  });

  it('a WebSocket message can carry the largest import the contract accepts', () => {
    const envelope = JSON.stringify({ id: 1, name: 'snapshots:import', args: { fileName: '', content: '' } });
    expect(MAX_MESSAGE_BYTES).toBeGreaterThan(IMPORT_CONTENT_MAX + envelope.length);
  });
});

describe('one place', () => {
  it('the layers that check lengths take them from model/limits.ts, not from literals', () => {
    const files = [
      'src/api/contract.ts',
      'src/connection/ssh/target.ts',
      'src/server/hosts-file.ts',
      'src/server/backend.ts',
      'src/server/host-handlers.ts',
      'src/server/host-record.ts',
      'src/server/hosts-import.ts',
      ...readdirSync('src/store').map((name) => `src/store/${name}`),
    ];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      // `.max(200)` or a regex `{1,200}`: a limit written where it is used, free to drift from the others.
      expect([file, text.match(/\.max\(\d[\d_]*\)|\{\d+,\d{3,}\}/g)]).toEqual([file, null]);
    }
  });
});
