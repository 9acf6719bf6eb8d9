// Small pure pieces of the snapshots and compare UI: how an imported file travels, host key problems,
// the grouped change list, snapshot refs of the pickers.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { SnapshotDiff } from '../../../src/model/diff-types.js';
import { loadSnapshot } from '../../../src/store/index.js';
import { importContent, toBase64 } from '../../../renderer/src/lib/export/import-encoding.js';
import { fileStem } from '../../../renderer/src/lib/export/file-name.js';
import { hostKeyProblem } from '../../../renderer/src/lib/host-key.js';
import { countsText, hiddenText } from '../../../renderer/src/lib/compare/change-list.js';
import { tellDiff } from '../../../src/model/diff-story.js';
import { parseRef, refValue } from '../../../renderer/src/lib/compare/load.js';
import { syntheticSnapshot } from '../../support/snapshot-factory/index.js';

const IDS = { a: 'x', b: 'x' };
const NO_RENAMES = { namespaces: [], interfaces: [] };

describe('importContent', () => {
  const snapshot = syntheticSnapshot({ containers: 3 });
  const json = JSON.stringify(snapshot);

  it('sends JSON as text and gzip as base64 that the store reads back', () => {
    expect(importContent('a.json', new TextEncoder().encode(json))).toBe(json);
    const gz = importContent('a.json.gz', gzipSync(json));
    expect(gz.startsWith('H4sI')).toBe(true);
    expect(loadSnapshot(gz)).toEqual(snapshot);
  });

  it('encodes base64 like Node, also past one slice', () => {
    const bytes = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 256);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });

  it('refuses a file too large for the request, naming it', () => {
    const big = { length: 250_000_000, 0: 0x7b } as unknown as Uint8Array;
    expect(() => importContent('huge.json', big)).toThrow(/huge\.json is too large/);
  });
});

describe('hostKeyProblem', () => {
  const unknown =
    'the host key of [127.0.0.1]:2222 is not known yet: ssh-ed25519 SHA256:Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA; if that fingerprint is right, connect again with --accept-new-host-key';

  it('offers an unknown key with its type and fingerprint', () => {
    expect(hostKeyProblem({ state: 'error', code: 'host-key-unknown', reason: unknown })).toEqual({
      kind: 'unknown',
      keyType: 'ssh-ed25519',
      fingerprint: 'SHA256:Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA',
      reason: unknown,
    });
  });

  it('tells a changed key apart, and ignores other errors and states', () => {
    const reason = 'the host key of h has CHANGED to ssh-rsa SHA256:abc+/= (…): refusing to connect';
    expect(hostKeyProblem({ state: 'error', code: 'host-key-changed', reason })?.kind).toBe('changed');
    expect(hostKeyProblem({ state: 'error', code: 'auth-failed', reason: unknown })).toBeNull();
    expect(hostKeyProblem({ state: 'error', reason: unknown })).toBeNull();
    expect(hostKeyProblem({ state: 'disconnected' })).toBeNull();
  });
});

describe('change list', () => {
  const web = { kind: 'container' as const, name: 'web' };
  const diff: SnapshotDiff = {
    a: { label: 'a', host: 'h', capturedAt: '2025-01-01T00:00:00Z' },
    b: { label: 'b', host: 'h', capturedAt: '2025-01-01T01:00:00Z' },
    equal: false,
    renamed: NO_RENAMES,
    hidden: { kernel: 3, repeated: 0 },
    changes: [
      {
        kind: 'added',
        collection: 'container',
        key: 'new',
        ids: IDS,
        label: 'container new',
        fields: [],
        owner: { kind: 'container', name: 'new' },
      },
      {
        kind: 'changed',
        collection: 'host',
        key: 'host',
        ids: IDS,
        label: 'host h',
        fields: [],
        owner: { kind: 'host', name: 'h' },
      },
      {
        kind: 'removed',
        collection: 'interface',
        key: 'x/eth1',
        ids: IDS,
        label: 'interface x/eth1',
        fields: [],
        owner: web,
      },
      {
        kind: 'changed',
        collection: 'container',
        key: 'web',
        ids: IDS,
        label: 'container web',
        fields: [{ path: 'state', before: 'running', after: 'exited' }],
        owner: web,
      },
    ],
  };

  it('groups changes under what they belong to and keeps their indexes', () => {
    const story = tellDiff(diff);
    expect(story.groups.map((g) => g.title)).toEqual([
      'container new — added',
      'container web — stopped',
      'host h — changed',
    ]);
    expect(story.groups[1]?.lines.map((l) => [l.index, l.text])).toEqual([
      [2, 'interface x/eth1'],
      [3, 'web: running → exited'],
    ]);
    expect(story.summary).toBe('1 container added, 1 stopped, host changed');
    expect(countsText(diff)).toBe('4 changes: 1 added, 1 removed, 2 changed');
    expect(countsText({ ...diff, changes: [], equal: true })).toBe('No differences.');
    expect(hiddenText(diff)).toBe('3 made by the kernel');
    expect(hiddenText({ ...diff, hidden: { kernel: 0, repeated: 0 } })).toBeNull();
  });
});

describe('snapshot refs and file names', () => {
  it('round-trips refs through select values', () => {
    for (const ref of [
      { kind: 'saved', id: '20250101-100000-a1b2c3' },
      { kind: 'live', hostId: 'me@host:2222' },
    ] as const)
      expect(parseRef(refValue(ref))).toEqual(ref);
    expect(parseRef('other:x')).toBeNull();
    expect(parseRef('saved:')).toBeNull();
  });

  it('makes safe file names that say the host, what was shown and the second', () => {
    const at = new Date(2025, 0, 2, 3, 4, 5);
    expect(fileStem('me@host:22/x', 'live', at)).toBe('netlens-me-host-22-x-live-20250102-030405');
    // A saved snapshot's picture and the live one, the same second: two files.
    expect(fileStem('lab', 'before upgrade', at)).not.toBe(fileStem('lab', 'live', at));
    expect(fileStem('lab', 'live', new Date(2025, 0, 2, 3, 4, 6))).not.toBe(fileStem('lab', 'live', at));
  });
});
