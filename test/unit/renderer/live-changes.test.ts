// Live changes in words, and where the view's edge points at the ones it does not show.
import { describe, expect, it } from 'vitest';
import { edgeMarkers } from '../../../renderer/src/lib/draw/edge-markers.js';
import { changesBetween, mergeChanges } from '../../../renderer/src/lib/live-changes.js';
import { syntheticSnapshot } from '../../support/snapshot-factory/index.js';
import { withContainer } from '../../support/snapshot-edit.js';

describe('live changes', () => {
  const s = syntheticSnapshot({ containers: 10, networks: 2 });

  it('names containers started, stopped and removed, and networks created', () => {
    const next = structuredClone(withContainer(s, 'late', 'appnet', '172.18.9.9'));
    const stopped = next.containers.find((c) => c.state === 'running' && c.name !== 'late')!;
    stopped.state = 'exited';
    const gone = next.containers.find((c) => c.name !== stopped.name && c.name !== 'late')!;
    next.containers = next.containers.filter((c) => c !== gone);
    next.networks.push({ ...next.networks[0]!, name: 'newnet', id: 'n'.repeat(64), endpoints: [] });
    const changes = changesBetween(s, next, 5);
    expect(changes).toEqual(
      expect.arrayContaining([
        { id: 'late', name: 'late', kind: 'container', verb: 'started', at: 5 },
        { id: stopped.name, name: stopped.name, kind: 'container', verb: 'stopped', at: 5 },
        { id: gone.name, name: gone.name, kind: 'container', verb: 'removed', at: 5 },
        { id: 'net:newnet', name: 'newnet', kind: 'network', verb: 'created', at: 5 },
      ]),
    );
    expect(changesBetween(s, structuredClone(s), 5)).toEqual([]);
  });

  it('keeps the newest change per item, newest first', () => {
    const a = { id: 'a', name: 'a', kind: 'container' as const, verb: 'started' as const, at: 1 };
    const b = { ...a, id: 'b', name: 'b', at: 2 };
    const merged = mergeChanges(mergeChanges([], [a, b]), [{ ...a, verb: 'stopped', at: 3 }]);
    expect(merged.map((c) => [c.id, c.verb])).toEqual([
      ['a', 'stopped'],
      ['b', 'started'],
    ]);
  });
});

describe('edge markers', () => {
  const view = { w: 1000, h: 600 };
  const t = { x: 0, y: 0, k: 1 };

  it('points only at items outside the view, from its edge towards them', () => {
    const markers = edgeMarkers(
      [
        { id: 'in', label: 'in', rect: { x: 100, y: 100, w: 50, h: 50 } },
        { id: 'right', label: 'r', rect: { x: 3000, y: 275, w: 50, h: 50 } },
        { id: 'below', label: 'b', rect: { x: 475, y: 2000, w: 50, h: 50 } },
      ],
      t,
      view,
    );
    expect(markers.map((m) => m.id)).toEqual(['right', 'below']);
    // Two changes drawn as one item (containers folded into a network's summary): one marker, the first's label.
    const folded = edgeMarkers(
      [
        { id: 'summary:net', label: 'c1 started', rect: { x: 3000, y: 275, w: 50, h: 50 } },
        { id: 'summary:net', label: 'c2 started', rect: { x: 3000, y: 275, w: 50, h: 50 } },
      ],
      t,
      view,
    );
    expect(folded.map((m) => m.label)).toEqual(['c1 started']);
    const [right, below] = markers;
    expect(right).toMatchObject({ edge: 'right', left: 982, top: 300, angle: 0 });
    expect(below).toMatchObject({ edge: 'bottom', left: 500, top: 582, angle: 90 });
    // Zoomed so that the far item is in view: no marker.
    expect(
      edgeMarkers(
        [{ id: 'right', label: 'r', rect: { x: 3000, y: 275, w: 50, h: 50 } }],
        { x: 0, y: 0, k: 0.3 },
        view,
      ),
    ).toEqual([]);
  });
});
