// No comparison can break the compare view: random pairs of valid snapshots (same host, two hosts by
// role or strict, a snapshot and its redacted copy, compose projects under other names) go through the
// whole compare pipeline (diff, merge, marks, layout, change list) and every list the renderer keys
// with `{#each … (key)}` holds each key once; every drawn change lands on an item of the picture.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../../src/diff/index.js';
import type { CompareOptions } from '../../../src/model/diff-types.js';
import { Snapshot } from '../../../src/model/snapshot.js';
import { redactSnapshot } from '../../../src/redact/index.js';
import { buildComparison } from '../../../renderer/src/lib/compare/load.js';
import { drawnMarks, markedColumns } from '../../../renderer/src/lib/compare/marks.js';
import { inspect } from '../../../renderer/src/lib/inspect.js';
import { computeLayout } from '../../../renderer/src/lib/layout/compute.js';
import type { Layout } from '../../../renderer/src/lib/layout/types.js';
import { search } from '../../../renderer/src/lib/search.js';
import { uniqueBy } from '../../../renderer/src/lib/unique.js';
import { composeArb, snapshotArb } from '../../support/snapshot-arb.js';
import { syntheticSnapshot } from '../../support/snapshot-factory/index.js';

const KEY = 'property-test-key';

/** Every keyed list of the drawing (BoxLayer, BarLayer, LinkLayer, HostLayer), by the key it uses. */
function drawnLists(layout: Layout): [string, string[]][] {
  return [
    ['summaries', layout.summaries.map((s) => s.id)],
    ['boxes', layout.boxes.map((b) => b.id)],
    ...layout.boxes.flatMap((b): [string, string[]][] => [
      [`ports of ${b.id}`, b.ports.map((p) => p.id)],
      [`lines of ${b.id}`, b.containers.map((c) => c.name)],
    ]),
    ['bars', layout.bars.map((b) => b.id)],
    ...layout.bars.map((b): [string, string[]] => [`ports of bar ${b.id}`, b.ports.map((p) => p.id)]),
    ['masquerade flows', layout.flows.filter((f) => f.kind === 'masquerade').map((f) => f.id)],
    ['dnat flows', layout.flows.filter((f) => f.kind !== 'masquerade').map((f) => f.id)],
    ['cables', layout.cables.map((c) => c.id)],
    ['nics', layout.nics.map((n) => n.id)],
    ['host-mode lines', layout.hostMode?.containers.map((c) => c.name) ?? []],
  ];
}

function expectUnique(lists: [string, string[]][], where: string): void {
  for (const [name, keys] of lists) {
    const dup = keys.find((k, i) => keys.indexOf(k) !== i);
    expect(dup, `${where}: ${name} repeats ${dup}`).toBeUndefined();
  }
}

/** The compare pipeline as the app runs it, checked at each keyed list. */
function throughTheView(a: Snapshot, b: Snapshot, options: CompareOptions): void {
  const diff = diffSnapshots(a, b, { a: 'A', b: 'B' }, options);
  const c = buildComparison(
    { a: { kind: 'saved', id: 'a' }, b: { kind: 'saved', id: 'b' } },
    diff,
    a,
    b,
    options,
  );
  const first = computeLayout(c.merged);
  const layout = computeLayout(c.merged, { expanded: markedColumns(c.targets, first) });
  const marks = drawnMarks(c.targets, layout);
  const where = `${a.host.name} vs ${b.host.name} ${JSON.stringify(options)}`;
  expectUnique(drawnLists(layout), where);
  // ChangeList: groups by key, lines and details by position; the side panels of the merged picture.
  expectUnique([['story groups', c.story.groups.map((g) => g.key)]], where);
  const m = c.merged;
  expectUnique(
    [
      ['findings', uniqueBy(m.findings, (f) => f.id).map((f) => f.id)],
      ['search hits', search(m, 'e').map((h) => h.kind + h.id)],
      ...[...layout.index.keys()].slice(0, 40).flatMap((id): [string, string[]][] => {
        const info = inspect(m, id);
        return info
          ? [
              [`inspector sections of ${id}`, info.sections.map((s) => s.heading)],
              [`inspector rules of ${id}`, info.rules.map((r) => r.id)],
              [`inspector counters of ${id}`, info.counters.map((x) => x.id)],
              [`inspector related of ${id}`, info.related.map((r) => r.id)],
            ]
          : [];
      }),
    ],
    where,
  );
  // Every drawn change is marked on something the merged picture has.
  const has = (id: string) =>
    m.containers.some((x) => x.name === id) ||
    m.namespaces.some((x) => x.id === id) ||
    m.interfaces.some((x) => x.id === id) ||
    m.natFlows.some((x) => x.id === id) ||
    id.startsWith('stopped:') ||
    id === 'host';
  c.targets.forEach((t, i) => {
    if (!t.mark) return;
    const change = diff.changes[i]!;
    for (const id of t.ids) expect(has(id), `${where}: ${change.kind} ${change.key} → ${id}`).toBe(true);
    for (const n of t.networks) expect(m.networks.some((x) => x.name === n)).toBe(true);
  });
  if (c.targets.some((t) => t.mark && t.ids.length > 0)) expect(marks.size).toBeGreaterThan(0);
}

const optionsArb: fc.Arbitrary<CompareOptions> = fc.record(
  { all: fc.boolean(), byRole: fc.boolean(), strict: fc.boolean() },
  { requiredKeys: [] },
);

describe('the compare view and any pair of valid snapshots', () => {
  it('random pairs from the snapshot factory', () => {
    fc.assert(
      fc.property(snapshotArb, snapshotArb, optionsArb, (a, b, o) => throughTheView(a, b, o)),
      { numRuns: 80 },
    );
  });

  it('a snapshot and its redacted copy, either way round', () => {
    fc.assert(
      fc.property(snapshotArb, fc.boolean(), optionsArb, (a, flip, o) => {
        const r = redactSnapshot(a, KEY);
        throughTheView(flip ? r : a, flip ? a : r, o);
      }),
      { numRuns: 60 },
    );
  });

  it('compose projects on two hosts, matched by role', () => {
    fc.assert(
      fc.property(composeArb, composeArb, optionsArb, (a, b, o) => throughTheView(a, b, o)),
      { numRuns: 60 },
    );
  });

  it('a big realistic snapshot against its redacted export and another host', () => {
    const a = syntheticSnapshot({ containers: 40, networks: 4, problems: true });
    const other = syntheticSnapshot({ containers: 30, networks: 3, problems: true, seed: 9 });
    for (const options of [{}, { all: true }, { strict: true }])
      for (const [x, y] of [
        [a, redactSnapshot(a, KEY)],
        [redactSnapshot(a, KEY), a],
        [a, { ...other, host: { ...other.host, name: 'elsewhere' } }],
      ] as const)
        throughTheView(x, y, options);
  });

  it('a valid snapshot that repeats ids (a hand-edited file) against its original', () => {
    const a = syntheticSnapshot({ containers: 12, networks: 3, problems: true });
    const b = Snapshot.parse({
      ...a,
      interfaces: [...a.interfaces, ...a.interfaces.slice(0, 6)],
      namespaces: [...a.namespaces, ...a.namespaces.slice(0, 2)],
      containers: [...a.containers, ...a.containers.slice(0, 2)],
      natFlows: [...a.natFlows, ...a.natFlows],
      findings: [...a.findings, ...a.findings],
    });
    for (const [x, y] of [
      [a, b],
      [b, a],
      [b, b],
    ] as const)
      throughTheView(x, y, {});
  });
});
