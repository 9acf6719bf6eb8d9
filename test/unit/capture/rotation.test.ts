// A reconcile in slices: every container and every other namespace once, then a last, empty slice.
import { describe, expect, it } from 'vitest';
import { startRotation, takeSlice } from '../../../src/capture/rotation.js';

describe('rotation', () => {
  it('hands out containers and the namespaces no container owns, a slice at a time, then the last one', () => {
    const rotation = startRotation(
      ['a', 'b', 'c'],
      ['/run/docker/netns/a', '/run/docker/netns/ingress_sbox', '/run/netns/x'],
      new Set(['/run/docker/netns/a']),
      new Set(['a/1']),
    );
    expect(takeSlice(rotation, 2)).toEqual({
      containers: ['a', 'b'],
      paths: ['/run/docker/netns/ingress_sbox', '/run/netns/x'],
      last: false,
    });
    expect(takeSlice(rotation, 2)).toEqual({ containers: ['c'], paths: [], last: false });
    expect(takeSlice(rotation, 2)).toEqual({ containers: [], paths: [], last: true });
    expect(rotation.pending).toEqual(new Set(['a/1']));
  });

  it('takes at least one of each per slice, whatever size it is asked for', () => {
    const rotation = startRotation(['a', 'b'], [], new Set(), new Set());
    expect(takeSlice(rotation, 0).containers).toEqual(['a']);
    expect(takeSlice(rotation, 0.5).containers).toEqual(['b']);
    expect(takeSlice(rotation, 1).last).toBe(true);
  });
});
