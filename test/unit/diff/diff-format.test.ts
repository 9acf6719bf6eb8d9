import { describe, expect, it } from 'vitest';
import { formatDiff } from '../../../src/cli/diff-format.js';
import { diffSnapshots } from '../../../src/diff/index.js';
import type { SnapshotDiff } from '../../../src/model/diff-types.js';
import { buildSnapshot } from '../../support/snapshot-factory/index.js';

const IDS = { a: 'x', b: 'x' };
const NO_RENAMES = { namespaces: [], interfaces: [] };

const ESC = String.fromCharCode(27);
const side = (label: string) => ({ label, host: 'lab-01', capturedAt: '2025-01-01T10:00:00.000Z' });

describe('formatDiff', () => {
  it('says so when there is nothing to report', () => {
    const s = buildSnapshot();
    const text = formatDiff(diffSnapshots(s, s, { a: 'monday', b: 'tuesday' }));
    expect(text).toBe(
      'a: monday (lab-01), captured 2025-01-01T10:00:00.000Z\n' +
        'b: tuesday (lab-01), captured 2025-01-01T10:00:00.000Z\n\nNo differences.\n',
    );
  });

  it('groups changes by collection with a sign and a word on every line', () => {
    const diff: SnapshotDiff = {
      a: side('a'),
      b: side('b'),
      equal: false,
      renamed: NO_RENAMES,
      changes: [
        {
          kind: 'changed',
          collection: 'container',
          key: 'web',
          ids: IDS,
          label: 'container web',
          fields: [{ path: 'endpoints.appnet.ipv4', before: '10.10.0.3', after: '10.10.0.4' }],
        },
        {
          kind: 'added',
          collection: 'container',
          key: 'cache',
          ids: IDS,
          label: 'container cache',
          fields: [],
        },
        {
          kind: 'removed',
          collection: 'natFlow',
          key: 'tcp/0.0.0.0:8080',
          ids: IDS,
          label: 'tcp 0.0.0.0:8080 → 10.10.0.3:80 (web)',
          fields: [],
        },
        {
          kind: 'changed',
          collection: 'interface',
          key: 'k',
          ids: IDS,
          label: 'interface host/veth1',
          fields: [
            { path: 'mtu', before: 1500, after: null },
            { path: 'addresses', before: [], after: ['10.0.0.1/24', 'fd00::1/64'] },
          ],
        },
      ],
    };
    const text = formatDiff(diff);
    expect(text).toContain('4 changes: 1 added, 1 removed, 2 changed');
    expect(text).toContain(
      'Containers (2)\n  ~ changed  container web\n      endpoints.appnet.ipv4: 10.10.0.3 → 10.10.0.4\n  + added    container cache\n',
    );
    expect(text).toContain('NAT flows (1)\n  - removed  tcp 0.0.0.0:8080 → 10.10.0.3:80 (web)\n');
    expect(text).toContain('      mtu: 1500 → none\n      addresses: (none) → 10.0.0.1/24, fd00::1/64\n');
    // Groups follow the fixed collection order whatever the input order.
    expect(text.indexOf('Containers')).toBeLessThan(text.indexOf('Interfaces'));
    expect(text.indexOf('Interfaces')).toBeLessThan(text.indexOf('NAT flows'));
    expect(text).not.toContain('\u001b[');
  });

  it('colours the marks only when asked, keeping the words', () => {
    const diff: SnapshotDiff = {
      a: side('a'),
      b: side('b'),
      equal: false,
      renamed: NO_RENAMES,
      changes: [{ kind: 'removed', collection: 'rule', key: 'r', ids: IDS, label: 'rule x', fields: [] }],
    };
    const text = formatDiff(diff, { color: true });
    expect(text).toContain('\u001b[31m- removed\u001b[0m  rule x');
    expect(text.replace(new RegExp(`${ESC}\\[\\d+m`, 'g'), '')).toBe(formatDiff(diff));
  });

  it('prints long values one per line and one-sided parts as added or removed', () => {
    const long = Array.from({ length: 3 }, (_, i) => `-A DOCKER-USER -s 203.0.113.${i}/32 -j DROP`);
    const diff: SnapshotDiff = {
      a: side('a'),
      b: { ...side('b'), host: 'lab-02' },
      equal: false,
      renamed: NO_RENAMES,
      crossHost: true,
      changes: [
        {
          kind: 'changed',
          collection: 'chain',
          key: 'c',
          ids: IDS,
          label: 'chain ipv4 filter DOCKER-USER (iptables-nft)',
          fields: [
            { path: 'order', before: long, after: [...long].reverse() },
            { path: 'endpoints.front', before: { ipv4: '10.0.0.2', aliases: [] }, after: undefined },
          ],
        },
      ],
    };
    const text = formatDiff(diff);
    expect(text).toContain('b: b (lab-02)');
    expect(text).toContain('Different hosts');
    expect(text).toContain(`      order (before):\n          ${long[0]}\n          ${long[1]}\n`);
    expect(text).toContain('      endpoints.front (removed): {ipv4: 10.0.0.2, aliases: []}\n');
  });
});
