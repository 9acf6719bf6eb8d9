import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../../src/diff/index.js';
import type { SnapshotDiff } from '../../../src/model/diff-types.js';
import { snapshotArb } from '../../support/snapshot-arb.js';

const keys = (d: SnapshotDiff, kind: 'added' | 'removed' | 'changed') =>
  d.changes.filter((c) => c.kind === kind).map((c) => `${c.collection}|${c.key}`);

describe('diffSnapshots properties', () => {
  it('a snapshot equals itself', () => {
    fc.assert(
      fc.property(snapshotArb, (a) => {
        const d = diffSnapshots(a, structuredClone(a));
        expect(d.equal).toBe(true);
        expect(d.changes).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('is symmetric: added one way is removed the other way, and changes swap sides', () => {
    fc.assert(
      fc.property(snapshotArb, snapshotArb, (a, b) => {
        const ab = diffSnapshots(a, b);
        const ba = diffSnapshots(b, a);
        expect(keys(ab, 'added')).toEqual(keys(ba, 'removed'));
        expect(keys(ab, 'removed')).toEqual(keys(ba, 'added'));
        expect(keys(ab, 'changed')).toEqual(keys(ba, 'changed'));
        for (const change of ab.changes.filter((c) => c.kind === 'changed')) {
          const back = ba.changes.find((c) => c.collection === change.collection && c.key === change.key);
          expect(back?.fields.map((f) => [f.path, f.after, f.before])).toEqual(
            change.fields.map((f) => [f.path, f.before, f.after]),
          );
        }
        expect(ab.equal).toBe(ab.changes.length === 0);
      }),
      { numRuns: 100 },
    );
  });

  it('is deterministic and ignores the order items are listed in', () => {
    fc.assert(
      fc.property(snapshotArb, snapshotArb, (a, b) => {
        const shuffled = structuredClone(b);
        shuffled.containers.reverse();
        shuffled.interfaces.reverse();
        shuffled.networks.reverse();
        shuffled.natFlows.reverse();
        shuffled.routes.reverse();
        shuffled.firewall.rules.reverse();
        expect(diffSnapshots(a, shuffled)).toEqual(diffSnapshots(a, b));
      }),
      { numRuns: 50 },
    );
  });
});
