import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../../src/diff/index.js';
import type { SnapshotDiff } from '../../../src/model/diff-types.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import {
  buildSnapshot,
  type ContainerSpec,
  type RuleSpec,
  type SnapshotSpec,
} from '../../support/snapshot-factory/index.js';

const NETWORKS = ['front', 'back', 'db'] as const;
const NAMES = ['web', 'api', 'db', 'cache', 'worker'] as const;
const EXTRA_RULES: RuleSpec[] = [
  { table: 'filter', chain: 'DOCKER-USER', rule: '-s 203.0.113.0/24 -j DROP' },
  { table: 'filter', chain: 'DOCKER-USER', rule: '-p tcp --dport 22 -j ACCEPT' },
  { table: 'nat', chain: 'POSTROUTING', rule: '-o eth0 -j MASQUERADE', at: 'bottom' },
];

const containerArb = (name: string) =>
  fc
    .record({
      networks: fc.subarray([...NETWORKS], { minLength: 1 }),
      ports: fc.subarray([8080, 8081, 9000, 5353]),
      state: fc.constantFrom('running', 'running', 'restarting'),
      veth: fc.integer({ min: 0, max: 3 }),
    })
    .map((c): ContainerSpec => ({
      name,
      state: c.state,
      networks: c.networks.map((network) => ({
        network,
        hostVeth: `veth${name.slice(0, 3)}${network.slice(0, 2)}${c.veth}`,
      })),
      ports: c.ports.map((hostPort) => ({ containerPort: 80, hostPort })),
    }));

const specArb: fc.Arbitrary<SnapshotSpec> = fc
  .record({
    host: fc.constantFrom('lab-01', 'lab-02'),
    names: fc.subarray([...NAMES]),
    rules: fc.subarray(EXTRA_RULES),
  })
  .chain(({ host, names, rules }) =>
    fc.tuple(...names.map(containerArb)).map((containers): SnapshotSpec => {
      // A host port belongs to one container: later ones lose ports taken earlier.
      const taken = new Set<number>();
      for (const c of containers) {
        c.ports = (c.ports ?? []).filter((p) => !taken.has(p.hostPort));
        for (const p of c.ports) taken.add(p.hostPort);
      }
      return { host: { name: host }, networks: NETWORKS.map((name) => ({ name })), containers, rules };
    }),
  );

const snapshotArb: fc.Arbitrary<Snapshot> = specArb.map((spec) => buildSnapshot(spec));

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
